package io.mxnotify.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeTraversor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OWASP XSS filter-evasion corpus (module matrix-html-allowlist, {@code src/test/xss}) as HTML and as Markdown
 * input: every formatted_body, parsed again as a browser would, is inert. The rules are written out here,
 * after the spec, not read from the allow-list the sanitizer uses, so that a wrong allow-list fails too.
 */
class XssFilterEvasionTest {
    private static final Set<String> SPEC_TAGS = Set.of("font", "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
            "p", "a", "ul", "ol", "sup", "sub", "li", "b", "i", "u", "strong", "em", "s", "code", "hr", "br", "div",
            "table", "thead", "tbody", "tr", "th", "td", "caption", "pre", "span", "img", "details", "summary");
    private static final Map<String, Set<String>> SPEC_ATTRIBUTES = Map.of(
            "font", Set.of("data-mx-bg-color", "data-mx-color", "color"),
            "span", Set.of("data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths"),
            "a", Set.of("target", "href"),
            "img", Set.of("width", "height", "alt", "title", "src"),
            "ol", Set.of("start"),
            "code", Set.of("class"),
            "div", Set.of("data-mx-maths"));
    private static final Set<String> LINK_SCHEMES = Set.of("https", "http", "ftp", "mailto", "magnet");

    private final MessageRenderer renderer = new MessageRenderer();

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        for (String payload : payloads()) {
            cases.add(Arguments.of(InputFormat.HTML, payload));
            cases.add(Arguments.of(InputFormat.MARKDOWN, payload));
        }
        return cases.stream();
    }

    static List<String> payloads() {
        try (InputStream in = XssFilterEvasionTest.class.getResourceAsStream("/xss/owasp-xss-filter-evasion.txt")) {
            if (in == null) {
                throw new IllegalStateException("the XSS corpus is missing from the test class path");
            }
            List<String> payloads = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
            assertTrue(payloads.size() > 100, "the corpus has " + payloads.size() + " payloads");
            return payloads;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void formattedBodyIsInert(InputFormat format, String payload) {
        String html = renderer.render(Notification.of(payload).withFormat(format)).formattedBody();
        List<String> problems = problems(html);
        assertTrue(problems.isEmpty(), () -> problems + " in " + html);
        String once = HtmlSanitizer.sanitize(html).html();
        assertEquals(once, HtmlSanitizer.sanitize(once).html(),
                "sanitizing the result again changes it: a parser does not read it as the sanitizer wrote it");
    }

    @org.junit.jupiter.api.Test
    void theCheckItselfFindsWhatIsUnsafe() {
        for (String unsafe : new String[]{"<script>x</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:x\">y</a>",
                "<p style=\"x\">y</p>", "<img src=\"https://t/x.png\">", "<svg><a>x</a></svg>", "<!-- c -->",
                "<span data-mx-color=\"red\">x</span>", "<a href=\"JAVASCRIPT:x\">y</a>"}) {
            assertTrue(!problems(unsafe).isEmpty(), unsafe);
        }
        assertTrue(problems("<p><a href=\"https://x\">&lt;y&gt;</a><img src=\"mxc://s/m\" alt=\"a\"></p>").isEmpty());
    }

    /** What makes HTML unsafe for a Matrix client, judged on the tree a browser builds from it. */
    private static List<String> problems(String html) {
        Document document = Jsoup.parseBodyFragment(html);
        List<String> problems = new ArrayList<>();
        NodeTraversor.traverse((Node node, int depth) -> {
            if (node instanceof Comment || node instanceof DataNode) {
                problems.add("a " + node.nodeName() + " node");
            }
            if (!(node instanceof Element element) || element == document.body()) {
                return;
            }
            String tag = element.normalName();
            if (!SPEC_TAGS.contains(tag)) {
                problems.add("<" + tag + ">");
            }
            for (Attribute attribute : element.attributes()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                String value = attribute.getValue();
                if (!SPEC_ATTRIBUTES.getOrDefault(tag, Set.of()).contains(name)) {
                    problems.add(name + " on <" + tag + ">");
                } else if (name.equals("href") && !LINK_SCHEMES.contains(scheme(value))) {
                    problems.add("href " + value);
                } else if (name.equals("src") && !value.startsWith("mxc://")) {
                    problems.add("src " + value);
                } else if (name.contains("color") && !value.matches("#[0-9a-fA-F]{6}")) {
                    problems.add(name + " " + value);
                }
            }
        }, document.body());
        return problems;
    }

    private static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }
}
