package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mxnotify.fakehs.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request being answered: decoded path parameters, query, body and the caller's session. */
public final class Call {
    /** The largest request body the fake reads; bigger ones get {@code M_TOO_LARGE}. */
    public static final int MAX_BODY_BYTES = 1_048_576;

    private final Context ctx;
    private final Route route;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final JsonCodec json;
    private final HomeserverState state;
    private final Profile profile;
    private byte[] body;
    private Session session;

    public Call(Context ctx, Route route, Map<String, String> params, Map<String, List<String>> query,
                JsonCodec json, HomeserverState state, Profile profile) {
        this.ctx = ctx;
        this.route = route;
        this.params = params;
        this.query = query;
        this.json = json;
        this.state = state;
        this.profile = profile;
    }

    public Context ctx() {
        return ctx;
    }

    public Route route() {
        return route;
    }

    public JsonCodec json() {
        return json;
    }

    public HomeserverState state() {
        return state;
    }

    public Profile profile() {
        return profile;
    }

    public boolean strict() {
        return profile == Profile.STRICT;
    }

    /** A decoded path parameter of the route. */
    public String param(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalStateException("route " + route.template() + " has no parameter " + name);
        }
        return value;
    }

    /** The first value of a query parameter, if present. */
    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A decoded path parameter, or {@code null} when the route has none of that name. */
    public String paramOrNull(String name) {
        return params.get(name);
    }

    /** The body if a handler read it, else {@code null} (for the journal). */
    public byte[] bodyIfRead() {
        return body;
    }

    /** A query parameter as a number within bounds; {@code M_INVALID_PARAM} otherwise. */
    public Optional<Long> queryLong(String name, long min, long max) {
        Optional<String> text = query(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(text.get());
            if (value < min || value > max) {
                throw MatrixError.invalidParam("Query parameter " + name + " must be between " + min + " and " + max);
            }
            return Optional.of(value);
        } catch (NumberFormatException e) {
            throw MatrixError.invalidParam("Query parameter " + name + " must be an integer, got '"
                    + HomeserverState.abbreviate(text.get()) + "'");
        }
    }

    public Map<String, List<String>> queryMap() {
        return query;
    }

    /** The raw request body (read once, at most {@link #MAX_BODY_BYTES}). */
    public byte[] body() {
        if (body == null) {
            try (InputStream in = ctx.req().getInputStream()) {
                byte[] read = in.readNBytes(MAX_BODY_BYTES + 1);
                if (read.length > MAX_BODY_BYTES) {
                    throw new MatrixError(413, "M_TOO_LARGE", "Request body too large: the limit is "
                            + MAX_BODY_BYTES + " bytes");
                }
                body = read;
            } catch (IOException e) {
                throw new MatrixError(400, "M_UNKNOWN", "Could not read the request body: " + e.getMessage());
            }
        }
        return body;
    }

    /** The body as a JSON object: {@code M_NOT_JSON} when not JSON, {@code M_BAD_JSON} when not an object. */
    public ObjectNode jsonObject() {
        JsonNode node = json.parse(body());
        if (!node.isObject()) {
            throw MatrixError.badJson("Content must be a JSON object, got " + kind(node));
        }
        return (ObjectNode) node;
    }

    /** Like {@link #jsonObject()}, but an empty body counts as {@code {}} (join, logout, leave). */
    public ObjectNode jsonObjectOrEmpty() {
        if (isBlank(body())) {
            return json.object();
        }
        return jsonObject();
    }

    public boolean bodyIsBlank() {
        return isBlank(body());
    }

    /** A required string field of a JSON object: {@code M_MISSING_PARAM} or {@code M_BAD_JSON}. */
    public static String requiredString(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw MatrixError.missingParam("Missing '" + field + "' in the JSON body");
        }
        if (!value.isTextual()) {
            throw MatrixError.badJson("'" + field + "' must be a string, got " + kind(value));
        }
        return value.asText();
    }

    /** An optional string field: empty when absent or null, {@code M_BAD_JSON} when not a string. */
    public static Optional<String> optionalString(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw MatrixError.badJson("'" + field + "' must be a string, got " + kind(value));
        }
        return Optional.of(value.asText());
    }

    /** An optional boolean field, {@code M_BAD_JSON} when not a boolean. */
    public static Optional<Boolean> optionalBoolean(ObjectNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw MatrixError.badJson("'" + field + "' must be true or false, got " + kind(value));
        }
        return Optional.of(value.asBoolean());
    }

    public static String kind(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }

    /**
     * The access token from {@code Authorization: Bearer} or the {@code access_token} query parameter,
     * if any. Like Synapse, a request that carries both is refused.
     */
    public Optional<String> accessToken() {
        String header = ctx.header("Authorization");
        Optional<String> fromQuery = query("access_token");
        if (header != null) {
            if (fromQuery.isPresent()) {
                throw new MatrixError(401, "M_MISSING_TOKEN", "Mixing Authorization headers and access_token "
                        + "query parameters: send the token once, preferably in the Authorization header");
            }
            String trimmed = header.trim();
            if (trimmed.length() < 7 || !trimmed.substring(0, 7).equalsIgnoreCase("Bearer ")) {
                throw new MatrixError(401, "M_MISSING_TOKEN", "Invalid Authorization header: expected "
                        + "'Authorization: Bearer <access token>'");
            }
            return Optional.of(trimmed.substring(7).trim());
        }
        return fromQuery;
    }

    /** The caller's session; {@code M_MISSING_TOKEN} or {@code M_UNKNOWN_TOKEN} (401) otherwise. */
    public Session session() {
        if (session == null) {
            String token = accessToken().orElseThrow(() -> new MatrixError(401, "M_MISSING_TOKEN",
                    "Missing access token: send 'Authorization: Bearer <token>' (or ?access_token=)"));
            session = state.authenticateOrRefuse(token);
        }
        return session;
    }

    /** The session if one was already established for this call (for the journal). */
    public Optional<Session> knownSession() {
        return Optional.ofNullable(session);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
