package io.mxnotify.core.render;

import java.util.Map;

/** Decodes the HTML character references a sanitizer meets in user HTML. Package-private. */
final class HtmlEntities {
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", "\u00A0"), Map.entry("copy", "\u00A9"), Map.entry("reg", "\u00AE"),
            Map.entry("hellip", "\u2026"), Map.entry("mdash", "\u2014"), Map.entry("ndash", "\u2013"),
            Map.entry("laquo", "\u00AB"), Map.entry("raquo", "\u00BB"), Map.entry("euro", "\u20AC"),
            Map.entry("deg", "\u00B0"), Map.entry("times", "\u00D7"), Map.entry("middot", "\u00B7"),
            Map.entry("bull", "\u2022"), Map.entry("rarr", "\u2192"), Map.entry("larr", "\u2190"));

    private HtmlEntities() {
    }

    /** Decodes one reference such as {@code &amp;} or {@code &#x41;}; null if unknown or not a valid code point. */
    static String decode(String entity) {
        String inner = entity.substring(1, entity.length() - 1);
        if (inner.startsWith("#")) {
            try {
                int cp = inner.length() > 1 && (inner.charAt(1) == 'x' || inner.charAt(1) == 'X')
                        ? Integer.parseInt(inner.substring(2), 16)
                        : Integer.parseInt(inner.substring(1));
                if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                    return "\uFFFD";
                }
                return new String(Character.toChars(cp));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return NAMED.get(inner);
    }

    /** Decodes every known reference in an attribute value. */
    static String decodeAll(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int semi = s.charAt(i) == '&' ? s.indexOf(';', i) : -1;
            if (semi > i && semi - i <= 33) {
                String decoded = decode(s.substring(i, semi + 1));
                if (decoded != null) {
                    out.append(decoded);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(s.charAt(i));
            i++;
        }
        return out.toString();
    }
}
