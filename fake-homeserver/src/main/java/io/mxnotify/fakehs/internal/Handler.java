package io.mxnotify.fakehs.internal;

/** One endpoint's logic: reads the call, answers a reply or throws {@link MatrixError}. */
@FunctionalInterface
public interface Handler {
    Reply handle(Call call);
}
