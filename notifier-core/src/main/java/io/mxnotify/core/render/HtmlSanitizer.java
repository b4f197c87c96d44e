package io.mxnotify.core.render;

import java.util.List;
import java.util.Set;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Reduces HTML to what the Matrix spec recommends for {@code formatted_body} ({@link MatrixHtmlAllowList},
 * the shared allow-list): parsed as a browser parses it (jsoup's HTML5 parser), then rebuilt by jsoup's
 * {@link Cleaner} from the allowed elements and attributes only. Elements that are not allowed are unwrapped
 * (their text kept); {@code script}, {@code style}, {@code mx-reply} and the like go with their content;
 * attribute values must match the allow-list's patterns and URL schemes; nesting deeper than the spec's
 * limit is reduced to text; elements the parser only implied (a {@code tbody} the input never wrote) are
 * unwrapped. Also derives the plain-text version. Package-private: reached through {@link MessageRenderer}.
 */
final class HtmlSanitizer {
    private static final MatrixHtmlAllowList ALLOW_LIST = MatrixHtmlAllowList.load();
    private static final Safelist SAFELIST = new MatrixSafelist(ALLOW_LIST);
    private static final String DROPPED_SELECTOR = String.join(", ", ALLOW_LIST.droppedWithContent());
    private static final Set<String> BLOCK = Set.of("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
            "pre", "ul", "ol", "li", "tr", "table", "hr", "details", "summary", "caption");

    /** Sanitized HTML and its plain-text rendering. */
    record Result(String html, String text) {
    }

    private HtmlSanitizer() {
    }

    static Result sanitize(String input) {
        Document dirty = Document.createShell("");
        Element body = dirty.body();
        Parser parser = Parser.htmlParser().setTrackPosition(true);
        List<Node> nodes = parser.parseFragmentInput(input, body, "");
        body.appendChildren(nodes);
        body.select(DROPPED_SELECTOR).remove();
        unwrapImplied(body);
        flattenBeyond(body, ALLOW_LIST.maxDepth());

        Document clean = new Cleaner(SAFELIST).clean(dirty);
        clean.outputSettings()
                .prettyPrint(false)
                .syntax(Document.OutputSettings.Syntax.xml)
                .escapeMode(Entities.EscapeMode.xhtml)
                .charset("UTF-8");
        return new Result(clean.body().html(), plainText(clean.body()));
    }

    private static void unwrapImplied(Element root) {
        for (Element element : root.select("*")) {
            if (element != root && element.sourceRange().isImplicit()) {
                element.unwrap();
            }
        }
    }

    private static void flattenBeyond(Element root, int maxDepth) {
        for (Element element : root.select("*")) {
            if (element.parent() != null && depthBelow(root, element) > maxDepth) {
                element.replaceWith(new TextNode(element.wholeText()));
            }
        }
    }

    private static int depthBelow(Element root, Element element) {
        int depth = 0;
        for (Element e = element; e != null && e != root; e = e.parent()) {
            depth++;
        }
        return depth;
    }

    /** The text a plain client shows: blocks on lines of their own, list items with "- ". */
    private static String plainText(Element body) {
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode textNode) {
                    text.append(textNode.getWholeText());
                } else if (node instanceof Element element && node != body) {
                    String tag = element.normalName();
                    if (BLOCK.contains(tag)) {
                        newLine(text);
                    }
                    if (tag.equals("li")) {
                        text.append("- ");
                    } else if (tag.equals("br")) {
                        text.append('\n');
                    }
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element element && node != body && BLOCK.contains(element.normalName())) {
                    newLine(text);
                }
            }
        }, body);
        return text.toString().replaceAll("\n{3,}", "\n\n").strip();
    }

    private static void newLine(StringBuilder text) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            text.append('\n');
        }
    }

    /** jsoup's allow-list, with the Matrix list's value patterns and URL schemes on top. */
    private static final class MatrixSafelist extends Safelist {
        private final MatrixHtmlAllowList allowList;

        MatrixSafelist(MatrixHtmlAllowList allowList) {
            this.allowList = allowList;
            addTags(allowList.tags().toArray(String[]::new));
            allowList.attributes().forEach((tag, attributes) -> addAttributes(tag, attributes.toArray(String[]::new)));
        }

        @Override
        public boolean isSafeAttribute(String tagName, Element element, Attribute attribute) {
            return super.isSafeAttribute(tagName, element, attribute)
                    && allowList.allows(tagName, attribute.getKey(), attribute.getValue());
        }
    }
}
