package io.mxnotify.core.delivery;

import io.mxnotify.core.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sends, and where: the home server's client-server base URL, the access token, and optionally a
 * user and password so the engine can log in again by itself (on the same device) when the token is
 * rejected. Lives in the caller's configuration, never in the spool. {@code toString()} shows no secret.
 *
 * @param homeserver  the client-server base URL, e.g. {@code https://matrix-client.matrix.org}
 * @param accessToken the access token; may be empty when a user and password are given (then the
 *                    engine logs in before the first request)
 * @param user        the user's localpart or full user id, for logging in again
 * @param password    the user's password, for logging in again
 * @param deviceId    the device the token belongs to, so logging in again reuses it instead of
 *                    creating a new device; without it the first re-login creates one and later ones reuse it
 */
public record HomeserverAccount(URI homeserver, Optional<Secret> accessToken, Optional<String> user,
                                Optional<Secret> password, Optional<String> deviceId) {

    /** Validates: a token, or a user with a password, is required; a password needs a user. */
    public HomeserverAccount {
        Objects.requireNonNull(homeserver, "homeserver");
        accessToken = Objects.requireNonNullElse(accessToken, Optional.empty());
        user = Objects.requireNonNullElse(user, Optional.<String>empty()).filter(u -> !u.isBlank());
        password = Objects.requireNonNullElse(password, Optional.empty());
        deviceId = Objects.requireNonNullElse(deviceId, Optional.<String>empty()).filter(d -> !d.isBlank());
        if (password.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException("a password was given without a user: give the bot's user id"
                    + " (e.g. @bot:example.org) too, or leave the password out");
        }
        if (accessToken.isEmpty() && password.isEmpty()) {
            throw new IllegalArgumentException("no credentials: give an access token (run `mxnotify login` to get"
                    + " one), or a user and password");
        }
    }

    /** An account known only by its access token (no automatic re-login). */
    public static HomeserverAccount withToken(URI homeserver, Secret accessToken) {
        return new HomeserverAccount(homeserver, Optional.of(accessToken), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** This account with a user and password for logging in again on {@code deviceId} (may be null). */
    public HomeserverAccount withPasswordLogin(String user, Secret password, String deviceId) {
        return new HomeserverAccount(homeserver, accessToken, Optional.of(user), Optional.of(password),
                Optional.ofNullable(deviceId));
    }

    /** Whether the engine can log in again by itself. */
    public boolean canLogIn() {
        return password.isPresent();
    }
}
