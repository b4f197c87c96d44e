package io.mxnotify.fakehs.internal;

import io.javalin.http.Context;
import java.util.Optional;

/** One HTTP request and its answer as it passes through the dispatcher (mutable, one thread). */
public final class Exchange {
    private final String method;
    private final String rawPath;
    private final Context ctx;
    private final long startedNanos = System.nanoTime();
    private Route route;
    private Call call;
    private String hint;
    private Reply reply;
    private boolean written;

    Exchange(String method, String rawPath, Context ctx) {
        this.method = method;
        this.rawPath = rawPath;
        this.ctx = ctx;
    }

    public String method() {
        return method;
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath() {
        return rawPath;
    }

    /** The path percent-decoded once, or the raw path when it cannot be decoded. */
    public String decodedPath() {
        try {
            return "/" + String.join("/", Router.decodedSegments(rawPath));
        } catch (MatrixError e) {
            return rawPath;
        }
    }

    public Context ctx() {
        return ctx;
    }

    public boolean isControlApi() {
        return rawPath.startsWith("/_fake/");
    }

    void route(Route route) {
        this.route = route;
    }

    public Optional<Route> route() {
        return Optional.ofNullable(route);
    }

    void call(Call call) {
        this.call = call;
    }

    public Optional<Call> call() {
        return Optional.ofNullable(call);
    }

    void unmatched(String hint) {
        this.hint = hint;
    }

    /** Whether no route took this request; {@link #hint()} then says what is nearest. */
    public boolean isUnmatched() {
        return hint != null;
    }

    public String hint() {
        return hint;
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Writes the answer as JSON (once). */
    public void finish(Reply reply, JsonCodec json) {
        if (written) {
            return;
        }
        written = true;
        this.reply = reply;
        ctx.status(reply.status());
        ctx.contentType(reply.contentType());
        ctx.result(reply.bytes(json));
    }

    /** Marks the answer as taken care of outside {@link #finish} (dropped or truncated connection). */
    public void markWritten(Reply reply) {
        this.written = true;
        this.reply = reply;
    }

    public Optional<Reply> reply() {
        return Optional.ofNullable(reply);
    }
}
