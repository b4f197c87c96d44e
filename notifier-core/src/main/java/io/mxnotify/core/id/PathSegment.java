package io.mxnotify.core.id;

import java.nio.charset.StandardCharsets;

/**
 * The one place where text becomes a URL path segment (or query value): RFC 3986 percent-encoding of
 * everything outside the unreserved set {@code A-Z a-z 0-9 - . _ ~}, byte by byte in UTF-8. So {@code !}
 * becomes {@code %21}, {@code #} becomes {@code %23}, {@code :} becomes {@code %3A} and {@code /} becomes
 * {@code %2F}. Nothing a user typed is ever concatenated into a URL without passing through here.
 */
public final class PathSegment {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegment() {
    }

    /**
     * Percent-encodes {@code raw} so that it is exactly one path segment.
     *
     * @throws IllegalArgumentException if {@code raw} is empty (an empty segment would change the path)
     */
    public static String encode(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("a URL path segment must not be empty");
        }
        return encodeAllowingEmpty(raw);
    }

    /** Percent-encodes {@code raw} as a query parameter name or value (same rule; may be empty). */
    public static String encodeQueryValue(String raw) {
        return encodeAllowingEmpty(raw);
    }

    private static String encodeAllowingEmpty(String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
