package io.mxnotify.core.auth;

/** The credentials file could not be read, parsed, locked or written; the message says which and how to fix it. */
public final class CredentialStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public CredentialStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure without an underlying exception (e.g. unsafe file modes). */
    public CredentialStoreException(String message) {
        super(message);
    }
}
