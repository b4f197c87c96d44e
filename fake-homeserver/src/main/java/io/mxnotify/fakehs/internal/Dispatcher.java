package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mxnotify.fakehs.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request under the Matrix, Synapse-admin and {@code /_fake} prefixes: routes it (path
 * segments percent-decoded once), runs the handler and writes spec error JSON for every failure, so no
 * caller ever sees a stack trace or an HTML page. Fault rules and the journal hook in here.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

    private final Router router;
    private final JsonCodec json;
    private final HomeserverState state;
    private final Profile profile;
    private final RequestPipeline pipeline;
    private final AdminAccess access;

    public Dispatcher(Router router, JsonCodec json, HomeserverState state, Profile profile, RequestPipeline pipeline,
                      AdminAccess access) {
        this.access = access;
        this.router = router;
        this.json = json;
        this.state = state;
        this.profile = profile;
        this.pipeline = pipeline;
    }

    /**
     * The request path as sent, including an unencoded {@code #} and what follows it: HTTP servers such as
     * Jetty read that as a URI fragment and drop it, but Synapse takes it as part of the path (so
     * {@code POST /join/#alerts:server} joins the alias), and clients that forget to encode it rely on that.
     */
    private static String withUnencodedHash(Context ctx) {
        String path = ctx.req().getRequestURI();
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        String fragment = request == null ? null : request.getHttpURI().getFragment();
        return fragment == null || path == null ? path : path + "#" + fragment;
    }

    /** The Javalin handler for everything not served by a web route. */
    public void handle(Context ctx) {
        String method = ctx.req().getMethod();
        String rawPath = withUnencodedHash(ctx);
        Exchange exchange = new Exchange(method, rawPath == null ? "/" : rawPath, ctx);
        if (!exchange.isControlApi()) { // browser clients need CORS for the Matrix API; no page needs it for /_fake
            corsHeaders(ctx);
        }
        Reply reply;
        try {
            reply = pipeline.around(exchange, () -> route(exchange));
        } catch (MatrixError e) {
            reply = error(e);
        }
        if (reply != null) {
            drainBody(exchange);
            exchange.finish(reply, json);
        }
    }

    /**
     * Reads whatever the handler left of the request body, so the connection stays reusable: Jetty
     * closes a connection whose request body was not consumed, and a client that pooled it fails its
     * next request.
     */
    private static void drainBody(Exchange exchange) {
        try {
            java.io.InputStream in = exchange.ctx().req().getInputStream();
            byte[] buffer = new byte[8192];
            long left = MAX_DRAIN_BYTES;
            int read;
            while (left > 0 && (read = in.read(buffer)) >= 0) {
                left -= read;
            }
        } catch (java.io.IOException | IllegalStateException e) {
            // the body is broken or gone: Jetty closes the connection, nothing better to do
        }
    }

    private Reply route(Exchange exchange) {
        Call call = null;
        try {
            if (exchange.rawPath().startsWith("/_fake/v1/") || exchange.rawPath().equals("/_fake/v1")) {
                access.check(exchange.ctx(), exchange.method(), exchange.rawPath());
            }
            Map<String, List<String>> query = parseQuery(exchange.ctx().req().getQueryString());
            if ("OPTIONS".equals(exchange.method())) {
                return Reply.ok(json.object());
            }
            Router.Match match = router.match(exchange.method(), exchange.rawPath());
            if (!match.found()) {
                exchange.unmatched(router.hint(exchange.method(), exchange.rawPath(), match.allowedMethods()));
                if (!match.allowedMethods().isEmpty()) {
                    exchange.ctx().header("Allow", String.join(", ", match.allowedMethods()));
                    return error(new MatrixError(405, "M_UNRECOGNIZED", "Unrecognized request: "
                            + exchange.hint()));
                }
                return error(new MatrixError(404, "M_UNRECOGNIZED", "Unrecognized request: " + exchange.hint()));
            }
            Route route = match.route();
            exchange.route(route);
            call = new Call(exchange.ctx(), route, match.params(), query, json, state, profile);
            exchange.call(call);
            if (route.legacy() && profile == Profile.STRICT) {
                return error(new MatrixError(404, "M_UNRECOGNIZED", "Refused by the strict profile (rule: no r0 "
                        + "prefix): the r0 API was removed from the spec; use /_matrix/client/v3"));
            }
            if (route.requiresAuth()) {
                call.session();
            }
            return route.handler().handle(call);
        } catch (MatrixError e) {
            return error(e);
        } catch (RuntimeException e) {
            LOG.error("Internal error answering {} {}", exchange.method(), exchange.rawPath(), e);
            return error(new MatrixError(500, "M_UNKNOWN", "Internal error in the fake home server ("
                    + e.getClass().getSimpleName() + "); the server log has the details"));
        }
    }

    /**
     * Answers a failure thrown by a web route (or by Javalin before it) with spec error JSON: a path
     * Javalin could not percent-decode is the client's fault (400), anything else the fake's (500).
     */
    public void refuseOutsideRouting(Context ctx, Exception failure) {
        MatrixError error;
        if (failure instanceof MatrixError matrixError) {
            error = matrixError;
        } else if (failure instanceof IllegalArgumentException && String.valueOf(failure.getMessage()).startsWith("URLDecoder")) {
            error = new MatrixError(400, "M_UNRECOGNIZED", "Bad percent-encoding in the path " + HomeserverState.abbreviate(
                    String.valueOf(ctx.req().getRequestURI())) + ": '%' must be followed by two hex digits");
        } else {
            LOG.error("Internal error answering {} {}", ctx.req().getMethod(), ctx.req().getRequestURI(), failure);
            error = new MatrixError(500, "M_UNKNOWN", "Internal error in the fake home server ("
                    + failure.getClass().getSimpleName() + "); the server log has the details");
        }
        Reply reply = error(error);
        ctx.status(reply.status());
        ctx.contentType(reply.contentType());
        ctx.result(reply.bytes(json));
    }

    private Reply error(MatrixError e) {
        ObjectNode body = json.error(e.errcode(), e.getMessage(), e.extra());
        return new Reply(e.status(), body);
    }

    private static void corsHeaders(Context ctx) {
        ctx.header("Access-Control-Allow-Origin", "*");
        ctx.header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
        ctx.header("Access-Control-Allow-Headers", "X-Requested-With, Content-Type, Authorization, Date");
    }

    /** Parses a raw query string; names and values are percent-decoded once. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = PercentDecoding.query(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : PercentDecoding.query(pair.substring(equals + 1));
            out.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
