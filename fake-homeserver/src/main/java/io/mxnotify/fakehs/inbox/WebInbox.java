package io.mxnotify.fakehs.inbox;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.internal.AdminAccess;
import io.mxnotify.fakehs.internal.EventFormat;
import io.mxnotify.fakehs.internal.MatrixError;
import io.mxnotify.fakehs.internal.JsonCodec;
import java.util.Map;
import java.util.Objects;

/**
 * The fake home server's web inbox: a page at {@code /} that shows the rooms and their messages as a
 * Matrix client would, live, with the controls a tester uses by hand. The page reads and changes the
 * server only through the {@code /_fake/v1} inspection and control API; this class adds the page's
 * files and its live stream:
 *
 * <pre>
 * GET /                          the inbox page (rooms list, selected room at /#/rooms/{roomId})
 * GET /_fake/inbox/{file}        its stylesheet and scripts
 * GET /_fake/v1/inbox/stream     Server-Sent Events: what changed, as it happens
 * </pre>
 *
 * These routes bypass fault rules, so a rule that breaks every request still leaves the inbox working.
 */
public final class WebInbox {

    private static final String STREAM_PATH = "/_fake/v1/inbox/stream";
    private static final String LOGIN_PATH = InboxAssets.PREFIX + "login";

    private final InboxAssets assets = new InboxAssets();
    private final JsonCodec json = new JsonCodec();
    private final InboxStream stream;
    private final SseHandler streamHandler;

    private final AdminAccess access;

    /**
     * An inbox for one server; it starts listening to the server's changes at once. With an admin token
     * required, the page at {@code /} is a login form until the browser has the token's cookie.
     */
    public WebInbox(FakeHomeserver server, AdminAccess access) {
        Objects.requireNonNull(server, "server");
        this.access = Objects.requireNonNull(access, "access");
        stream = new InboxStream(event -> EventFormat.inspection(json, event));
        streamHandler = new SseHandler(stream::connect);
        server.subscribe(stream);
    }

    /** Declares the inbox's routes; call it before the catch-all API routes. */
    public void declare(RoutesConfig routes) {
        routes.get("/", this::servePage);
        routes.post(LOGIN_PATH, this::login);
        routes.get(InboxAssets.PREFIX + "{file}", this::serveFile);
        routes.get(STREAM_PATH, this::openStream);
    }

    private void servePage(Context ctx) {
        if (access.authorized(ctx)) {
            assets.servePage(ctx);
        } else {
            assets.serveLoginPage(ctx, 200, false);
        }
    }

    /**
     * {@code POST /_fake/inbox/login}, the login form ({@code token=...}): a right token sets the session
     * cookie and goes back to the inbox; a wrong one shows the form again, saying so.
     */
    private void login(Context ctx) {
        try {
            access.refuseForeignOrigin(ctx, "POST");
        } catch (MatrixError e) {
            refuse(ctx, e.status(), e.errcode(), e.getMessage());
            return;
        }
        String token = ctx.formParam("token");
        if (!access.isToken(token == null ? null : token.trim())) {
            assets.serveLoginPage(ctx, 403, access.tokenRequired());
            return;
        }
        boolean secure = "https".equalsIgnoreCase(ctx.scheme());
        ctx.header("Set-Cookie", AdminAccess.COOKIE + "=" + token.trim() + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : ""));
        ctx.header("Cache-Control", "no-store");
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void openStream(Context ctx) throws Exception {
        try {
            access.check(ctx, "GET", STREAM_PATH);
        } catch (MatrixError e) {
            refuse(ctx, e.status(), e.errcode(), e.getMessage());
            return;
        }
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            refuse(ctx, 406, "M_UNRECOGNIZED", STREAM_PATH + " is a Server-Sent Events stream: ask for it with "
                    + "'Accept: text/event-stream' (a browser's EventSource does; with curl: curl -N -H "
                    + "'Accept: text/event-stream' URL)");
            return;
        }
        streamHandler.handle(ctx);
    }

    private void serveFile(Context ctx) {
        String file = ctx.pathParam("file");
        if (!assets.serveFile(ctx, file)) {
            refuse(ctx, 404, "M_NOT_FOUND", "The inbox has no file '" + file + "': it serves "
                    + String.join(", ", assets.fileNames()) + " under " + InboxAssets.PREFIX);
        }
    }

    /** Answers spec error JSON, like every other refusal of the fake. */
    private void refuse(Context ctx, int status, String errcode, String error) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(json.write(json.error(errcode, error, Map.of())));
    }
}
