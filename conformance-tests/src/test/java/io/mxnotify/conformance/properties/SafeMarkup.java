package io.mxnotify.conformance.properties;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spec's rules for {@code formatted_body} (m.room.message, "HTML": the tags and attributes clients
 * should allow), written out independently of notifier-core's sanitizer so it can judge it: every
 * {@code <} opens an allowed tag with allowed attributes, links use allowed schemes, images only mxc.
 */
final class SafeMarkup {
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
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
            Map.entry("s", Set.of()), Map.entry("strike", Set.of()), Map.entry("hr", Set.of()), Map.entry("br", Set.of()),
            Map.entry("table", Set.of()), Map.entry("thead", Set.of()), Map.entry("tbody", Set.of()),
            Map.entry("tr", Set.of()), Map.entry("th", Set.of()), Map.entry("td", Set.of()),
            Map.entry("caption", Set.of()), Map.entry("pre", Set.of()), Map.entry("details", Set.of()),
            Map.entry("summary", Set.of()));
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "ftp", "mailto", "magnet");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\\s+[a-zA-Z-]+=\"[^\"<>]*\")*)\\s*/?>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");

    private SafeMarkup() {
    }

    /** Every problem with {@code html} under the spec's rules; empty when it is safe. */
    static List<String> problems(String html) {
        List<String> problems = new ArrayList<>();
        int i = 0;
        while (i < html.length()) {
            int lt = html.indexOf('<', i);
            int gt = html.indexOf('>', i);
            if (gt >= 0 && (lt < 0 || gt < lt)) {
                problems.add("a bare '>' at " + gt);
            }
            if (lt < 0) {
                break;
            }
            Matcher tag = TAG.matcher(html).region(lt, html.length());
            if (!tag.lookingAt()) {
                problems.add("a '<' that opens no well-formed tag at " + lt + ": " + excerpt(html, lt));
                i = lt + 1;
                continue;
            }
            String name = tag.group(2).toLowerCase(Locale.ROOT);
            if (!ALLOWED.containsKey(name)) {
                problems.add("tag <" + name + "> is not allowed in formatted_body");
            } else {
                Matcher attribute = ATTRIBUTE.matcher(tag.group(3));
                while (attribute.find()) {
                    String attr = attribute.group(1).toLowerCase(Locale.ROOT);
                    String value = attribute.group(2);
                    if (!ALLOWED.get(name).contains(attr)) {
                        problems.add("attribute " + attr + " on <" + name + "> is not allowed");
                    } else if (name.equals("a") && attr.equals("href") && !LINK_SCHEMES.contains(scheme(value))) {
                        problems.add("link scheme of '" + value + "' is not allowed");
                    } else if (name.equals("img") && attr.equals("src") && !value.startsWith("mxc://")) {
                        problems.add("image source '" + value + "' is not an mxc:// URI");
                    }
                }
            }
            i = tag.end();
        }
        int amp = -1;
        Matcher entities = Pattern.compile("&(?!(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});)")
                .matcher(html);
        if (entities.find()) {
            amp = entities.start();
            problems.add("a bare '&' at " + amp + ": " + excerpt(html, amp));
        }
        return problems;
    }

    /** The lower-case names of the tags in {@code html}, in order. */
    static List<String> tagNames(String html) {
        List<String> names = new ArrayList<>();
        Matcher tag = Pattern.compile("<\\s*/?\\s*([a-zA-Z][a-zA-Z0-9]*)").matcher(html);
        while (tag.find()) {
            names.add(tag.group(1).toLowerCase(Locale.ROOT));
        }
        return names;
    }

    private static String scheme(String url) {
        String decoded = url.replace("&amp;", "&").replaceAll("[\\s\\x00-\\x1f]", "");
        int colon = decoded.indexOf(':');
        return colon < 0 ? "" : decoded.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static String excerpt(String html, int at) {
        return html.substring(Math.max(0, at - 10), Math.min(html.length(), at + 20));
    }
}
