package io.mxnotify.core.client;

import io.mxnotify.core.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A user to create through Synapse's shared-secret registration ({@code /_synapse/admin/v1/register}),
 * the API behind {@code register_new_matrix_user}: no shell access to the server needed, only its
 * {@code registration_shared_secret}.
 *
 * @param username    the new user's localpart, e.g. {@code notify-bot}
 * @param password    the new user's password
 * @param admin       whether the user becomes a server admin (a notification bot should not)
 * @param displayName optional display name
 * @param userType    optional Synapse user type (e.g. {@code bot}); covered by the HMAC when present
 */
public record SharedSecretRegistration(String username, Secret password, boolean admin,
                                       Optional<String> displayName, Optional<String> userType) {

    /** Validates. */
    public SharedSecretRegistration {
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("registration needs a username (the localpart, e.g. 'notify-bot')");
        }
        if (username.startsWith("@")) {
            throw new IllegalArgumentException("give the username as a localpart ('" + localpartOf(username)
                    + "'), not a full user id; the server adds its own name");
        }
        if (username.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the username must not contain NUL");
        }
        Objects.requireNonNull(password, "password");
        if (password.reveal().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the password must not contain NUL");
        }
        displayName = Objects.requireNonNullElse(displayName, Optional.empty());
        userType = userType == null ? Optional.<String>empty() : userType.filter(t -> !t.isEmpty());
    }

    /** A non-admin user without display name or user type. */
    public static SharedSecretRegistration user(String username, Secret password) {
        return new SharedSecretRegistration(username, password, false, Optional.empty(), Optional.empty());
    }

    /** The same registration with a display name. */
    public SharedSecretRegistration withDisplayName(String name) {
        return new SharedSecretRegistration(username, password, admin, Optional.of(name), userType);
    }

    /** The same registration as a server admin, or not. */
    public SharedSecretRegistration withAdmin(boolean isAdmin) {
        return new SharedSecretRegistration(username, password, isAdmin, displayName, userType);
    }

    /** The same registration with a Synapse user type (e.g. {@code bot}). */
    public SharedSecretRegistration withUserType(String type) {
        return new SharedSecretRegistration(username, password, admin, displayName, Optional.of(type));
    }

    /**
     * The hex HMAC-SHA1, keyed with the shared secret, over
     * {@code nonce \0 username \0 password \0 (admin|notadmin) [\0 user_type]}, exactly as Synapse checks it.
     */
    public String mac(String nonce, Secret sharedSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(sharedSecret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(nonce.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(password.reveal().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update((admin ? "admin" : "notadmin").getBytes(StandardCharsets.UTF_8));
            if (userType.isPresent()) {
                mac.update((byte) 0);
                mac.update(userType.get().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is unavailable in this JVM", e);
        }
    }

    private static String localpartOf(String userId) {
        int colon = userId.indexOf(':');
        return colon > 0 ? userId.substring(1, colon) : userId.substring(1);
    }
}
