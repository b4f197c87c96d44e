package io.mxnotify.core.render;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --markdown}: the formatted_body of the CommonMark spec's examples (0.31.2) and GitHub's table and
 * strikethrough examples, for the constructs notifications use, is what the spec says they render to, sanitized
 * (both sides go through the same sanitizer, which only normalizes how the HTML is written and drops what the
 * Matrix allow-list does not have, such as {@code align} or relative links). Examples whose paragraphs span
 * several lines are left to {@link #aSoftLineBreakIsALineBreakAsInElement()}: there Element, and so mxnotify,
 * differs from the spec on purpose.
 */
class MarkdownRendererTest {
    private final MessageRenderer renderer = new MessageRenderer();

    static Stream<Arguments> specExamples() {
        return Stream.of(
                // ATX and setext headings
                Arguments.of("# foo\n## foo\n### foo\n#### foo\n##### foo\n###### foo",
                        "<h1>foo</h1>\n<h2>foo</h2>\n<h3>foo</h3>\n<h4>foo</h4>\n<h5>foo</h5>\n<h6>foo</h6>\n"),
                Arguments.of("# foo *bar* \\*baz\\*", "<h1>foo <em>bar</em> *baz*</h1>\n"),
                Arguments.of("## foo ##\n  ###   bar    ###", "<h2>foo</h2>\n<h3>bar</h3>\n"),
                Arguments.of("Foo *bar*\n=========\n\nFoo *bar*\n---------",
                        "<h1>Foo <em>bar</em></h1>\n<h2>Foo <em>bar</em></h2>\n"),
                // thematic breaks
                Arguments.of("***\n---\n___", "<hr />\n<hr />\n<hr />\n"),
                // emphasis and strong emphasis
                Arguments.of("*foo bar*", "<p><em>foo bar</em></p>\n"),
                Arguments.of("foo*bar*", "<p>foo<em>bar</em></p>\n"),
                Arguments.of("**foo bar**", "<p><strong>foo bar</strong></p>\n"),
                Arguments.of("__foo bar__", "<p><strong>foo bar</strong></p>\n"),
                Arguments.of("*foo **bar** baz*", "<p><em>foo <strong>bar</strong> baz</em></p>\n"),
                Arguments.of("***foo***", "<p><em><strong>foo</strong></em></p>\n"),
                Arguments.of("**foo*", "<p>*<em>foo</em></p>\n"),
                // code spans
                Arguments.of("`foo`", "<p><code>foo</code></p>\n"),
                Arguments.of("`` foo ` bar ``", "<p><code>foo ` bar</code></p>\n"),
                Arguments.of("`foo   bar \nbaz`", "<p><code>foo   bar  baz</code></p>\n"),
                Arguments.of("`<a href=\"`\">`", "<p><code>&lt;a href=&quot;</code>&quot;&gt;`</p>\n"),
                Arguments.of("`foo\\`bar`", "<p><code>foo\\</code>bar`</p>\n"),
                // indented and fenced code blocks
                Arguments.of("    a simple\n      indented code block",
                        "<pre><code>a simple\n  indented code block\n</code></pre>\n"),
                Arguments.of("```\n<\n >\n```", "<pre><code>&lt;\n &gt;\n</code></pre>\n"),
                Arguments.of("~~~\naaa\n```\n~~~", "<pre><code>aaa\n```\n</code></pre>\n"),
                Arguments.of("```ruby\ndef foo(x)\n  return 3\nend\n```",
                        "<pre><code class=\"language-ruby\">def foo(x)\n  return 3\nend\n</code></pre>\n"),
                Arguments.of("```\nunclosed", "<pre><code>unclosed\n</code></pre>\n"),
                // lists, nested and loose
                Arguments.of("- foo\n- bar\n+ baz",
                        "<ul>\n<li>foo</li>\n<li>bar</li>\n</ul>\n<ul>\n<li>baz</li>\n</ul>\n"),
                Arguments.of("1. foo\n2. bar\n3) baz",
                        "<ol>\n<li>foo</li>\n<li>bar</li>\n</ol>\n<ol start=\"3\">\n<li>baz</li>\n</ol>\n"),
                Arguments.of("- a\n  - b\n    - c",
                        "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n"),
                Arguments.of("1. a\n   1. b\n2. c",
                        "<ol>\n<li>a\n<ol>\n<li>b</li>\n</ol>\n</li>\n<li>c</li>\n</ol>\n"),
                Arguments.of("- a\n\n- b",
                        "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n"),
                Arguments.of("- `code`\n- **bold**",
                        "<ul>\n<li><code>code</code></li>\n<li><strong>bold</strong></li>\n</ul>\n"),
                // links
                Arguments.of("[link](https://example.org/uri \"title\")",
                        "<p><a href=\"https://example.org/uri\" title=\"title\">link</a></p>\n"),
                Arguments.of("[link](/uri)", "<p><a href=\"/uri\">link</a></p>\n"),
                Arguments.of("[link](<https://example.org/a b>)", "<p><a href=\"https://example.org/a%20b\">link</a></p>\n"),
                Arguments.of("[link *foo **bar** `#`*](https://example.org/uri)",
                        "<p><a href=\"https://example.org/uri\">link <em>foo <strong>bar</strong> <code>#</code></em></a></p>\n"),
                Arguments.of("[a](https://e.org/a) [b](mailto:ops@example.org)",
                        "<p><a href=\"https://e.org/a\">a</a> <a href=\"mailto:ops@example.org\">b</a></p>\n"),
                Arguments.of("[x]: https://example.org/ref\n\n[x]", "<p><a href=\"https://example.org/ref\">x</a></p>\n"),
                // autolinks
                Arguments.of("<http://foo.bar.baz>", "<p><a href=\"http://foo.bar.baz\">http://foo.bar.baz</a></p>\n"),
                Arguments.of("<MAILTO:FOO@BAR.BAZ>", "<p><a href=\"MAILTO:FOO@BAR.BAZ\">MAILTO:FOO@BAR.BAZ</a></p>\n"),
                Arguments.of("<foo@bar.example.com>",
                        "<p><a href=\"mailto:foo@bar.example.com\">foo@bar.example.com</a></p>\n"),
                // block quotes
                Arguments.of("> # Foo\n>\n> *bar*", "<blockquote>\n<h1>Foo</h1>\n<p><em>bar</em></p>\n</blockquote>\n"),
                Arguments.of("> a\n> > b", "<blockquote>\n<p>a</p>\n<blockquote>\n<p>b</p>\n</blockquote>\n</blockquote>\n"),
                // GitHub tables
                Arguments.of("| foo | bar |\n| --- | --- |\n| baz | bim |",
                        "<table>\n<thead>\n<tr>\n<th>foo</th>\n<th>bar</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
                                + "<td>baz</td>\n<td>bim</td>\n</tr>\n</tbody>\n</table>\n"),
                Arguments.of("| abc | defghi |\n:-: | -----------:\nbar | baz",
                        "<table>\n<thead>\n<tr>\n<th align=\"center\">abc</th>\n<th align=\"right\">defghi</th>\n"
                                + "</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"center\">bar</td>\n"
                                + "<td align=\"right\">baz</td>\n</tr>\n</tbody>\n</table>\n"),
                Arguments.of("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |",
                        "<table>\n<thead>\n<tr>\n<th>f|oo</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b <code>|</code> az</td>\n"
                                + "</tr>\n<tr>\n<td>b <strong>|</strong> im</td>\n</tr>\n</tbody>\n</table>\n"),
                // GitHub strikethrough
                Arguments.of("~~Hi~~ Hello, world!", "<p><del>Hi</del> Hello, world!</p>\n"));
    }

    /** Spec examples that use no Markdown at all: as in Element, plain text, the text as the spec's paragraphs hold it. */
    static Stream<Arguments> specExamplesWithoutMarkdown() {
        return Stream.of(
                Arguments.of("####### foo", "####### foo"),
                Arguments.of("#5 bolt\n\n#hashtag", "#5 bolt\n\n#hashtag"),
                Arguments.of("a * foo bar*", "a * foo bar*"),
                Arguments.of("_foo_bar", "_foo_bar"),
                Arguments.of("foo_bar_", "foo_bar_"),
                Arguments.of("\\*not emphasized*", "*not emphasized*"),
                Arguments.of("<https://foo.bar/baz bim>", "<https://foo.bar/baz bim>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specExamplesWithoutMarkdown")
    void specExamplesWithoutMarkdownAreSentAsPlainText(String markdown, String text) {
        assertEquals(renderer.render(Notification.of(text)),
                renderer.render(Notification.of(markdown).withFormat(InputFormat.MARKDOWN)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specExamples")
    void markdownRendersAsTheSpecSaysThenSanitized(String markdown, String specHtml) {
        assertEquals(HtmlSanitizer.sanitize(specHtml).html(), formattedBody(markdown));
    }

    @Test
    void aSoftLineBreakIsALineBreakAsInElement() {
        assertAll(
                () -> assertEquals("<p>disk <strong>91%</strong><br />on /var</p>\n", formattedBody("disk **91%**\non /var")),
                () -> assertEquals("<blockquote>\n<p><em>a</em><br />b</p>\n</blockquote>\n", formattedBody("> *a*\n> b")));
    }

    @Test
    void rawHtmlIsTextExceptTheTagsElementLetsThrough() {
        assertAll(
                () -> assertEquals("<p><em>x</em> &lt;b onclick=\"alert(1)\"&gt;bold&lt;/b&gt;</p>\n",
                        formattedBody("*x* <b onclick=\"alert(1)\">bold</b>")),
                () -> assertEquals("<p><em>x</em> H<sub>2</sub>O <del>old</del> <u>u</u></p>\n",
                        formattedBody("*x* H<sub>2</sub>O <del>old</del> <u>u</u>")),
                () -> assertEquals("<p><em>x</em></p>\n&lt;script&gt;alert(1)&lt;/script&gt;\n",
                        formattedBody("*x*\n\n<script>alert(1)</script>")),
                () -> assertEquals("<p><em>x</em> <span data-mx-maths=\"E=mc^2\">E=mc^2</span></p>\n",
                        formattedBody("*x* <span data-mx-maths=\"E=mc^2\">E=mc^2</span>")));
    }

    @Test
    void linksKeepOnlyTheSpecsSchemes() {
        assertAll(
                () -> assertEquals("<p><a>x</a></p>\n", formattedBody("[x](javascript:alert(1))")),
                () -> assertEquals("<p><a>x</a></p>\n", formattedBody("[x](data:text/html,<script>alert(1)</script>)")),
                () -> assertEquals("<p><a>javascript:alert(1)</a></p>\n", formattedBody("<javascript:alert(1)>")),
                () -> assertEquals("<p><a href=\"ftp://e.org\">x</a> <a href=\"magnet:?xt=urn:btih:abc\">m</a></p>\n",
                        formattedBody("[x](ftp://e.org) [m](magnet:?xt=urn:btih:abc)")),
                () -> assertEquals("<p><img src=\"mxc://example.org/abc\" alt=\"cat\" /> <img alt=\"web\" /></p>\n",
                        formattedBody("![cat](mxc://example.org/abc) ![web](https://example.org/cat.png)")));
    }

    @Test
    void textWithoutMarkdownIsSentAsPlainTextIsAsInElement() {
        Notification markdown = Notification.of("1\\. not a list, 2 * 3 = 6\nsecond line").withFormat(InputFormat.MARKDOWN);
        Notification plain = Notification.of("1. not a list, 2 * 3 = 6\nsecond line");
        MessageContent rendered = renderer.render(markdown);
        assertAll(
                () -> assertEquals(renderer.render(plain), rendered),
                () -> assertEquals("1. not a list, 2 * 3 = 6\nsecond line", rendered.body()));
    }

    @Test
    void formattedMarkdownKeepsTheMarkdownAsItsBody() {
        MessageContent rendered = renderer.render(Notification.of("disk **91%** full").withFormat(InputFormat.MARKDOWN));
        assertAll(
                () -> assertEquals("disk **91%** full", rendered.body()),
                () -> assertTrue(rendered.formattedBody().contains("<strong>91%</strong>"), rendered.formattedBody()),
                () -> assertFalse(rendered.formattedBody().contains("**"), rendered.formattedBody()));
    }

    private String formattedBody(String markdown) {
        return renderer.render(Notification.of(markdown).withFormat(InputFormat.MARKDOWN)).formattedBody();
    }
}
