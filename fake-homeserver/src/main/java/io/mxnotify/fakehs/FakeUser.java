package io.mxnotify.fakehs;

import java.util.Objects;

/**
 * A user of the fake home server with one logged-in device: what a notifier needs to talk to it.
 * {@link #toString()} masks the token and the password so they never end up in a log line.
 *
 * @param userId      the full Matrix user id, e.g. {@code @bot:localhost}
 * @param accessToken a valid access token for {@code deviceId}
 * @param deviceId    the device the token belongs to
 * @param password    the account's password (log in again with it to get a fresh token)
 */
public record FakeUser(String userId, String accessToken, String deviceId, String password) {

    public FakeUser {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(password, "password");
    }

    /** The localpart of {@link #userId()}: {@code bot} for {@code @bot:localhost}. */
    public String localpart() {
        return userId.substring(1, userId.indexOf(':'));
    }

    @Override
    public String toString() {
        return "FakeUser[userId=" + userId + ", deviceId=" + deviceId + ", accessToken=***, password=***]";
    }
}
