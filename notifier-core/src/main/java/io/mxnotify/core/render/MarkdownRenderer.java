package io.mxnotify.core.render;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.strikethrough.StrikethroughExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Document;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * Markdown as Element sends it: CommonMark (commonmark-java) plus GitHub's tables and {@code ~~strikethrough~~},
 * a soft line break shown as a line break ({@code <br />}, as Element does), raw HTML shown as text except
 * the few tags Element lets through ({@code sub}, {@code sup}, {@code del}, {@code u} and the
 * {@code data-mx-maths} wrappers), and the result reduced to the Matrix allow-list by {@link HtmlSanitizer},
 * so nothing in the Markdown goes around the sanitizer. Text with no Markdown in it at all is, as in Element,
 * plain text. Package-private: reached through {@link MessageRenderer}.
 */
final class MarkdownRenderer {
    // Element's rule (matrix-react-sdk Markdown.ts, isAllowedHtmlTag): these raw tags are HTML, the rest is text.
    private static final Pattern ELEMENT_RAW_HTML = Pattern.compile(
            "<(?:/?(?:sub|sup|del|u)|(?:div|span) data-mx-maths=\"[^\"]*\"|/(?:div|span))>");
    // A single "~" is common in notifications ("~5 min"): only "~~" strikes through.
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(),
            StrikethroughExtension.builder().requireTwoTildes(true).build());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .softbreak("<br />")
            .percentEncodeUrls(true) // as commonmark.js (Element) and the spec's examples do
            .nodeRendererFactory(RawHtmlAsElementDoes::new)
            .build();

    /**
     * Markdown rendered: the plain {@code body} and the safe HTML.
     *
     * @param plainOnly true when the text used no Markdown at all (then {@code html} is just the escaped text)
     */
    record Result(String body, String html, boolean plainOnly) {
    }

    private MarkdownRenderer() {
    }

    static Result render(String markdown) {
        Node document = PARSER.parse(markdown);
        PlainText plain = new PlainText();
        document.accept(plain);
        if (plain.onlyText) {
            String text = plain.text.toString().strip();
            return new Result(text, "<p>" + HtmlText.escapeWithBreaks(text) + "</p>", true);
        }
        return new Result(markdown, HtmlSanitizer.sanitize(HTML.render(document)).html(), false);
    }

    /** Whether the parsed text holds only paragraphs of text (Element's "isPlainText"), and that text. */
    private static final class PlainText extends AbstractVisitor {
        private final StringBuilder text = new StringBuilder();
        private boolean onlyText = true;

        @Override
        public void visit(Document document) {
            visitChildren(document);
        }

        @Override
        public void visit(Paragraph paragraph) {
            if (paragraph.getPrevious() != null) {
                text.append("\n\n");
            }
            visitChildren(paragraph);
        }

        @Override
        public void visit(Text node) {
            text.append(node.getLiteral());
        }

        @Override
        public void visit(SoftLineBreak node) {
            text.append('\n');
        }

        @Override
        public void visit(HardLineBreak node) {
            text.append('\n');
        }

        @Override
        public void visit(HtmlInline node) {
            onlyText &= !isElementRawHtml(node.getLiteral());
            text.append(node.getLiteral());
        }

        @Override
        public void visit(HtmlBlock node) {
            onlyText &= !isElementRawHtml(node.getLiteral());
            if (node.getPrevious() != null) {
                text.append("\n\n");
            }
            text.append(node.getLiteral().strip());
        }

        @Override
        protected void visitChildren(Node parent) {
            if (!(parent instanceof Document || parent instanceof Paragraph || parent instanceof Text
                    || parent instanceof SoftLineBreak || parent instanceof HardLineBreak
                    || parent instanceof HtmlInline || parent instanceof HtmlBlock)) {
                onlyText = false;
            }
            super.visitChildren(parent);
        }

        @Override
        public void visit(org.commonmark.node.CustomNode node) {
            onlyText = false;
        }

        @Override
        public void visit(org.commonmark.node.CustomBlock node) {
            onlyText = false;
        }
    }

    private static boolean isElementRawHtml(String literal) {
        return ELEMENT_RAW_HTML.matcher(literal.strip()).matches();
    }

    /** Raw HTML in Markdown: Element's few tags as HTML (sanitized afterwards with the rest), anything else as text. */
    private static final class RawHtmlAsElementDoes implements NodeRenderer {
        private final HtmlWriter html;

        RawHtmlAsElementDoes(HtmlNodeRendererContext context) {
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(HtmlInline.class, HtmlBlock.class);
        }

        @Override
        public void render(Node node) {
            boolean block = node instanceof HtmlBlock;
            String literal = block ? ((HtmlBlock) node).getLiteral() : ((HtmlInline) node).getLiteral();
            if (block) {
                html.line();
            }
            if (isElementRawHtml(literal)) {
                html.raw(literal.strip());
            } else {
                html.text(block ? literal.strip() : literal);
            }
            if (block) {
                html.line();
            }
        }
    }
}
