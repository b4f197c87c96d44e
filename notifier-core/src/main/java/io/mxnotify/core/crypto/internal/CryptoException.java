package io.mxnotify.core.crypto.internal;

/** A key, signature or message that is not what the protocol requires (never a JDK setup problem). */
public final class CryptoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CryptoException(String message) {
        super(message);
    }

    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
