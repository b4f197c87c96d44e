package io.mxnotify.core.id;

/**
 * Thrown when text is not a valid Matrix identifier. The message names the kind of identifier, the
 * offending input, what is wrong (which character at which position, or which rule) and what a valid
 * one looks like.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    InvalidIdentifierException(String kind, String input, String problem, String example) {
        super("invalid " + kind + " '" + printable(input) + "': " + problem + " (expected something like " + example + ")");
    }

    /** Makes control characters visible so the message is readable and cannot forge log lines. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(300).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (s.codePointCount(0, s.length()) > 300) {
            out.append("...");
        }
        return out.toString();
    }

    /** Describes one character for an error message: {@code 'A' (U+0041)}. */
    static String describe(int codePoint) {
        String shown = codePoint < 0x20 || codePoint == 0x7F ? "" : "'" + new String(Character.toChars(codePoint)) + "' ";
        return shown + String.format("(U+%04X)", codePoint);
    }
}
