package io.mxnotify.fakehs.internal;

/**
 * A session just opened by a login or a refresh, with what the answer carries beside the access token.
 *
 * @param session      the user, device and access token
 * @param refreshToken the refresh token, or {@code null} when the client did not ask for one or tokens do not expire
 * @param expiresInMs  the access token's lifetime, or 0 when it does not expire
 */
public record IssuedSession(Session session, String refreshToken, long expiresInMs) {

    @Override
    public String toString() {
        return "IssuedSession[" + session + ", refreshToken=" + (refreshToken == null ? "none" : "***")
                + ", expiresInMs=" + expiresInMs + "]";
    }
}
