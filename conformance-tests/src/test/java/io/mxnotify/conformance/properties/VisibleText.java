package io.mxnotify.conformance.properties;

/**
 * Shows a generated string so that a shrunk counterexample can be read: control characters, bidi
 * controls and lone surrogates as {@code \}{@code uXXXX}, line breaks as {@code \n}, the rest as is.
 */
final class VisibleText {
    private VisibleText() {
    }

    static String of(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))
                            || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
                    if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                            || Character.isSurrogate(c) && !pairedSurrogate) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
