package io.mxnotify.core.id;

import java.nio.charset.StandardCharsets;

/** Checks shared by the identifier parsers (package-private; not API). */
final class IdentifierText {
    static final int MAX_BYTES = 255;

    private IdentifierText() {
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static void requireMaxLength(String kind, String input, String example) {
        int bytes = utf8Length(input);
        if (bytes > MAX_BYTES) {
            throw new InvalidIdentifierException(kind, input,
                    "it is " + bytes + " bytes long in UTF-8 but must not exceed " + MAX_BYTES + " bytes", example);
        }
    }

    static void requireSigil(String kind, String input, char sigil, String example) {
        if (input == null || input.isEmpty()) {
            throw new InvalidIdentifierException(kind, input == null ? "" : input,
                    "it is empty", example);
        }
        if (input.charAt(0) != sigil) {
            throw new InvalidIdentifierException(kind, input,
                    "it must start with '" + sigil + "' but starts with " + InvalidIdentifierException.describe(input.codePointAt(0)),
                    example);
        }
    }

    /**
     * The historical (opaque) localpart rule shared by room ids, room aliases and old user ids: any
     * non-surrogate Unicode code point except ':' and NUL.
     */
    static void requireOpaqueLocalpart(String kind, String input, String localpart, int offset, String example) {
        for (int i = 0; i < localpart.length(); ) {
            char c = localpart.charAt(i);
            if (c == '\0') {
                throw new InvalidIdentifierException(kind, input,
                        "NUL (U+0000) at index " + (offset + i) + " is not allowed", example);
            }
            if (Character.isHighSurrogate(c) && i + 1 < localpart.length() && Character.isLowSurrogate(localpart.charAt(i + 1))) {
                i += 2;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new InvalidIdentifierException(kind, input,
                        "unpaired surrogate " + String.format("(U+%04X)", (int) c) + " at index " + (offset + i)
                                + " is not a valid Unicode code point", example);
            }
            i++;
        }
    }
}
