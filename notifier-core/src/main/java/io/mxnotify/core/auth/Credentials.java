package io.mxnotify.core.auth;

import io.mxnotify.core.Secret;
import io.mxnotify.core.client.LoginResult;
import io.mxnotify.core.client.RefreshResult;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One session with a home server: the access token, the refresh token that renews it, when it expires,
 * and the device and user it belongs to. Immutable; {@code toString()} shows no token.
 *
 * @param homeserver   the client-server base URL the tokens are for
 * @param userId       the user, when known (a bare access token does not say)
 * @param deviceId     the device, when known; logging in again on it keeps the device count steady
 * @param accessToken  the access token
 * @param refreshToken the refresh token, if the server issued one (single-use: store the new one after each refresh)
 * @param expiresAt    when the access token expires, if it does
 */
public record Credentials(URI homeserver, Optional<String> userId, Optional<String> deviceId, Secret accessToken,
                          Optional<Secret> refreshToken, Optional<Instant> expiresAt) {

    /** Validates and normalises absent values to empty. */
    public Credentials {
        Objects.requireNonNull(homeserver, "homeserver");
        Objects.requireNonNull(accessToken, "accessToken");
        userId = Objects.requireNonNullElse(userId, Optional.<String>empty()).filter(u -> !u.isBlank());
        deviceId = Objects.requireNonNullElse(deviceId, Optional.<String>empty()).filter(d -> !d.isBlank());
        refreshToken = Objects.requireNonNullElse(refreshToken, Optional.empty());
        expiresAt = Objects.requireNonNullElse(expiresAt, Optional.empty());
    }

    /** Credentials known only by an access token (no refresh, no known expiry). */
    public static Credentials ofAccessToken(URI homeserver, Secret accessToken, String userId, String deviceId) {
        return new Credentials(homeserver, Optional.ofNullable(userId), Optional.ofNullable(deviceId), accessToken,
                Optional.empty(), Optional.empty());
    }

    /** The session a login opened, its expiry counted from {@code now}. */
    public static Credentials fromLogin(URI homeserver, LoginResult login, Instant now) {
        return new Credentials(homeserver, Optional.of(login.userId().value()), Optional.of(login.deviceId()),
                login.accessToken(), login.refreshToken(),
                login.expiresInMs().isPresent() ? Optional.of(now.plusMillis(login.expiresInMs().getAsLong()))
                        : Optional.empty());
    }

    /**
     * These credentials after a refresh: the new access token, the new refresh token (or the old one when
     * the server did not rotate it), and the new expiry counted from {@code now}.
     */
    public Credentials refreshed(RefreshResult refresh, Instant now) {
        return new Credentials(homeserver, userId, deviceId, refresh.accessToken(),
                refresh.refreshToken().or(() -> refreshToken),
                refresh.expiresInMs().isPresent() ? Optional.of(now.plusMillis(refresh.expiresInMs().getAsLong()))
                        : Optional.empty());
    }

    /** Whether the access token is known to have expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return expiresAt.map(at -> !at.isAfter(now)).orElse(false);
    }

    /** Whether these are the same session's tokens as {@code other} (same access token). */
    public boolean sameAccessToken(Credentials other) {
        return other != null && accessToken.equals(other.accessToken);
    }

    @Override
    public String toString() {
        return "Credentials[homeserver=" + homeserver + ", userId=" + userId.orElse("?") + ", deviceId="
                + deviceId.orElse("?") + ", accessToken=<redacted>, refreshToken="
                + (refreshToken.isPresent() ? "<redacted>" : "none") + ", expiresAt="
                + expiresAt.map(Instant::toString).orElse("never") + "]";
    }
}
