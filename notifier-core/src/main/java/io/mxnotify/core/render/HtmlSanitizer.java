package io.mxnotify.core.render;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces user-supplied HTML to the tags and attributes the Matrix spec recommends for
 * {@code formatted_body} (spec: m.room.message "msgtype" HTML). Unknown tags are dropped (their text
 * kept), {@code script}/{@code style} are dropped with their content, stray {@code <} and {@code &} are
 * escaped, tags are balanced and nesting is capped. Also derives the plain-text fallback. Package-private.
 */
final class HtmlSanitizer {
    private static final int MAX_DEPTH = 100;
    private static final Set<String> VOID = Set.of("br", "hr", "img");
    private static final Set<String> DROP_WITH_CONTENT = Set.of("script", "style", "head", "title", "mx-reply", "textarea", "template", "iframe", "object");
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("font", Set.of("data-mx-bg-color", "data-mx-color", "color")),
            Map.entry("span", Set.of("data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths")),
            Map.entry("a", Set.of("name", "target", "href")),
            Map.entry("img", Set.of("width", "height", "alt", "title", "src")),
            Map.entry("ol", Set.of("start")),
            Map.entry("code", Set.of("class")),
            Map.entry("div", Set.of("data-mx-maths")),
            Map.entry("del", Set.of()), Map.entry("h1", Set.of()), Map.entry("h2", Set.of()), Map.entry("h3", Set.of()),
            Map.entry("h4", Set.of()), Map.entry("h5", Set.of()), Map.entry("h6", Set.of()),
            Map.entry("blockquote", Set.of()), Map.entry("p", Set.of()), Map.entry("ul", Set.of()),
            Map.entry("sup", Set.of()), Map.entry("sub", Set.of()), Map.entry("li", Set.of()), Map.entry("b", Set.of()),
            Map.entry("i", Set.of()), Map.entry("u", Set.of()), Map.entry("strong", Set.of()), Map.entry("em", Set.of()),
            Map.entry("s", Set.of()), Map.entry("hr", Set.of()), Map.entry("br", Set.of()),
            Map.entry("table", Set.of()), Map.entry("thead", Set.of()), Map.entry("tbody", Set.of()), Map.entry("tr", Set.of()),
            Map.entry("th", Set.of()), Map.entry("td", Set.of()), Map.entry("caption", Set.of()), Map.entry("pre", Set.of()),
            Map.entry("details", Set.of()), Map.entry("summary", Set.of()));
    private static final Set<String> BLOCK = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
            "ul", "ol", "li", "tr", "table", "hr", "br", "details", "summary", "caption");
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "ftp", "mailto", "magnet");
    private static final Pattern TAG = Pattern.compile(
            "<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\\s+[^\\s=>/\"']+(?:\\s*=\\s*(?:\"[^\"]*\"|'[^']*'|[^\\s>\"']+))?)*)\\s*(/?)>");
    private static final Pattern ATTR = Pattern.compile(
            "([^\\s=>/\"']+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>\"']+)))?");
    private static final Pattern ENTITY = Pattern.compile("&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});");
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** Sanitized HTML and its plain-text rendering. */
    record Result(String html, String text) {
    }

    private HtmlSanitizer() {
    }

    static Result sanitize(String input) {
        StringBuilder html = new StringBuilder(input.length());
        StringBuilder text = new StringBuilder(input.length());
        Deque<String> open = new ArrayDeque<>();
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c == '<') {
                if (input.startsWith("<!--", i)) {
                    int end = input.indexOf("-->", i + 4);
                    i = end < 0 ? input.length() : end + 3;
                    continue;
                }
                Matcher m = TAG.matcher(input).region(i, input.length());
                if (m.lookingAt()) {
                    String name = m.group(2).toLowerCase(Locale.ROOT);
                    boolean closing = !m.group(1).isEmpty();
                    i = m.end();
                    if (!closing && DROP_WITH_CONTENT.contains(name)) {
                        int end = indexOfIgnoreCase(input, "</" + name, i);
                        if (end < 0) {
                            i = input.length();
                        } else {
                            int gt = input.indexOf('>', end);
                            i = gt < 0 ? input.length() : gt + 1;
                        }
                        continue;
                    }
                    if (!ALLOWED.containsKey(name)) {
                        continue;
                    }
                    if (closing) {
                        close(name, open, html, text);
                    } else {
                        openTag(name, m.group(3), open, html, text);
                    }
                    continue;
                }
                html.append("&lt;");
                text.append('<');
                i++;
            } else if (c == '&') {
                Matcher m = ENTITY.matcher(input).region(i, input.length());
                if (m.lookingAt()) {
                    String entity = m.group();
                    String decoded = HtmlEntities.decode(entity);
                    if (decoded != null) {
                        html.append(HtmlText.escape(decoded));
                        text.append(decoded);
                    } else {
                        html.append("&amp;");
                        text.append('&');
                        i++;
                        continue;
                    }
                    i = m.end();
                    continue;
                }
                html.append("&amp;");
                text.append('&');
                i++;
            } else {
                html.append(HtmlText.escape(String.valueOf(c)));
                text.append(c);
                i++;
            }
        }
        while (!open.isEmpty()) {
            html.append("</").append(open.pop()).append('>');
        }
        return new Result(html.toString(), collapseBlankLines(text.toString()));
    }

    private static void openTag(String name, String attributes, Deque<String> open, StringBuilder html, StringBuilder text) {
        if (!VOID.contains(name) && open.size() >= MAX_DEPTH) {
            return;
        }
        if (BLOCK.contains(name) && text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
        if (name.equals("li")) {
            text.append("- ");
        }
        StringBuilder tag = new StringBuilder("<").append(name);
        Set<String> allowed = ALLOWED.get(name);
        Matcher a = ATTR.matcher(attributes);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (a.find()) {
            String attr = a.group(1).toLowerCase(Locale.ROOT);
            String value = a.group(2) != null ? a.group(2) : a.group(3) != null ? a.group(3) : a.group(4) != null ? a.group(4) : "";
            value = HtmlEntities.decodeAll(value);
            if (!allowed.contains(attr) || !seen.add(attr) || !attributeValueAllowed(name, attr, value)) {
                continue;
            }
            tag.append(' ').append(attr).append("=\"").append(HtmlText.escape(value)).append('"');
        }
        if (VOID.contains(name)) {
            html.append(tag).append("/>");
            if (name.equals("br") || name.equals("hr")) {
                text.append('\n');
            }
            return;
        }
        html.append(tag).append('>');
        open.push(name);
    }

    private static boolean attributeValueAllowed(String tag, String attr, String value) {
        switch (attr) {
            case "href":
                return hasScheme(value, LINK_SCHEMES);
            case "src":
                return hasScheme(value, Set.of("mxc"));
            case "target":
                return value.equals("_blank");
            case "class":
                return tag.equals("code") && value.matches("language-[A-Za-z0-9_+#.-]{1,40}");
            case "color":
            case "data-mx-color":
            case "data-mx-bg-color":
                return COLOR.matcher(value).matches();
            case "start":
            case "width":
            case "height":
                return value.matches("[0-9]{1,9}");
            default:
                return true;
        }
    }

    private static boolean hasScheme(String url, Set<String> schemes) {
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String scheme = url.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        return schemes.contains(scheme) && url.chars().noneMatch(ch -> ch < 0x20 || ch == 0x7F);
    }

    private static void close(String name, Deque<String> open, StringBuilder html, StringBuilder text) {
        if (VOID.contains(name) || !open.contains(name)) {
            return;
        }
        while (!open.isEmpty()) {
            String top = open.pop();
            html.append("</").append(top).append('>');
            if (BLOCK.contains(top) && text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
            if (top.equals(name)) {
                return;
            }
        }
    }

    private static int indexOfIgnoreCase(String haystack, String needle, int from) {
        return haystack.toLowerCase(Locale.ROOT).indexOf(needle.toLowerCase(Locale.ROOT), from);
    }

    private static String collapseBlankLines(String s) {
        return s.replaceAll("\n{3,}", "\n\n").strip();
    }
}
