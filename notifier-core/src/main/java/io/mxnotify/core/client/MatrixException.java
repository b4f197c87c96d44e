package io.mxnotify.core.client;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The server answered with an error: HTTP status, the spec's {@code errcode} and {@code error},
 * {@code retry_after_ms} (from the body, else the {@code Retry-After} header) and {@code soft_logout}.
 * {@link #kind()} says what the caller can do about it.
 */
public final class MatrixException extends MatrixClientException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errcode;
    private final String error;
    private final Duration retryAfter;
    private final boolean softLogout;
    private final Map<String, String> details;
    private final FailureKind kind;

    /**
     * @param request    what was attempted, as {@code METHOD /path}
     * @param status     the HTTP status
     * @param errcode    the errcode from the body, or null if the body carried none ({@code M_UNKNOWN} is assumed)
     * @param error      the human-readable error from the body, or null
     * @param retryAfter how long the server asked us to wait, or null
     * @param softLogout the {@code soft_logout} flag of an {@code M_UNKNOWN_TOKEN} answer
     * @param details    other string fields of the error body worth showing (e.g. {@code admin_contact}); may be empty
     */
    public MatrixException(String request, int status, String errcode, String error, Duration retryAfter,
                           boolean softLogout, Map<String, String> details) {
        super(request, describe(request, status, errcode, error, retryAfter, softLogout), null);
        this.status = status;
        this.errcode = errcode == null || errcode.isEmpty() ? "M_UNKNOWN" : errcode;
        this.error = error == null ? "" : error;
        this.retryAfter = retryAfter;
        this.softLogout = softLogout;
        this.details = Map.copyOf(details);
        this.kind = FailureKind.classify(status, this.errcode);
    }

    /** For answers that are not errors by status but unusable (malformed or oversized): classified as given. */
    MatrixException(String request, int status, String errcode, String error, Duration retryAfter,
                    boolean softLogout, Map<String, String> details, FailureKind kind) {
        super(request, describe(request, status, errcode, error, retryAfter, softLogout), null);
        this.status = status;
        this.errcode = errcode == null || errcode.isEmpty() ? "M_UNKNOWN" : errcode;
        this.error = error == null ? "" : error;
        this.retryAfter = retryAfter;
        this.softLogout = softLogout;
        this.details = Map.copyOf(details);
        this.kind = kind;
    }

    private static String describe(String request, int status, String errcode, String error, Duration retryAfter, boolean softLogout) {
        StringBuilder s = new StringBuilder(request).append(" failed: HTTP ").append(status);
        s.append(' ').append(errcode == null || errcode.isEmpty() ? "(no Matrix errcode)" : errcode);
        if (error != null && !error.isEmpty()) {
            s.append(": ").append(error);
        }
        if (retryAfter != null) {
            s.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
        }
        if (softLogout) {
            s.append(" (soft logout: refresh the token or log in again on the same device)");
        }
        return s.toString();
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The Matrix error code, e.g. {@code M_FORBIDDEN}; {@code M_UNKNOWN} when the body carried none. */
    public String errcode() {
        return errcode;
    }

    /** The server's human-readable message; empty when it sent none. */
    public String error() {
        return error;
    }

    /** How long to wait before retrying, from {@code retry_after_ms} or the {@code Retry-After} header. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Whether an {@code M_UNKNOWN_TOKEN} answer said {@code soft_logout: true} (the device survives; refresh or log in again on it). */
    public boolean softLogout() {
        return softLogout;
    }

    /** Extra string fields of the error body, such as {@code admin_contact}, {@code room_version} or {@code info_uri}. */
    public Map<String, String> details() {
        return details;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }
}
