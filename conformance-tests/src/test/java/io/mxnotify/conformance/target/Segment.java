package io.mxnotify.conformance.target;

import java.nio.charset.StandardCharsets;

/**
 * The suite's own path-segment and query encoder (RFC 3986: every byte outside {@code A-Z a-z 0-9 - . _ ~}
 * is percent-encoded from UTF-8), independent of notifier-core's, so the suite can judge it.
 */
public final class Segment {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Segment() {
    }

    /** {@code !abc:example.org} becomes {@code %21abc%3Aexample.org}. */
    public static String encode(String raw) {
        StringBuilder out = new StringBuilder(raw.length() * 3);
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
