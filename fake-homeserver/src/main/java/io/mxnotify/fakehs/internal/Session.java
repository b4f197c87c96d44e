package io.mxnotify.fakehs.internal;

/** An authenticated caller: the user and device an access token belongs to. */
public record Session(String userId, String deviceId, String accessToken) {

    @Override
    public String toString() {
        return "Session[userId=" + userId + ", deviceId=" + deviceId + ", accessToken=***]";
    }
}
