package io.mxnotify.conformance.target;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Synapse's shared-secret registration ({@code /_synapse/admin/v1/register}, the API behind
 * {@code register_new_matrix_user}): fetch a nonce, then post the user with an HMAC-SHA1 of
 * {@code nonce NUL username NUL password NUL notadmin} keyed by the shared secret.
 */
public final class SharedSecretRegistration {
    public static final String PATH = "/_synapse/admin/v1/register";

    private final MatrixApi api;
    private final String secret;

    public SharedSecretRegistration(MatrixApi api, String secret) {
        this.api = api;
        this.secret = secret;
    }

    /** Fetches a nonce; the raw answer. */
    public Response nonce() {
        return api.anonymous().get(PATH);
    }

    /** Registers a user with a fresh nonce; the raw answer. */
    public Response register(String username, String password) {
        Response nonce = nonce();
        if (nonce.statusCode() != 200) {
            return nonce;
        }
        return register(nonce.path("nonce"), username, password, mac(nonce.path("nonce"), username, password));
    }

    /** Posts a registration with the given nonce and MAC (tests of wrong MACs and reused nonces). */
    public Response register(String nonce, String username, String password, String mac) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nonce", nonce);
        body.put("username", username);
        body.put("password", password);
        body.put("admin", false);
        body.put("mac", mac);
        return api.anonymous().contentType("application/json").body(body).post(PATH);
    }

    /** Registers and answers the new, logged-in account; {@link IllegalStateException} with the answer if refused. */
    public TestAccount registerAccount(String username, String password) {
        Response answer = register(username, password);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("shared-secret registration of " + username + " failed: "
                    + answer.statusCode() + " " + answer.asString());
        }
        return new TestAccount(answer.path("user_id"), answer.path("access_token"), answer.path("device_id"), password);
    }

    /** The MAC Synapse expects, lower-case hex. */
    public String mac(String nonce, String username, String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String message = nonce + "\0" + username + "\0" + password + "\0" + "notadmin";
            return HexFormat.of().formatHex(hmac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SharedSecretRegistration[" + api.baseUrl() + ", secret ***]";
    }
}
