package io.mxnotify.fakehs.internal;

import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.EndpointNotFound;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.inbox.WebInbox;
import java.util.ArrayList;
import java.util.List;

/**
 * Every route of the fake home server, in one place: the Matrix client API (each client row is served
 * under both {@code /_matrix/client/v3} and {@code /_matrix/client/r0}), Synapse's admin registration,
 * the {@code /_fake/v1} inspection and control API, and the web routes served by Javalin directly.
 */
public final class RouteTable {
    private static final String V3 = "/_matrix/client/v3";
    private static final String R0 = "/_matrix/client/r0";
    private static final String FAKE = "/_fake/v1";

    private final Endpoints e;
    private final FakeHomeserver server;
    private final AdminAccess access;

    public RouteTable(Endpoints endpoints, FakeHomeserver server, AdminAccess access) {
        this.e = endpoints;
        this.server = server;
        this.access = access;
    }

    /** The API routes, answered by the {@link Dispatcher} with spec error JSON for anything unknown. */
    public List<Route> apiRoutes() {
        List<Route> routes = new ArrayList<>();
        raw(routes, "GET", "/.well-known/matrix/client", e.discovery()::wellKnown);
        raw(routes, "GET", "/_matrix/client/versions", e.discovery()::versions);

        client(routes, "GET", "/login", e.sessions()::loginFlows, false);
        client(routes, "POST", "/login", e.sessions()::login, false);
        client(routes, "POST", "/refresh", e.sessions()::refresh, false);
        client(routes, "POST", "/logout", e.sessions()::logout, true);
        client(routes, "POST", "/logout/all", e.sessions()::logoutAll, true);
        client(routes, "GET", "/account/whoami", e.sessions()::whoami, true);
        client(routes, "POST", "/register", e.registration()::register, false);
        client(routes, "GET", "/register/available", e.registration()::available, false);
        client(routes, "GET", "/devices", e.sessions()::listDevices, true);
        client(routes, "GET", "/devices/{deviceId}", e.sessions()::getDevice, true);
        client(routes, "PUT", "/devices/{deviceId}", e.sessions()::renameDevice, true);
        client(routes, "DELETE", "/devices/{deviceId}", e.sessions()::deleteDevice, true);
        client(routes, "POST", "/delete_devices", e.sessions()::deleteDevices, true);

        client(routes, "POST", "/createRoom", e.rooms()::createRoom, true);
        client(routes, "GET", "/directory/room/{roomAlias}", e.rooms()::resolveAlias, false);
        client(routes, "POST", "/join/{roomIdOrAlias}", e.rooms()::joinByIdOrAlias, true);
        client(routes, "POST", "/rooms/{roomId}/join", e.rooms()::joinRoom, true);
        client(routes, "POST", "/rooms/{roomId}/invite", e.rooms()::invite, true);
        client(routes, "POST", "/rooms/{roomId}/leave", e.rooms()::leave, true);
        client(routes, "GET", "/joined_rooms", e.rooms()::joinedRooms, true);
        client(routes, "PUT", "/rooms/{roomId}/send/{eventType}/{txnId}", e.rooms()::send, true);
        client(routes, "POST", "/rooms/{roomId}/send/{eventType}", e.rooms()::sendWithoutTxnId, true);
        client(routes, "GET", "/rooms/{roomId}/messages", e.rooms()::messages, true);
        client(routes, "GET", "/rooms/{roomId}/joined_members", e.rooms()::joinedMembers, true);
        client(routes, "GET", "/rooms/{roomId}/state/{eventType}/{stateKey}", e.rooms()::getState, true);
        client(routes, "GET", "/rooms/{roomId}/state/{eventType}", e.rooms()::getState, true);
        client(routes, "PUT", "/rooms/{roomId}/state/{eventType}/{stateKey}", e.rooms()::putState, true);
        client(routes, "PUT", "/rooms/{roomId}/state/{eventType}", e.rooms()::putState, true);
        client(routes, "GET", "/sync", e.sync()::sync, true);
        client(routes, "POST", "/keys/upload", e.keys()::upload, true);
        client(routes, "POST", "/keys/query", e.keys()::query, true);
        client(routes, "POST", "/keys/claim", e.keys()::claim, true);
        client(routes, "PUT", "/sendToDevice/{eventType}/{txnId}", e.keys()::sendToDevice, true);
        client(routes, "POST", "/user/{userId}/filter", e.sync()::uploadFilter, true);
        client(routes, "GET", "/user/{userId}/filter/{filterId}", e.sync()::getFilter, true);

        raw(routes, "GET", "/_synapse/admin/v1/register", e.registration()::nonce);
        raw(routes, "POST", "/_synapse/admin/v1/register", e.registration()::sharedSecretRegister);

        raw(routes, "GET", FAKE + "/health", e.control()::health);
        raw(routes, "GET", FAKE + "/rooms", e.control()::listRooms);
        raw(routes, "POST", FAKE + "/rooms", e.control()::createRoom);
        raw(routes, "GET", FAKE + "/rooms/{roomIdOrAlias}", e.control()::getRoom);
        raw(routes, "POST", FAKE + "/rooms/{roomIdOrAlias}/members", e.control()::addMember);
        raw(routes, "GET", FAKE + "/rooms/{roomIdOrAlias}/events", e.control()::events);
        raw(routes, "DELETE", FAKE + "/rooms/{roomIdOrAlias}/events", e.control()::clearRoom);
        raw(routes, "GET", FAKE + "/rooms/{roomIdOrAlias}/events/latest", e.control()::latestEvent);
        raw(routes, "GET", FAKE + "/users", e.control()::listUsers);
        raw(routes, "POST", FAKE + "/users", e.control()::createUser);
        raw(routes, "POST", FAKE + "/users/{userId}/logout", e.control()::logoutUser);
        raw(routes, "POST", FAKE + "/users/{userId}/expire", e.control()::expireTokens);
        raw(routes, "POST", FAKE + "/reset", e.control()::reset);
        raw(routes, "GET", FAKE + "/faults", e.faults()::list);
        raw(routes, "POST", FAKE + "/faults", e.faults()::add);
        raw(routes, "DELETE", FAKE + "/faults", e.faults()::clear);
        raw(routes, "GET", FAKE + "/faults/kinds", e.faults()::kinds);
        raw(routes, "DELETE", FAKE + "/faults/{id}", e.faults()::remove);
        raw(routes, "GET", FAKE + "/requests", e.journal()::requests);
        raw(routes, "DELETE", FAKE + "/requests", e.journal()::clear);
        raw(routes, "GET", FAKE + "/metrics", e.journal()::metrics);
        return routes;
    }

