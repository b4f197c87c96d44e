package io.mxnotify.core.client;

import io.mxnotify.core.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * A password login ({@code m.login.password} with an {@code m.id.user} identifier).
 *
 * @param user                     the user's localpart ({@code bot}) or full user id ({@code @bot:example.org})
 * @param password                 the password
 * @param deviceId                 the device to log in on; give the previous device id to get a fresh token
 *                                 without creating a new device (the server then invalidates that device's old tokens)
 * @param initialDeviceDisplayName display name for a newly created device
 * @param requestRefreshToken      ask for a refresh token (spec v1.3+; servers may ignore it)
 */
public record LoginRequest(String user, Secret password, Optional<String> deviceId,
                           Optional<String> initialDeviceDisplayName, boolean requestRefreshToken) {

    /** Validates. */
    public LoginRequest {
        Objects.requireNonNull(password, "password");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("login needs a user: a localpart like 'bot' or a user id like '@bot:example.org'");
        }
        deviceId = Objects.requireNonNullElse(deviceId, Optional.empty());
        initialDeviceDisplayName = Objects.requireNonNullElse(initialDeviceDisplayName, Optional.empty());
        if (deviceId.isPresent() && deviceId.get().isBlank()) {
            throw new IllegalArgumentException("a device id must not be blank; leave it out to get a new device");
        }
    }

    /** A password login on a new device, without refresh token. */
    public static LoginRequest password(String user, Secret password) {
        return new LoginRequest(user, password, Optional.empty(), Optional.empty(), false);
    }

    /** The same login on an existing device: the server replaces that device's tokens instead of adding a device. */
    public LoginRequest onDevice(String deviceId) {
        return new LoginRequest(user, password, Optional.of(deviceId), initialDeviceDisplayName, requestRefreshToken);
    }

    /** The same login, naming a newly created device. */
    public LoginRequest withDeviceDisplayName(String displayName) {
        return new LoginRequest(user, password, deviceId, Optional.of(displayName), requestRefreshToken);
    }

    /** The same login, asking for a refresh token. */
    public LoginRequest withRefreshToken() {
        return new LoginRequest(user, password, deviceId, initialDeviceDisplayName, true);
    }
}
