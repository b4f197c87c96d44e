package io.mxnotify.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret string (access token, refresh token, password, shared secret) that never shows itself by
 * accident: {@link #toString()} is redacted, so a secret inside a record, a log line or an exception
 * message reads {@code <redacted>}. Call {@link #reveal()} only where the raw value must leave the
 * program (an HTTP header, a request body, a file the user asked for).
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a secret value.
     *
     * @throws IllegalArgumentException if it is null or empty
     */
    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret (token or password) must not be empty");
        }
        return new Secret(value);
    }

    /** The raw value. Every call site is a place where the secret leaves memory on purpose. */
    public String reveal() {
        return value;
    }

    /** Always {@code <redacted>}. */
    @Override
    public String toString() {
        return "<redacted>";
    }

    /** Compares in constant time. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return Objects.hash(Secret.class);
    }
}
