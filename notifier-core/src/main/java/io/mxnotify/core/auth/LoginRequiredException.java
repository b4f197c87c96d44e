package io.mxnotify.core.auth;

/**
 * The access token is dead and nothing can renew it without a person: no refresh token works and no
 * password is configured. The message says what happened and to run {@code mxnotify login}.
 */
public final class LoginRequiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With the user-facing explanation. */
    public LoginRequiredException(String message) {
        super(message, null, false, false);
    }
}
