package io.mxnotify.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.id.EventId;
import io.mxnotify.core.id.InvalidIdentifierException;
import io.mxnotify.core.id.RoomAlias;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.id.ServerName;
import io.mxnotify.core.id.UserId;
import io.mxnotify.core.render.MessageContent;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * A client for the Matrix Client-Server API, bound to one home server base URL and, optionally, one
 * access token. Immutable and thread-safe; {@link #withAccessToken} derives a client for another token
 * sharing the same connections.
 *
 * <p>Every call either returns the server's answer or throws a {@link MatrixClientException}:
 * {@link MatrixException} when the server answered with an error (HTTP status, errcode, retry delay,
 * soft logout), {@link MatrixNetworkException} when no usable answer arrived (connection failure,
 * TLS failure, timeout). {@link MatrixClientException#kind()} says whether a retry can help.
 *
 * <p>Paths use the {@code v3} prefix, or {@code r0} for a server whose {@code /versions} offers no
 * v1.1+ version; the versions are fetched once, on the first call that needs them, unless given to the
 * builder. The access token is sent only in {@code Authorization: Bearer} and never appears in a URL,
 * a log line, an exception message or a {@code toString()}. TLS certificates and host names are
 * verified by the JDK's default trust store unless the builder is given another {@link SSLContext}.
 */
public final class MatrixClient {
    /** The default time allowed to establish a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The default time allowed for each request, from sending it to the complete answer. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final String MESSAGE_EVENT = "m.room.message";

    private final JsonTransport transport;
    private final Secret accessToken;
    private final AtomicReference<SupportedVersions> versions;

    private MatrixClient(JsonTransport transport, Secret accessToken, AtomicReference<SupportedVersions> versions) {
        this.transport = transport;
        this.accessToken = accessToken;
        this.versions = versions;
    }

    /**
     * Starts building a client for a home server's client-server base URL, e.g.
     * {@code https://matrix-client.matrix.org} or {@code http://127.0.0.1:8008} (plain HTTP is accepted
     * for local and test servers). A trailing slash is ignored.
     *
     * @throws IllegalArgumentException if the URL is not an absolute http(s) URL without query or fragment
     */
    public static Builder builder(String baseUrl) {
        return new Builder(BaseUrl.parse(baseUrl));
    }

    /** Same as {@link #builder(String)} for a {@link URI}. */
    public static Builder builder(URI baseUrl) {
        return new Builder(BaseUrl.parse(baseUrl.toString()));
    }

    /** A fresh transaction id (a random UUID, as the spec recommends) for {@link #send}. */
    public static String newTransactionId() {
        return UUID.randomUUID().toString();
    }

    /** The base URL this client talks to, without trailing slash. */
    public URI baseUrl() {
        return transport.baseUrl();
    }

    /** Whether this client carries an access token. */
    public boolean hasAccessToken() {
        return accessToken != null;
    }

    /**
     * A client for the same server and settings with another access token (e.g. after login or refresh).
     * The new client shares connections and the cached versions with this one.
     */
    public MatrixClient withAccessToken(Secret token) {
        return new MatrixClient(transport, Objects.requireNonNull(token, "token"), versions);
    }

    /** A client for the same server and settings without an access token. */
    public MatrixClient withoutAccessToken() {
        return new MatrixClient(transport, null, versions);
    }

    /**
     * {@code GET /_matrix/client/versions}: the spec versions the server supports. Fetched once and
     * cached (a failed fetch is not cached).
     *
     * @throws MatrixException        if the server answers with an error or something that is not a versions answer
     * @throws MatrixNetworkException if no answer arrives
     */
    public SupportedVersions versions() {
        SupportedVersions known = versions.get();
        if (known != null) {
            return known;
        }
        RequestPath path = RequestPath.of("_matrix", "client", "versions");
        ObjectNode body = transport.exchange("GET", path, null, null);
        SupportedVersions parsed = parseVersions("GET " + path, body);
        versions.compareAndSet(null, parsed);
        return parsed;
    }

    static SupportedVersions parseVersions(String request, ObjectNode body) {
        JsonNode list = body.get("versions");
        if (list == null || !list.isArray()) {
            throw JsonTransport.malformed(request, 200, "the answer has no 'versions' array");
        }
        List<String> versions = new ArrayList<>();
        for (JsonNode v : list) {
            if (!v.isTextual()) {
                throw JsonTransport.malformed(request, 200, "'versions' contains a non-string");
            }
            versions.add(v.asText());
        }
        Map<String, Boolean> features = new HashMap<>();
        JsonNode unstable = body.get("unstable_features");
        if (unstable != null && unstable.isObject()) {
            for (Map.Entry<String, JsonNode> f : unstable.properties()) {
                if (f.getValue().isBoolean()) {
                    features.put(f.getKey(), f.getValue().asBoolean());
                }
            }
        }
        return new SupportedVersions(versions, features);
    }

    /** The versions this client knows (given to the builder or fetched), without asking the server. */
    public Optional<SupportedVersions> knownVersions() {
        return Optional.ofNullable(versions.get());
    }

    /** The path prefix in use: {@code v3}, or {@code r0} for servers offering no v1.1+ (may fetch {@link #versions()}). */
    public ApiPrefix apiPrefix() {
        return versions().prefix();
    }

    /**
     * {@code GET /login}: the login types the server offers.
     *
     * @throws MatrixException        on an error answer
     * @throws MatrixNetworkException if no answer arrives
     */
    public List<LoginFlow> loginFlows() {
        RequestPath path = RequestPath.client(apiPrefix(), "login");
        ObjectNode body = transport.exchange("GET", path, null, null);
        JsonNode flows = body.get("flows");
        if (flows == null || !flows.isArray()) {
            throw JsonTransport.malformed("GET " + path, 200, "the answer has no 'flows' array");
        }
        List<LoginFlow> result = new ArrayList<>();
        for (JsonNode flow : flows) {
            String type = flow.path("type").asText("");
            if (!type.isEmpty()) {
                result.add(new LoginFlow(type));
            }
        }
        return List.copyOf(result);
    }

    /**
     * {@code POST /login} with {@code m.login.password} and an {@code m.id.user} identifier. Needs no
     * access token. With {@link LoginRequest#onDevice} the server issues a new token for that device
     * (and invalidates its old tokens) instead of creating another device.
     *
     * @throws MatrixException        {@link FailureKind#FORBIDDEN} for a wrong user or password,
     *                                {@link FailureKind#ACCOUNT_UNUSABLE} for a deactivated or locked account,
     *                                {@link FailureKind#RATE_LIMITED} when throttled, others as classified
     * @throws MatrixNetworkException if no answer arrives
     */
    public LoginResult login(LoginRequest request) {
        ApiPrefix prefix = apiPrefix();
        RequestPath path = RequestPath.client(prefix, "login");
        Map<String, Object> body = new HashMap<>();
        body.put("type", LoginFlow.PASSWORD);
        body.put("identifier", Map.of("type", "m.id.user", "user", request.user()));
        if (prefix == ApiPrefix.R0) {
            body.put("user", request.user());
        }
        body.put("password", request.password().reveal());
        request.deviceId().ifPresent(d -> body.put("device_id", d));
        request.initialDeviceDisplayName().ifPresent(n -> body.put("initial_device_display_name", n));
        if (request.requestRefreshToken()) {
            body.put("refresh_token", true);
        }
        ObjectNode answer = transport.exchange("POST", path, body, null);
        return loginResultFrom("POST " + path, answer);
    }

    static LoginResult loginResultFrom(String request, ObjectNode answer) {
        String userId = requiredText(request, answer, "user_id");
        String token = requiredText(request, answer, "access_token");
        String deviceId = requiredText(request, answer, "device_id");
        UserId user;
        try {
            user = UserId.parseHistorical(userId);
        } catch (InvalidIdentifierException e) {
            throw JsonTransport.malformed(request, 200, "'user_id' is not a user id: " + e.getMessage());
        }
        return new LoginResult(user, Secret.of(token), deviceId,
                optionalText(answer, "refresh_token").map(Secret::of),
                optionalLong(answer, "expires_in_ms"),
                optionalText(answer, "home_server"));
    }

    /**
     * {@code POST /refresh}: exchanges a refresh token for a new access token (and usually a new refresh
     * token). Needs no access token.
     *
     * @throws MatrixException        {@link FailureKind#UNKNOWN_TOKEN} when the refresh token is not
     *                                accepted (with {@link MatrixException#softLogout()} true: log in again
     *                                on the same device; false: the session is gone), others as classified
     * @throws MatrixNetworkException if no answer arrives (the refresh token is still usable: retry)
     */
    public RefreshResult refresh(Secret refreshToken) {
        RequestPath path = RequestPath.client(apiPrefix(), "refresh");
        ObjectNode answer = transport.exchange("POST", path, Map.of("refresh_token", refreshToken.reveal()), null);
        String request = "POST " + path;
        return new RefreshResult(Secret.of(requiredText(request, answer, "access_token")),
                optionalText(answer, "refresh_token").map(Secret::of),
                optionalLong(answer, "expires_in_ms"));
    }

    /**
     * Creates a user through Synapse's shared-secret registration: {@code GET /_synapse/admin/v1/register}
     * for a one-time nonce, then {@code POST} with the HMAC-SHA1 that proves knowledge of the server's
     * {@code registration_shared_secret}. Returns the new user's id, access token and device, as a login
     * would. Needs no access token.
     *
     * @throws MatrixException        {@link FailureKind#FORBIDDEN} ("HMAC incorrect": wrong shared secret),
     *                                {@link FailureKind#REJECTED} for a taken or invalid username
     *                                ({@code M_USER_IN_USE}, {@code M_INVALID_USERNAME}), when shared-secret
     *                                registration is not enabled (HTTP 400) or the admin API is not exposed
     *                                (HTTP 404), others as classified
     * @throws MatrixNetworkException if no answer arrives
     */
    public LoginResult registerWithSharedSecret(SharedSecretRegistration registration, Secret sharedSecret) {
        Objects.requireNonNull(registration, "registration");
        Objects.requireNonNull(sharedSecret, "sharedSecret");
        RequestPath path = RequestPath.of("_synapse", "admin", "v1", "register");
        String request = "POST " + path;
        ObjectNode nonceAnswer = transport.exchange("GET", path, null, null);
        String nonce = requiredText("GET " + path, nonceAnswer, "nonce");
        Map<String, Object> body = new HashMap<>();
        body.put("nonce", nonce);
        body.put("username", registration.username());
        body.put("password", registration.password().reveal());
        body.put("admin", registration.admin());
        registration.displayName().ifPresent(n -> body.put("displayname", n));
        registration.userType().ifPresent(t -> body.put("user_type", t));
        body.put("mac", registration.mac(nonce, sharedSecret));
        return loginResultFrom(request, transport.exchange("POST", path, body, null));
    }

    /**
     * {@code GET /account/whoami}: who this client's token belongs to, and its device.
     *
     * @throws MatrixException        {@link FailureKind#UNKNOWN_TOKEN} if the token is invalid or expired
     * @throws MatrixNetworkException if no answer arrives
     * @throws IllegalStateException  if this client has no access token
     */
    public WhoAmI whoami() {
        RequestPath path = RequestPath.client(apiPrefix(), "account", "whoami");
        ObjectNode answer = transport.exchange("GET", path, null, requireToken());
        String request = "GET " + path;
        UserId user;
        try {
            user = UserId.parseHistorical(requiredText(request, answer, "user_id"));
        } catch (InvalidIdentifierException e) {
            throw JsonTransport.malformed(request, 200, "'user_id' is not a user id: " + e.getMessage());
        }
        return new WhoAmI(user, optionalText(answer, "device_id"), answer.path("is_guest").asBoolean(false));
    }

    /**
     * {@code POST /join/{roomIdOrAlias}}: joins a room by id or alias (the server resolves an alias) and
     * returns the room id. Joining a room the user is already in succeeds.
     *
     * @param via servers to join through (sent as {@code via} and the older {@code server_name}); may be empty
     * @throws MatrixException        {@link FailureKind#FORBIDDEN} when not invited or banned,
     *                                {@link FailureKind#REJECTED} ({@code M_NOT_FOUND}) for an unknown alias or room,
     *                                others as classified
     * @throws MatrixNetworkException if no answer arrives
     * @throws IllegalStateException  if this client has no access token
     */
    public RoomId join(RoomRef room, List<ServerName> via) {
        RequestPath path = RequestPath.client(apiPrefix(), "join").param(room);
        for (ServerName server : via) {
            path.query("via", server.value());
        }
        for (ServerName server : via) {
            path.query("server_name", server.value());
        }
        return roomIdFrom("POST " + path, transport.exchange("POST", path, Map.of(), requireToken()));
    }

    /** {@link #join(RoomRef, List)} without {@code via} servers. */
    public RoomId join(RoomRef room) {
        return join(room, List.of());
    }

    /**
     * {@code POST /rooms/{roomId}/join}: joins a room by its id (the endpoint for accepting an invite).
     *
     * @throws MatrixException        {@link FailureKind#FORBIDDEN} when not invited or banned, others as classified
     * @throws MatrixNetworkException if no answer arrives
     * @throws IllegalStateException  if this client has no access token
     */
    public RoomId joinById(RoomId room) {
        RequestPath path = RequestPath.client(apiPrefix(), "rooms").param(room).literal("join");
        return roomIdFrom("POST " + path, transport.exchange("POST", path, Map.of(), requireToken()));
    }

    /**
     * {@code GET /directory/room/{roomAlias}}: the room id an alias points to, without joining.
     *
     * @throws MatrixException        {@link FailureKind#REJECTED} ({@code M_NOT_FOUND}) for an unknown alias
     * @throws MatrixNetworkException if no answer arrives
     */
    public RoomId resolveAlias(RoomAlias alias) {
        RequestPath path = RequestPath.client(apiPrefix(), "directory", "room").param(alias);
        return roomIdFrom("GET " + path, transport.exchange("GET", path, null, accessToken));
    }

    private static RoomId roomIdFrom(String request, ObjectNode answer) {
        try {
            return RoomId.parse(requiredText(request, answer, "room_id"));
        } catch (InvalidIdentifierException e) {
            throw JsonTransport.malformed(request, 200, "'room_id' is not a room id: " + e.getMessage());
        }
    }

    /**
     * {@code PUT /rooms/{roomId}/send/m.room.message/{txnId}}: sends a message and returns its event id.
     * Repeating the call with the same txnId (from the same device) does not create a second event: the
     * server answers with the first one's event id. Choose the txnId once per notification and keep it
     * across retries.
     *
     * @param content the event content, e.g. {@code MessageContent.toMap()} from {@code MessageRenderer}
     * @throws MatrixException        {@link FailureKind#FORBIDDEN} when not in the room,
     *                                {@link FailureKind#RATE_LIMITED}, {@link FailureKind#UNKNOWN_TOKEN},
     *                                {@link FailureKind#REJECTED} ({@code M_TOO_LARGE}...), others as classified
     * @throws MatrixNetworkException if no answer arrives (retry with the same txnId)
     * @throws IllegalStateException  if this client has no access token
     */
    public EventId send(RoomId roomId, String txnId, Map<String, ?> content) {
        return sendEvent(roomId, MESSAGE_EVENT, txnId, content);
    }

    /**
     * Sends rendered message content; see {@link #send(RoomId, String, Map)}.
     *
     * @throws MatrixException        as for {@link #send(RoomId, String, Map)}
     * @throws MatrixNetworkException if no answer arrives (retry with the same txnId)
     */
    public EventId send(RoomId roomId, String txnId, MessageContent content) {
        return send(roomId, txnId, content.toMap());
    }

    /**
     * {@code PUT /rooms/{roomId}/send/{eventType}/{txnId}} for any message event type; see {@link #send}.
     *
     * @throws IllegalArgumentException if the event type or txnId is blank
     */
    public EventId sendEvent(RoomId roomId, String eventType, String txnId, Map<String, ?> content) {
        if (eventType == null || eventType.isBlank()) {
            throw new IllegalArgumentException("an event type such as 'm.room.message' is required");
        }
        if (txnId == null || txnId.isBlank()) {
            throw new IllegalArgumentException("a transaction id is required; choose one per notification (MatrixClient.newTransactionId())");
        }
        Objects.requireNonNull(content, "content");
        RequestPath path = RequestPath.client(apiPrefix(), "rooms").param(roomId).literal("send").param(eventType).param(txnId);
        ObjectNode answer = transport.exchange("PUT", path, content, requireToken());
        String request = "PUT " + path;
        try {
            return EventId.parse(requiredText(request, answer, "event_id"));
        } catch (InvalidIdentifierException e) {
            throw JsonTransport.malformed(request, 200, "'event_id' is not an event id: " + e.getMessage());
        }
    }

    /**
     * {@code GET /rooms/{roomId}/state/{eventType}/{stateKey}}: the content of one state event of a room
     * the user is in, or empty when the room has no such state event ({@code 404 M_NOT_FOUND}).
     *
     * @param stateKey the state key; {@code ""} for events such as {@code m.room.encryption}
     * @throws MatrixException        {@link FailureKind#FORBIDDEN} when the user is not in the room, others as classified
     * @throws MatrixNetworkException if no answer arrives
     * @throws IllegalStateException  if this client has no access token
     */
    public Optional<ObjectNode> stateEvent(RoomId roomId, String eventType, String stateKey) {
        if (eventType == null || eventType.isBlank()) {
            throw new IllegalArgumentException("a state event type such as 'm.room.encryption' is required");
        }
        Objects.requireNonNull(stateKey, "stateKey");
        RequestPath path = RequestPath.client(apiPrefix(), "rooms").param(roomId).literal("state").param(eventType)
                .paramOrEmpty(stateKey);
        try {
            return Optional.of(transport.exchange("GET", path, null, requireToken()));
        } catch (MatrixException e) {
            if (e.status() == 404 && "M_NOT_FOUND".equals(e.errcode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * {@code GET /rooms/{roomId}/joined_members}: the user ids of the room's joined members.
     *
     * @throws MatrixException {@link FailureKind#FORBIDDEN} when the user is not in the room, others as classified
     */
    public List<String> joinedMembers(RoomId roomId) {
        RequestPath path = RequestPath.client(apiPrefix(), "rooms").param(roomId).literal("joined_members");
        ObjectNode answer = transport.exchange("GET", path, null, requireToken());
        JsonNode joined = answer.get("joined");
        if (joined == null || !joined.isObject()) {
            throw JsonTransport.malformed("GET " + path, 200, "the answer lacks the object 'joined'");
        }
        List<String> members = new ArrayList<>();
        joined.fieldNames().forEachRemaining(members::add);
        return members;
    }

    /**
     * {@code POST /keys/upload} with the given request body ({@code device_keys}, {@code one_time_keys}...);
     * answers the server's reply ({@code one_time_key_counts}).
     */
    public ObjectNode uploadKeys(ObjectNode request) {
        return transport.exchange("POST", RequestPath.client(apiPrefix(), "keys", "upload"), request, requireToken());
    }

    /** {@code POST /keys/query} for every device of each user; answers the raw reply ({@code device_keys}, {@code failures}). */
    public ObjectNode queryKeys(List<String> userIds) {
        ObjectNode request = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ObjectNode wanted = request.putObject("device_keys");
        userIds.forEach(user -> wanted.putArray(user));
        return transport.exchange("POST", RequestPath.client(apiPrefix(), "keys", "query"), request, requireToken());
    }

    /** {@code POST /keys/claim}: one key of the given algorithm per user and device; answers the raw reply. */
    public ObjectNode claimKeys(Map<String, List<String>> devicesByUser, String algorithm) {
        ObjectNode request = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ObjectNode wanted = request.putObject("one_time_keys");
        devicesByUser.forEach((user, devices) -> {
            ObjectNode byDevice = wanted.putObject(user);
            devices.forEach(device -> byDevice.put(device, algorithm));
        });
        return transport.exchange("POST", RequestPath.client(apiPrefix(), "keys", "claim"), request, requireToken());
    }

    /**
     * {@code PUT /sendToDevice/{eventType}/{txnId}}: {@code messages} maps user ids to device ids to contents.
     * Repeating it with the same txnId delivers nothing twice.
     */
    public void sendToDevice(String eventType, String txnId, ObjectNode messages) {
        if (txnId == null || txnId.isBlank()) {
            throw new IllegalArgumentException("a transaction id is required for /sendToDevice");
        }
        ObjectNode request = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        request.set("messages", messages);
        transport.exchange("PUT", RequestPath.client(apiPrefix(), "sendToDevice").param(eventType).param(txnId), request,
                requireToken());
    }

    /**
     * {@code POST /logout}: invalidates this client's access token (and its device).
     *
     * @throws MatrixException        {@link FailureKind#UNKNOWN_TOKEN} if the token was already invalid
     * @throws MatrixNetworkException if no answer arrives
     * @throws IllegalStateException  if this client has no access token
     */
    public void logout() {
        RequestPath path = RequestPath.client(apiPrefix(), "logout");
        try {
            transport.exchange("POST", path, null, requireToken());
        } catch (MatrixException e) {
            if (e.status() / 100 != 2) {
                throw e;
            }
            // logged out; a success answer without the JSON body the spec asks for changes nothing
        }
    }

    JsonTransport transport() {
        return transport;
    }

    private Secret requireToken() {
        if (accessToken == null) {
            throw new IllegalStateException("this call needs an access token: log in first and use withAccessToken(...)");
        }
        return accessToken;
    }

    static String requiredText(String request, JsonNode answer, String field) {
        JsonNode v = answer.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw JsonTransport.malformed(request, 200, "the answer lacks the string field '" + field + "'");
        }
        return v.asText();
    }

    static Optional<String> optionalText(JsonNode answer, String field) {
        JsonNode v = answer.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
    }

    static OptionalLong optionalLong(JsonNode answer, String field) {
        JsonNode v = answer.get(field);
        return v != null && v.canConvertToLong() && v.isIntegralNumber() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    }

    @Override
    public String toString() {
        return "MatrixClient[" + baseUrl() + (accessToken == null ? ", no token" : ", token <redacted>") + "]";
    }

    /** Configures a {@link MatrixClient}. */
    public static final class Builder {
        private final URI baseUrl;
        private Secret accessToken;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private SupportedVersions versions;
        private SSLContext sslContext;
        private Clock clock = Clock.systemUTC();
        private String userAgent = "mxnotify";
        private HttpConnector sharedConnector;

        private Builder(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** The access token for calls that need one. */
        public Builder accessToken(Secret token) {
            this.accessToken = Objects.requireNonNull(token, "token");
            return this;
        }

        /** Time allowed to establish a connection (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** Time allowed for each request until its complete answer (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** Versions already known (e.g. from discovery), so the client need not fetch {@code /versions}. */
        public Builder versions(SupportedVersions known) {
            this.versions = Objects.requireNonNull(known, "versions");
            return this;
        }

        /** Trust material other than the JDK default (e.g. a private CA). Certificates are still verified. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** The clock used to interpret {@code Retry-After} dates (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The {@code User-Agent} header (default {@code mxnotify}). */
        public Builder userAgent(String userAgent) {
            if (userAgent == null || userAgent.isBlank()) {
                throw new IllegalArgumentException("user agent must not be blank");
            }
            this.userAgent = userAgent;
            return this;
        }

        /** Shares an existing connector (discovery validating candidates). Package-private. */
        Builder connector(HttpConnector connector) {
            this.sharedConnector = connector;
            return this;
        }

        /** Creates the client. */
        public MatrixClient build() {
            HttpConnector connector = sharedConnector != null ? sharedConnector : new HttpConnector(connectTimeout, sslContext);
            JsonTransport transport = new JsonTransport(connector, new ObjectMapper(), baseUrl, requestTimeout, clock, userAgent);
            return new MatrixClient(transport, accessToken, new AtomicReference<>(versions));
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }

    /** Validation and normalisation of base URLs. */
    static final class BaseUrl {
        private BaseUrl() {
        }

        static URI parse(String text) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("the home server URL is empty; give one like https://matrix.example.org");
            }
            URI uri;
            try {
                uri = new URI(text.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason() + "; give one like https://matrix.example.org");
            }
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
                throw new IllegalArgumentException("'" + text + "' must start with https:// (or http:// for a local test server)");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("'" + text + "' has no host name; give one like https://matrix.example.org");
            }
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("the home server URL must not contain a user name or password");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("'" + text + "' must not have a query (?...) or fragment (#...)");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String port = uri.getPort() >= 0 ? ":" + uri.getPort() : "";
            return URI.create(scheme.toLowerCase(java.util.Locale.ROOT) + "://" + uri.getHost() + port + path);
        }
    }
}
