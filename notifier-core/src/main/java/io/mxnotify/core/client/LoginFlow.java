package io.mxnotify.core.client;

/**
 * One login type the server offers ({@code GET /login}), e.g. {@code m.login.password} or
 * {@code m.login.sso}.
 *
 * @param type the login type
 */
public record LoginFlow(String type) {
    /** The password login type this client uses. */
    public static final String PASSWORD = "m.login.password";

    /** Whether this is password login. */
    public boolean isPassword() {
        return PASSWORD.equals(type);
    }
}
