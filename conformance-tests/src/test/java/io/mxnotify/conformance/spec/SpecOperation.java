package io.mxnotify.conformance.spec;

/**
 * The client-server operations a notifier or bot uses, each pointing at the OpenAPI file of the Matrix
 * spec that defines it, the path as written there, and the method. Paths of the client API are relative to
 * {@code /_matrix/client/v3}; {@link #urlPath()} is the full path template.
 */
public enum SpecOperation {
    WELL_KNOWN("wellknown.yaml", "/matrix/client", "get", "/.well-known", false),
    VERSIONS("versions.yaml", "/versions", "get", "/_matrix/client", false),
    LOGIN_FLOWS("login.yaml", "/login", "get", "/_matrix/client/v3", false),
    LOGIN("login.yaml", "/login", "post", "/_matrix/client/v3", false),
    LOGOUT("logout.yaml", "/logout", "post", "/_matrix/client/v3", true),
    WHOAMI("whoami.yaml", "/account/whoami", "get", "/_matrix/client/v3", true),
    CREATE_ROOM("create_room.yaml", "/createRoom", "post", "/_matrix/client/v3", true),
    RESOLVE_ALIAS("directory.yaml", "/directory/room/{roomAlias}", "get", "/_matrix/client/v3", false),
    JOIN_BY_ID_OR_ALIAS("joining.yaml", "/join/{roomIdOrAlias}", "post", "/_matrix/client/v3", true),
    JOIN_ROOM_BY_ID("joining.yaml", "/rooms/{roomId}/join", "post", "/_matrix/client/v3", true),
    LEAVE("leaving.yaml", "/rooms/{roomId}/leave", "post", "/_matrix/client/v3", true),
    SEND("room_send.yaml", "/rooms/{roomId}/send/{eventType}/{txnId}", "put", "/_matrix/client/v3", true),
    MESSAGES("message_pagination.yaml", "/rooms/{roomId}/messages", "get", "/_matrix/client/v3", true);

    private final String file;
    private final String specPath;
    private final String method;
    private final String prefix;
    private final boolean authenticated;

    SpecOperation(String file, String specPath, String method, String prefix, boolean authenticated) {
        this.file = file;
        this.specPath = specPath;
        this.method = method;
        this.prefix = prefix;
        this.authenticated = authenticated;
    }

    /** The OpenAPI file under {@code data/api/client-server/}. */
    public String file() {
        return file;
    }

    /** The path key in that file's {@code paths}. */
    public String specPath() {
        return specPath;
    }

    /** The lower-case HTTP method key under the path. */
    public String method() {
        return method;
    }

    /** Whether the operation needs an access token (so 401 with a token errcode is always a valid answer). */
    public boolean authenticated() {
        return authenticated;
    }

    /** The full URL path template, e.g. {@code /_matrix/client/v3/rooms/{roomId}/join}. */
    public String urlPath() {
        return prefix + specPath;
    }

    @Override
    public String toString() {
        return method.toUpperCase(java.util.Locale.ROOT) + " " + urlPath() + " (" + file + ")";
    }
}
