package io.mxnotify.fakehs;

/** A registered {@link ServerListener}; closing it stops the notifications. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
