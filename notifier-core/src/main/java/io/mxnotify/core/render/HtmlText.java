package io.mxnotify.core.render;

/** HTML escaping of user text, package-private: the one place text becomes HTML. */
final class HtmlText {
    private HtmlText() {
    }

    /** Escapes {@code & < > " '} so the text can go in element content or a quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Escapes and turns line breaks into {@code <br/>}. */
    static String escapeWithBreaks(String text) {
        return escape(text.replace("\r\n", "\n").replace('\r', '\n')).replace("\n", "<br/>");
    }
}
