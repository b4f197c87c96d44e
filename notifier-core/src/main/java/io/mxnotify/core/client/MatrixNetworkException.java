package io.mxnotify.core.client;

/**
 * No usable answer from the server: the connection failed or dropped, the TLS handshake failed, or a
 * timeout expired. Always retryable; for a send the same txnId makes the retry safe even if the
 * server did store the event before the answer was lost.
 */
public final class MatrixNetworkException extends MatrixClientException {
    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    /**
     * @param request what was attempted, as {@code METHOD /path}
     * @param kind    {@link FailureKind#NETWORK}, {@link FailureKind#TIMEOUT} or {@link FailureKind#TLS}
     * @param detail  what happened, in words
     * @param cause   the underlying exception, may be null
     */
    public MatrixNetworkException(String request, FailureKind kind, String detail, Throwable cause) {
        super(request, request + " failed: " + detail, cause);
        if (kind != FailureKind.NETWORK && kind != FailureKind.TIMEOUT && kind != FailureKind.TLS) {
            throw new IllegalArgumentException("a network failure is NETWORK, TIMEOUT or TLS, not " + kind);
        }
        this.kind = kind;
    }

    @Override
    public FailureKind kind() {
        return kind;
    }

    /** Whether a connect or request timeout expired. */
    public boolean isTimeout() {
        return kind == FailureKind.TIMEOUT;
    }
}
