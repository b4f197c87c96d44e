package io.mxnotify.conformance.target;

import java.util.Objects;

/**
 * A logged-in user of the target server. {@link #toString()} masks the token and password.
 *
 * @param userId      full user id, e.g. {@code @bot:localhost}
 * @param accessToken a valid access token
 * @param deviceId    the device of that token
 * @param password    the password, to log in again
 */
public record TestAccount(String userId, String accessToken, String deviceId, String password) {
    public TestAccount {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(password, "password");
    }

    /** The part between {@code @} and the first {@code :}. */
    public String localpart() {
        return userId.substring(1, userId.indexOf(':'));
    }

    /** The server name part of the user id. */
    public String serverName() {
        return userId.substring(userId.indexOf(':') + 1);
    }

    /** The same user with another token and device (after a fresh login). */
    public TestAccount withSession(String newAccessToken, String newDeviceId) {
        return new TestAccount(userId, newAccessToken, newDeviceId, password);
    }

    @Override
    public String toString() {
        return "TestAccount[" + userId + ", device " + deviceId + ", token ***]";
    }
}
