package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.FakeUser;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Account registration: the client API's {@code /register} (user-interactive auth with one
 * {@code m.login.dummy} stage, off unless enabled) and Synapse's shared-secret
 * {@code /_synapse/admin/v1/register} (nonce + HMAC-SHA1, computed exactly as Synapse and
 * {@code register_new_matrix_user} do).
 */
public final class RegistrationEndpoints {
    /** Seconds a nonce stays valid, as on Synapse. */
    static final long NONCE_TIMEOUT_SECONDS = 60;

    private final JsonCodec json;
    private final HomeserverState state;
    private final boolean registrationEnabled;
    private final String sharedSecret;
    private final LongSupplier clock;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final Map<String, Boolean> uiaSessions = new ConcurrentHashMap<>();

    /**
     * @param registrationEnabled whether {@code /register} creates accounts
     * @param sharedSecret        the registration shared secret, or {@code null} when shared-secret
     *                            registration is off
     */
    public RegistrationEndpoints(JsonCodec json, HomeserverState state, boolean registrationEnabled,
                                 String sharedSecret, LongSupplier clock) {
        this.json = json;
        this.state = state;
        this.registrationEnabled = registrationEnabled;
        this.sharedSecret = sharedSecret;
        this.clock = clock;
    }

    /** {@code POST /register}: dummy-auth registration when enabled, else 403 as on a closed Synapse. */
    public Reply register(Call call) {
        String kind = call.query("kind").orElse("user");
        if (kind.equals("guest")) {
            throw MatrixError.forbidden("Guest access is disabled");
        }
        if (!kind.equals("user")) {
            throw MatrixError.invalidParam("Invalid kind '" + HomeserverState.abbreviate(kind) + "': use user");
        }
        if (!registrationEnabled) {
            throw MatrixError.forbidden("Registration has been disabled. Create users with shared-secret "
                    + "registration (/_synapse/admin/v1/register) or POST /_fake/v1/users");
        }
        ObjectNode request = call.jsonObject();
        String username = Call.optionalString(request, "username").orElse(null);
        if (username != null) {
            String localpart = state.validLocalpart(username);
            if (state.userExists(localpart)) {
                throw new MatrixError(400, "M_USER_IN_USE", "User ID already taken.");
            }
        }
        String password = Call.optionalString(request, "password").orElse(null);
        if (password != null && password.length() > 512) { // Synapse's limit and words (register.py)
            throw new MatrixError(400, "M_UNKNOWN", "Invalid password: at most 512 characters");
        }
        JsonNode auth = request.get("auth");
        if (auth == null || auth.isNull()) {
            return uiaChallenge();
        }
        if (!auth.isObject()) {
            throw MatrixError.badJson("'auth' must be an object");
        }
        String type = Call.optionalString((ObjectNode) auth, "type").orElse(null);
        String session = Call.optionalString((ObjectNode) auth, "session").orElse(null);
        if (!"m.login.dummy".equals(type) || session == null || uiaSessions.remove(session) == null) {
            return uiaChallenge();
        }
        String localpart = username != null ? username : "user" + state.ids().deviceId().toLowerCase(java.util.Locale.ROOT);
        boolean inhibitLogin = Call.optionalBoolean(request, "inhibit_login").orElse(false);
        ObjectNode body = json.object();
        if (inhibitLogin) {
            body.put("user_id", state.createAccountOnly(localpart, password, false, "register"));
            body.put("home_server", state.serverName());
            return Reply.ok(body);
        }
        String deviceId = Call.optionalString(request, "device_id").orElse(null);
        FakeUser user = state.register(localpart, password, false, "register", deviceId, null);
        body.put("user_id", user.userId());
        body.put("access_token", user.accessToken());
        body.put("device_id", user.deviceId());
        body.put("home_server", state.serverName());
        return Reply.ok(body);
    }

    private Reply uiaChallenge() {
        String session = state.ids().nonce();
        uiaSessions.put(session, Boolean.TRUE);
        ObjectNode body = json.object();
        body.put("session", session);
        body.putArray("flows").addObject().putArray("stages").add("m.login.dummy");
        body.putObject("params");
        return new Reply(401, body);
    }

    /** {@code GET /register/available?username=}. */
    public Reply available(Call call) {
        String username = call.query("username").orElseThrow(() ->
                MatrixError.missingParam("Missing query parameter 'username'"));
        String localpart = state.validLocalpart(username);
        if (state.userExists(localpart)) {
            throw new MatrixError(400, "M_USER_IN_USE", "User ID already taken.");
        }
        return Reply.ok(json.object().put("available", true));
    }