    /**
     * Routes Javalin serves directly (pages, live streams); they take precedence over the API
     * dispatcher. {@code GET /} is left for the web inbox (package {@code io.mxnotify.fakehs.inbox}),
     * which declares its page and stream here, e.g. {@code new Inbox(server).declare(routes);}.
     */
    public void declareWebRoutes(RoutesConfig routes) {
        new WebInbox(server, access).declare(routes);
    }

    /** Declares the web routes, then sends every other request of any method to the dispatcher. */
    public void declare(RoutesConfig routes, Dispatcher dispatcher) {
        declareWebRoutes(routes);
        for (HandlerType type : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE,
                HandlerType.PATCH, HandlerType.HEAD, HandlerType.OPTIONS)) {
            routes.addHttpHandler(type, "/*", dispatcher::handle);
            if (type != HandlerType.GET) { // GET / is the web inbox's page
                routes.addHttpHandler(type, "/", dispatcher::handle);
            }
        }
        // methods Javalin has no handler slot for (TRACE, BREW, ...) end up here: answer them the same way
        routes.exception(EndpointNotFound.class, (notFound, ctx) -> dispatcher.handle(ctx));
        // a web route's path parameter Javalin cannot decode (GET /_fake/inbox/%u002e), or any other failure
        // outside the dispatcher: spec error JSON, never Jetty's text/plain "Server Error"
        routes.exception(Exception.class, (failure, ctx) -> dispatcher.refuseOutsideRouting(ctx, failure));
    }

    /** The server whose routes these are (for web routes that need its Java API). */
    public FakeHomeserver server() {
        return server;
    }

    private static void client(List<Route> routes, String method, String path, Handler handler, boolean auth) {
        routes.add(new Route(method, V3 + path, handler, V3 + path, false, auth));
        routes.add(new Route(method, R0 + path, handler, V3 + path, true, auth));
    }

    private static void raw(List<Route> routes, String method, String path, Handler handler) {
        routes.add(new Route(method, path, handler, path, false, false));
    }
}
