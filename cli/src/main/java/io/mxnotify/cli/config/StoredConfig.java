package io.mxnotify.cli.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The contents of {@code config.json}: where to send and as whom. Every field is optional; flags and
 * environment variables override it. Holds secrets, so it is written with mode 0600 and its
 * {@link #toString()} shows none of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredConfig(
        @JsonProperty("homeserver") String homeserver,
        @JsonProperty("user_id") String userId,
        @JsonProperty("device_id") String deviceId,
        @JsonProperty("access_token") String accessToken,
        @JsonProperty("refresh_token") String refreshToken,
        @JsonProperty("expires_at") Long expiresAtEpochMs,
        @JsonProperty("room") String room,
        @JsonProperty("password_file") String passwordFile) {

    /** An empty configuration. */
    public static StoredConfig empty() {
        return new StoredConfig(null, null, null, null, null, null, null, null);
    }

    /** This configuration with the session of a fresh login. */
    public StoredConfig withSession(String newHomeserver, String newUserId, String newDeviceId, String newAccessToken,
                                    String newRefreshToken, Long newExpiresAt) {
        return new StoredConfig(newHomeserver, newUserId, newDeviceId, newAccessToken, newRefreshToken, newExpiresAt,
                room, passwordFile);
    }

    /** This configuration with another default room. */
    public StoredConfig withRoom(String newRoom) {
        return new StoredConfig(homeserver, userId, deviceId, accessToken, refreshToken, expiresAtEpochMs, newRoom,
                passwordFile);
    }

    /** This configuration with another password file (for logging in again by itself). */
    public StoredConfig withPasswordFile(String newPasswordFile) {
        return new StoredConfig(homeserver, userId, deviceId, accessToken, refreshToken, expiresAtEpochMs, room,
                newPasswordFile);
    }

    /** Whether {@code user} (a localpart or a full user id) is the user this configuration's session belongs to. */
    public boolean isSessionOf(String user) {
        if (userId == null || user == null) {
            return false;
        }
        return userId.equals(user) || (!user.startsWith("@") && userId.startsWith("@" + user + ":"));
    }

    /**
     * This configuration after a logout: no tokens and no password file, so nothing uses the account until
     * the next {@code mxnotify login}; the user and device id stay, so that login reuses the device.
     */
    public StoredConfig withoutTokens() {
        return new StoredConfig(homeserver, userId, deviceId, null, null, null, room, null);
    }

    @Override
    public String toString() {
        return "StoredConfig[homeserver=" + homeserver + ", userId=" + userId + ", deviceId=" + deviceId
                + ", accessToken=" + (accessToken == null ? "none" : "<redacted>")
                + ", refreshToken=" + (refreshToken == null ? "none" : "<redacted>")
                + ", expiresAt=" + expiresAtEpochMs + ", room=" + room + ", passwordFile=" + passwordFile + "]";
    }
}