    /** {@code GET /_synapse/admin/v1/register}: a fresh nonce, valid for 60 seconds and one use. */
    public Reply nonce(Call call) {
        clearOldNonces();
        String nonce = state.ids().hex(64);
        nonces.put(nonce, clock.getAsLong() / 1000);
        return Reply.ok(json.object().put("nonce", nonce));
    }

    /** {@code POST /_synapse/admin/v1/register}: checks in Synapse's order, then registers and logs in. */
    public Reply sharedSecretRegister(Call call) {
        clearOldNonces();
        if (sharedSecret == null) {
            throw new MatrixError(400, "M_UNKNOWN", "Shared secret registration is not enabled");
        }
        ObjectNode body = call.jsonObject();
        JsonNode nonceNode = body.get("nonce");
        if (nonceNode == null) {
            throw new MatrixError(400, "M_BAD_JSON", "nonce must be specified");
        }
        String nonce = nonceNode.isTextual() ? nonceNode.asText() : null;
        if (nonce == null || nonces.remove(nonce) == null) {
            throw new MatrixError(400, "M_UNKNOWN", "unrecognised nonce");
        }
        JsonNode usernameNode = body.get("username");
        if (usernameNode == null) {
            throw new MatrixError(400, "M_BAD_JSON", "username must be specified");
        }
        if (!usernameNode.isTextual() || usernameNode.asText().length() > 512 || usernameNode.asText().indexOf(0) >= 0) {
            throw new MatrixError(400, "M_UNKNOWN", "Invalid username");
        }
        JsonNode passwordNode = body.get("password");
        if (passwordNode == null) {
            throw new MatrixError(400, "M_BAD_JSON", "password must be specified");
        }
        if (!passwordNode.isTextual() || passwordNode.asText().length() > 512 || passwordNode.asText().indexOf(0) >= 0) {
            throw new MatrixError(400, "M_UNKNOWN", "Invalid password");
        }
        JsonNode adminNode = body.get("admin");
        boolean admin = adminNode != null && truthy(adminNode);
        JsonNode userTypeNode = body.get("user_type");
        String userType = userTypeNode == null || userTypeNode.isNull() ? null : userTypeNode.asText();
        if (userType != null && !userType.equals("support") && !userType.equals("bot")) {
            throw new MatrixError(400, "M_UNKNOWN", "Invalid user type");
        }
        JsonNode macNode = body.get("mac");
        if (macNode == null) {
            throw new MatrixError(400, "M_BAD_JSON", "mac must be specified");
        }
        String want = mac(sharedSecret, nonce, usernameNode.asText(), passwordNode.asText(), admin, userType);
        String got = macNode.isTextual() ? macNode.asText() : "";
        if (!MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII), got.getBytes(StandardCharsets.UTF_8))) {
            // What Synapse answers (synapse/rest/admin/users.py): 403 with M_UNKNOWN, not M_FORBIDDEN.
            throw MatrixError.unknown(403, "HMAC incorrect");
        }
        String localpart = usernameNode.asText().toLowerCase(java.util.Locale.ROOT);
        FakeUser user = state.register(localpart, passwordNode.asText(), admin, "shared-secret", null, null);
        ObjectNode reply = json.object();
        reply.put("user_id", user.userId());
        reply.put("home_server", state.serverName());
        reply.put("access_token", user.accessToken());
        reply.put("device_id", user.deviceId());
        return Reply.ok(reply);
    }

    /**
     * The HMAC-SHA1 Synapse expects, hex encoded: key = shared secret; message = nonce NUL username NUL
     * password NUL ("admin" or "notadmin") [NUL user_type].
     */
    public static String mac(String sharedSecret, String nonce, String username, String password, boolean admin,
                             String userType) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update((admin ? "admin" : "notadmin").getBytes(StandardCharsets.US_ASCII));
            if (userType != null && !userType.isEmpty()) {
                mac.update((byte) 0);
                mac.update(userType.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    private void clearOldNonces() {
        long now = clock.getAsLong() / 1000;
        nonces.values().removeIf(created -> now - created > NONCE_TIMEOUT_SECONDS);
    }

    private static boolean truthy(JsonNode node) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.asDouble() != 0;
        }
        if (node.isTextual()) {
            return !node.asText().isEmpty();
        }
        return node.isContainerNode() && node.size() > 0;
    }
}
