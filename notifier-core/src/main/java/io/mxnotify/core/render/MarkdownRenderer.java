package io.mxnotify.core.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, safe Markdown-to-HTML renderer for the subset notifications use: paragraphs (line breaks
 * kept), ATX headings, fenced and indented code blocks, block quotes, flat bullet and numbered lists,
 * thematic breaks, and inline code, strong, emphasis, links and autolinks. Every character of user
 * text is HTML-escaped; raw HTML in the input is shown as text; links are emitted only for http, https
 * and mailto URLs. Package-private: reached through {@link MessageRenderer}.
 */
final class MarkdownRenderer {
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})[ \\t]*([^`\\s]*)[^`]*$");
    private static final Pattern BULLET = Pattern.compile("^ {0,3}[-*+][ \\t]+(.*)$");
    private static final Pattern ORDERED = Pattern.compile("^ {0,3}(\\d{1,9})[.)][ \\t]+(.*)$");
    private static final Pattern RULE = Pattern.compile("^ {0,3}(?:(?:-[ \\t]*){3,}|(?:\\*[ \\t]*){3,}|(?:_[ \\t]*){3,})$");
    private static final Pattern QUOTE = Pattern.compile("^ {0,3}> ?(.*)$");
    private static final Pattern AUTOLINK = Pattern.compile("<((?:https?://|mailto:)[^\\s<>]+)>", Pattern.CASE_INSENSITIVE);
    private static final int MAX_QUOTE_DEPTH = 8;

    private MarkdownRenderer() {
    }

    static String render(String markdown) {
        List<String> lines = List.of(markdown.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1));
        StringBuilder html = new StringBuilder();
        renderBlocks(lines, html, 0);
        return html.toString();
    }

    private static void renderBlocks(List<String> lines, StringBuilder out, int quoteDepth) {
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank()) {
                i++;
                continue;
            }
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                i = fencedCode(lines, i, fence, out);
                continue;
            }
            if (line.startsWith("    ") || line.startsWith("\t")) {
                i = indentedCode(lines, i, out);
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                int level = heading.group(1).length();
                String text = heading.group(2) == null ? "" : heading.group(2);
                out.append("<h").append(level).append('>').append(inline(text)).append("</h").append(level).append('>');
                i++;
                continue;
            }
            if (RULE.matcher(line).matches()) {
                out.append("<hr/>");
                i++;
                continue;
            }
            if (QUOTE.matcher(line).matches()) {
                i = quote(lines, i, out, quoteDepth);
                continue;
            }
            if (BULLET.matcher(line).matches() || ORDERED.matcher(line).matches()) {
                i = list(lines, i, out);
                continue;
            }
            i = paragraph(lines, i, out);
        }
    }

    private static int fencedCode(List<String> lines, int start, Matcher fence, StringBuilder out) {
        String marker = fence.group(1);
        String language = fence.group(2);
        StringBuilder code = new StringBuilder();
        int i = start + 1;
        while (i < lines.size()) {
            String l = lines.get(i);
            String trimmed = l.strip();
            if (trimmed.startsWith(marker) && trimmed.chars().allMatch(ch -> ch == marker.charAt(0))) {
                i++;
                break;
            }
            code.append(l).append('\n');
            i++;
        }
        out.append("<pre><code");
        if (!language.isEmpty() && language.matches("[A-Za-z0-9_+#.-]{1,40}")) {
            out.append(" class=\"language-").append(HtmlText.escape(language.toLowerCase(Locale.ROOT))).append('"');
        }
        out.append('>').append(HtmlText.escape(code.toString())).append("</code></pre>");
        return i;
    }

    private static int indentedCode(List<String> lines, int start, StringBuilder out) {
        List<String> block = new ArrayList<>();
        int i = start;
        while (i < lines.size()) {
            String l = lines.get(i);
            if (l.startsWith("    ")) {
                block.add(l.substring(4));
            } else if (l.startsWith("\t")) {
                block.add(l.substring(1));
            } else if (l.isBlank()) {
                block.add("");
            } else {
                break;
            }
            i++;
        }
        while (!block.isEmpty() && block.get(block.size() - 1).isBlank()) {
            block.remove(block.size() - 1);
        }
        out.append("<pre><code>").append(HtmlText.escape(String.join("\n", block) + "\n")).append("</code></pre>");
        return i;
    }

    private static int quote(List<String> lines, int start, StringBuilder out, int depth) {
        List<String> inner = new ArrayList<>();
        int i = start;
        while (i < lines.size()) {
            Matcher q = QUOTE.matcher(lines.get(i));
            if (!q.matches()) {
                break;
            }
            inner.add(q.group(1));
            i++;
        }
        out.append("<blockquote>");
        if (depth >= MAX_QUOTE_DEPTH) {
            out.append("<p>").append(HtmlText.escapeWithBreaks(String.join("\n", inner))).append("</p>");
        } else {
            renderBlocks(inner, out, depth + 1);
        }
        out.append("</blockquote>");
        return i;
    }

    private static int list(List<String> lines, int start, StringBuilder out) {
        boolean ordered = !BULLET.matcher(lines.get(start)).matches();
        List<StringBuilder> items = new ArrayList<>();
        String startNumber = null;
        int i = start;
        while (i < lines.size()) {
            String l = lines.get(i);
            Matcher item = ordered ? ORDERED.matcher(l) : BULLET.matcher(l);
            if (item.matches()) {
                if (ordered && startNumber == null) {
                    startNumber = item.group(1);
                }
                items.add(new StringBuilder(ordered ? item.group(2) : item.group(1)));
                i++;
            } else if (!l.isBlank() && (l.startsWith("  ") || l.startsWith("\t")) && !items.isEmpty()) {
                items.get(items.size() - 1).append('\n').append(l.strip());
                i++;
            } else {
                break;
            }
        }
        String tag = ordered ? "ol" : "ul";
        out.append('<').append(tag);
        if (ordered && startNumber != null) {
            long n = Long.parseLong(startNumber);
            if (n != 1) {
                out.append(" start=\"").append(n).append('"');
            }
        }
        out.append('>');
        for (StringBuilder item : items) {
            out.append("<li>").append(inlineWithBreaks(item.toString())).append("</li>");
        }
        out.append("</").append(tag).append('>');
        return i;
    }

    private static int paragraph(List<String> lines, int start, StringBuilder out) {
        List<String> para = new ArrayList<>();
        int i = start;
        while (i < lines.size()) {
            String l = lines.get(i);
            if (l.isBlank() || (i > start && startsOtherBlock(l))) {
                break;
            }
            para.add(l.strip());
            i++;
        }
        out.append("<p>").append(inlineWithBreaks(String.join("\n", para))).append("</p>");
        return i;
    }

    private static boolean startsOtherBlock(String l) {
        return FENCE.matcher(l).matches() || HEADING.matcher(l).matches() || RULE.matcher(l).matches()
                || QUOTE.matcher(l).matches() || BULLET.matcher(l).matches() || ORDERED.matcher(l).matches();
    }

    private static String inlineWithBreaks(String text) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append("<br/>");
            }
            out.append(inline(lines[i]));
        }
        return out.toString();
    }

    /** Renders inline Markdown in one line of text; everything not recognised is escaped. */
    static String inline(String text) {
        StringBuilder out = new StringBuilder();
        inline(text, out, true, 0);
        return out.toString();
    }

    private static void inline(String s, StringBuilder out, boolean linksAllowed, int depth) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && isAsciiPunctuation(s.charAt(i + 1))) {
                out.append(HtmlText.escape(String.valueOf(s.charAt(i + 1))));
                i += 2;
                continue;
            }
            if (c == '`') {
                int run = runLength(s, i, '`');
                String fence = "`".repeat(run);
                int close = findCodeClose(s, i + run, run);
                if (close >= 0) {
                    String code = s.substring(i + run, close);
                    if (code.length() > 1 && code.startsWith(" ") && code.endsWith(" ") && !code.isBlank()) {
                        code = code.substring(1, code.length() - 1);
                    }
                    out.append("<code>").append(HtmlText.escape(code)).append("</code>");
                    i = close + run;
                } else {
                    out.append(HtmlText.escape(fence));
                    i += run;
                }
                continue;
            }
            if (c == '<' && linksAllowed) {
                Matcher auto = AUTOLINK.matcher(s).region(i, s.length());
                if (auto.lookingAt()) {
                    String url = auto.group(1);
                    out.append("<a href=\"").append(HtmlText.escape(url)).append("\">").append(HtmlText.escape(url)).append("</a>");
                    i = auto.end();
                    continue;
                }
            }
            if (c == '[' && linksAllowed && depth < 8) {
                int end = link(s, i, out, depth);
                if (end > i) {
                    i = end;
                    continue;
                }
            }
            if ((c == '*' || c == '_') && depth < 8) {
                int end = emphasis(s, i, out, linksAllowed, depth);
                if (end > i) {
                    i = end;
                    continue;
                }
            }
            out.append(HtmlText.escape(String.valueOf(c)));
            i++;
        }
    }

    private static int link(String s, int open, StringBuilder out, int depth) {
        int close = matchingBracket(s, open);
        if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != '(') {
            return open;
        }
        int paren = close + 1;
        int end = matchingParen(s, paren);
        if (end < 0) {
            return open;
        }
        String target = s.substring(paren + 1, end).strip();
        int space = target.indexOf(' ');
        if (space > 0) {
            target = target.substring(0, space);
        }
        if (target.startsWith("<") && target.endsWith(">")) {
            target = target.substring(1, target.length() - 1);
        }
        String label = s.substring(open + 1, close);
        if (!isSafeLinkTarget(target)) {
            return open;
        }
        out.append("<a href=\"").append(HtmlText.escape(target)).append("\">");
        inline(label, out, false, depth + 1);
        out.append("</a>");
        return end + 1;
    }

    private static boolean isSafeLinkTarget(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:"))
                && url.chars().noneMatch(ch -> ch <= 0x20 || ch == 0x7F);
    }

    private static int emphasis(String s, int i, StringBuilder out, boolean linksAllowed, int depth) {
        char d = s.charAt(i);
        int run = runLength(s, i, d);
        if (d == '_' && i > 0 && Character.isLetterOrDigit(s.charAt(i - 1))) {
            return i;
        }
        if (run >= 3) {
            int start = i + 3;
            int close = start < s.length() && !Character.isWhitespace(s.charAt(start)) ? findDelimiterClose(s, start, d, 3) : -1;
            if (close >= 0) {
                out.append("<strong><em>");
                inline(s.substring(start, close), out, linksAllowed, depth + 1);
                out.append("</em></strong>");
                return close + 3;
            }
        }
        int width = run >= 2 ? 2 : 1;
        String delimiter = String.valueOf(d).repeat(width);
        int contentStart = i + width;
        if (contentStart >= s.length() || Character.isWhitespace(s.charAt(contentStart))) {
            return i;
        }
        int close = findDelimiterClose(s, contentStart, d, width);
        if (close < 0) {
            return i;
        }
        String tag = width == 2 ? "strong" : "em";
        out.append('<').append(tag).append('>');
        inline(s.substring(contentStart, close), out, linksAllowed, depth + 1);
        out.append("</").append(tag).append('>');
        return close + delimiter.length();
    }

    private static int findDelimiterClose(String s, int from, char d, int width) {
        int j = from + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '`') {
                int run = runLength(s, j, '`');
                int close = findCodeClose(s, j + run, run);
                j = close >= 0 ? close + run : j + run;
                continue;
            }
            if (c == d) {
                int run = runLength(s, j, d);
                boolean precededBySpace = Character.isWhitespace(s.charAt(j - 1));
                boolean followedByWord = j + run < s.length() && Character.isLetterOrDigit(s.charAt(j + run));
                if (run >= width && !precededBySpace && !(d == '_' && followedByWord)) {
                    if (width == 1 && run == 2) {
                        j += run;
                        continue;
                    }
                    return j;
                }
                j += run;
                continue;
            }
            j++;
        }
        return -1;
    }

    private static int findCodeClose(String s, int from, int run) {
        int j = from;
        while (j < s.length()) {
            if (s.charAt(j) == '`') {
                int r = runLength(s, j, '`');
                if (r == run) {
                    return j;
                }
                j += r;
            } else {
                j++;
            }
        }
        return -1;
    }

    private static int matchingBracket(String s, int open) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    private static int matchingParen(String s, int open) {
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    private static int runLength(String s, int i, char c) {
        int j = i;
        while (j < s.length() && s.charAt(j) == c) {
            j++;
        }
        return j - i;
    }

    private static boolean isAsciiPunctuation(char c) {
        return c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }
}
