package io.mxnotify.core.client;

/**
 * Any failure of a {@link MatrixClient} call: either the server answered with an error
 * ({@link MatrixException}) or no usable answer arrived ({@link MatrixNetworkException}). Both say
 * what kind of failure it was and whether a retry can help. Messages never contain a token or password.
 */
public abstract sealed class MatrixClientException extends RuntimeException
        permits MatrixException, MatrixNetworkException {
    private static final long serialVersionUID = 1L;

    private final String request;

    MatrixClientException(String request, String message, Throwable cause) {
        super(message, cause);
        this.request = request;
    }

    /** The request that failed, as {@code METHOD /path} (no query, no token). */
    public String request() {
        return request;
    }

    /** What kind of failure this is. */
    public abstract FailureKind kind();

    /** Whether repeating the same request later may succeed; see {@link FailureKind#isRetryable()}. */
    public boolean isRetryable() {
        return kind().isRetryable();
    }
}
