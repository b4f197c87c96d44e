package io.mxnotify.bench;

import io.javalin.Javalin;
import java.net.URI;

/**
 * The framework's floor: a bare Javalin server (same version and Jetty as the fake) whose send route
 * answers a constant JSON body without looking at the request. What the fake does beyond this (auth,
 * parsing, storing, fault rules, the journal) is the cost the benchmarks put beside it.
 */
final class FloorServer implements AutoCloseable {
    private static final String EVENT_ID = "{\"event_id\":\"$floor0000000000000000000000000000000000000000\"}";
    private static final String VERSIONS = "{\"versions\":[\"v1.11\"]}";

    private final Javalin app;

    private FloorServer(Javalin app) {
        this.app = app;
    }

    /** Starts on 127.0.0.1 and a free port. */
    static FloorServer start() {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.routes.put("/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}",
                    ctx -> ctx.contentType("application/json").result(EVENT_ID));
            config.routes.get("/_matrix/client/versions", ctx -> ctx.contentType("application/json").result(VERSIONS));
        });
        app.start();
        return new FloorServer(app);
    }

    SendTarget target() {
        return new SendTarget(URI.create("http://127.0.0.1:" + app.port()), "floor-token", "!floor:localhost");
    }

    @Override
    public void close() {
        app.stop();
    }
}
