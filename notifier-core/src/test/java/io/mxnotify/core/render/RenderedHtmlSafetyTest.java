package io.mxnotify.core.render;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Whatever the user writes, in any input format, the formatted body contains only allowlisted tags and
 * attributes with safe link targets, and every other character is escaped. Seeded random inputs built
 * from the pieces attacks are made of.
 */
class RenderedHtmlSafetyTest {
    private static final String[] PIECES = {"<", ">", "</", "/>", "script", "a", "img", "b", "p", "li", "ul", "code", "pre",
            "style", "iframe", "font", " href=", " src=", " onclick=", " style=", " color=", " class=", "\"", "'", "=",
            "javascript:", "JaVaScRiPt:", "http://x.example/", "https://y.example/?a=1&b=2", "mailto:a@b", "mxc://s/m",
            "data:text/html,", "*", "**", "_", "__", "`", "```", "[", "]", "(", ")", "\n", "\n\n", "  ", "    ", "#", "> ",
            "- ", "1. ", "&", "&amp;", "&#60;", "&#x3C;", "&lt;", "&bogus;", "<!--", "-->", "\\", "x", "y z", "é", "🔔", "\t",
            "\u0000", "\u202e", "language-java", "data-mx-color=\"#ff0000\"", "target=_blank", "<b", "<a href"};
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("font", Set.of("data-mx-bg-color", "data-mx-color", "color")),
            Map.entry("span", Set.of("data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths")),
            Map.entry("a", Set.of("name", "target", "href")), Map.entry("img", Set.of("width", "height", "alt", "title", "src")),
            Map.entry("ol", Set.of("start")), Map.entry("code", Set.of("class")), Map.entry("div", Set.of("data-mx-maths")));
    private static final Set<String> PLAIN_TAGS = Set.of("del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "ul",
            "sup", "sub", "li", "b", "i", "u", "strong", "em", "s", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
            "caption", "pre", "details", "summary");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-z0-9]+)((?: [a-z-]+=\"[^\"<>]*\")*)( ?/?)>");
    private static final Pattern ATTR = Pattern.compile(" ([a-z-]+)=\"([^\"<>]*)\"");
    private static final Pattern ENTITY = Pattern.compile("&(?:amp|lt|gt|quot|#39|#x[0-9a-f]{1,6});");

    @Test
    void randomInputsNeverProduceUnsafeHtml() {
        Random random = new Random(20261127L);
        MessageRenderer renderer = new MessageRenderer();
        for (int run = 0; run < 3000; run++) {
            StringBuilder input = new StringBuilder("x");
            int pieces = 1 + random.nextInt(40);
            for (int i = 0; i < pieces; i++) {
                input.append(PIECES[random.nextInt(PIECES.length)]);
            }
            for (InputFormat format : InputFormat.values()) {
                String html = renderer.render(Notification.of(input.toString()).withSubject("s<" + run + ">").withFormat(format))
                        .formattedBody();
                assertSafe(html, input + " as " + format);
            }
        }
    }

    @Test
    void theCheckItselfCatchesUnsafeHtml() {
        for (String unsafe : new String[]{"<script>x</script>", "<a href=\"javascript:x\">y</a>", "<p onclick=\"x\">y</p>",
                "<img src=\"https://t/x.png\"/>", "a < b", "a > b", "a & b", "<a href=\"https://x?a=1&b\">y</a>"}) {
            assertThrows(AssertionError.class, () -> assertSafe(unsafe, "test"), unsafe);
        }
        assertSafe("<p><a href=\"https://x\">&lt;y&gt; &amp; &#39;</a></p>", "test");
    }

    private static void assertSafe(String html, String context) {
        int i = 0;
        while (i < html.length()) {
            char c = html.charAt(i);
            if (c == '<') {
                Matcher m = TAG.matcher(html).region(i, html.length());
                if (!m.lookingAt()) {
                    fail("raw '<' at " + i + " in " + html + " from " + context);
                }
                String name = m.group(2);
                assertTrue(PLAIN_TAGS.contains(name) || ALLOWED.containsKey(name), "tag <" + name + "> from " + context);
                Matcher attrs = ATTR.matcher(m.group(3));
                while (attrs.find()) {
                    String attr = attrs.group(1);
                    String value = attrs.group(2);
                    assertTrue(ALLOWED.getOrDefault(name, Set.of()).contains(attr), "attribute " + attr + " on " + name + " from " + context);
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (attr.equals("href")) {
                        assertTrue(lower.matches("(https?|ftp|mailto|magnet):.*"), "href " + value + " from " + context);
                    }
                    if (attr.equals("src")) {
                        assertTrue(lower.startsWith("mxc://"), "src " + value + " from " + context);
                    }
                    assertEntitiesOnly(value, context);
                }
                i = m.end();
            } else if (c == '>') {
                fail("raw '>' at " + i + " in " + html + " from " + context);
            } else if (c == '&') {
                Matcher m = ENTITY.matcher(html).region(i, html.length());
                assertTrue(m.lookingAt(), "raw '&' at " + i + " in " + html + " from " + context);
                i = m.end();
            } else {
                i++;
            }
        }
    }

    private static void assertEntitiesOnly(String value, String context) {
        for (int i = value.indexOf('&'); i >= 0; i = value.indexOf('&', i + 1)) {
            assertTrue(ENTITY.matcher(value).region(i, value.length()).lookingAt(), "raw '&' in attribute from " + context);
        }
    }
}
