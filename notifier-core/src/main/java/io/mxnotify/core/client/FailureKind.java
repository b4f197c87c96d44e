package io.mxnotify.core.client;

/**
 * Why a call failed, and the single place deciding whether repeating the same request later can
 * succeed ({@link #isRetryable()}). The delivery engine chooses backoff, re-login or giving up from it.
 */
public enum FailureKind {
    /** No answer: connection refused or reset, DNS failure, connection dropped. Retry with backoff. */
    NETWORK(true),
    /** Connecting or waiting for the answer took longer than the configured timeout (or the server said 408). Retry with backoff. */
    TIMEOUT(true),
    /** The TLS handshake failed, e.g. an expired or untrusted certificate. Retry with backoff: usually fixed by the server's admin. */
    TLS(true),
    /** HTTP 5xx, or an answer that is not the JSON the spec requires. Retry with backoff (a send keeps its txnId, so no duplicate). */
    SERVER_ERROR(true),
    /** HTTP 429 / {@code M_LIMIT_EXCEEDED}: retry after {@link MatrixException#retryAfter()} when given, else with backoff. */
    RATE_LIMITED(true),
    /** {@code M_RESOURCE_LIMIT_EXCEEDED}: the server as a whole hit a limit its admin must lift. Retry with long backoff. */
    SERVER_LIMIT(true),
    /**
     * {@code M_UNKNOWN_TOKEN} or {@code M_MISSING_TOKEN}: the access token is expired, logged out or
     * absent. Not retryable as is: refresh the token ({@link MatrixException#softLogout()}) or log in
     * again on the same device, then retry.
     */
    UNKNOWN_TOKEN(false),
    /** {@code M_FORBIDDEN}: not allowed, e.g. sending to a room the user has not joined, or a wrong password at login. */
    FORBIDDEN(false),
    /** {@code M_USER_DEACTIVATED}, {@code M_USER_LOCKED}, {@code M_USER_SUSPENDED}: the account cannot act until a person intervenes. */
    ACCOUNT_UNUSABLE(false),
    /**
     * {@code M_UNRECOGNIZED} (404, 405, or Synapse's 400) on an endpoint every home server has: the base URL
     * is not the root of a Matrix client API (a path such as {@code /matrix} too many, or another service on
     * that port). Not retryable as is, and nothing the notification did: it stays queued until the URL is fixed.
     */
    WRONG_ENDPOINT(false),
    /** Any other 4xx (bad request, not found, too large...): the request itself will not succeed. */
    REJECTED(false);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether repeating the very same request later may succeed without anything else changing. */
    public boolean isRetryable() {
        return retryable;
    }

    /**
     * Classifies an HTTP error answer. The errcode decides where it is specific; with {@code M_UNKNOWN}
     * or no errcode the HTTP status decides, as the spec advises.
     */
    public static FailureKind classify(int status, String errcode) {
        String code = errcode == null ? "M_UNKNOWN" : errcode;
        switch (code) {
            case "M_LIMIT_EXCEEDED":
                return RATE_LIMITED;
            case "M_UNKNOWN_TOKEN":
            case "M_MISSING_TOKEN":
                return UNKNOWN_TOKEN;
            case "M_FORBIDDEN":
                return FORBIDDEN;
            case "M_RESOURCE_LIMIT_EXCEEDED":
                return SERVER_LIMIT;
            case "M_USER_DEACTIVATED":
            case "M_USER_LOCKED":
            case "M_USER_SUSPENDED":
                return ACCOUNT_UNUSABLE;
            case "M_UNRECOGNIZED":
                if (status == 400 || status == 404 || status == 405) {
                    return WRONG_ENDPOINT;
                }
                break;
            default:
                break;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        if (status == 408) {
            return TIMEOUT;
        }
        if (status == 401 && "M_UNKNOWN".equals(code)) {
            return UNKNOWN_TOKEN;
        }
        if (status == 403 && "M_UNKNOWN".equals(code)) {
            return FORBIDDEN;
        }
        return REJECTED;
    }
}
