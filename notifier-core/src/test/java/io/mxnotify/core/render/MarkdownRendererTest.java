package io.mxnotify.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MarkdownRendererTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("plain", "<p>plain</p>"),
                Arguments.of("a *b* c", "<p>a <em>b</em> c</p>"),
                Arguments.of("***both***", "<p><strong><em>both</em></strong></p>"),
                Arguments.of("**unclosed", "<p>**unclosed</p>"),
                Arguments.of("2 * 3 * 4", "<p>2 * 3 * 4</p>"),
                Arguments.of("snake_case_word and _em_", "<p>snake_case_word and <em>em</em></p>"),
                Arguments.of("\\*not em\\*", "<p>*not em*</p>"),
                Arguments.of("``code with ` tick``", "<p><code>code with ` tick</code></p>"),
                Arguments.of("`unclosed", "<p>`unclosed</p>"),
                Arguments.of("[wiki](https://en.wikipedia.org/wiki/Foo_(bar))", "<p><a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">wiki</a></p>"),
                Arguments.of("[t](https://e.org \"title\")", "<p><a href=\"https://e.org\">t</a></p>"),
                Arguments.of("[mail](mailto:ops@example.org)", "<p><a href=\"mailto:ops@example.org\">mail</a></p>"),
                Arguments.of("[x](ftp://e.org)", "<p>[x](ftp://e.org)</p>"),
                Arguments.of("[**b**](https://e.org)", "<p><a href=\"https://e.org\"><strong>b</strong></a></p>"),
                Arguments.of("[[x](https://a)](https://b)", "<p><a href=\"https://b\">[x](https://a)</a></p>"),
                Arguments.of("<https://a_b.example/x_y>", "<p><a href=\"https://a_b.example/x_y\">https://a_b.example/x_y</a></p>"),
                Arguments.of("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>"),
                Arguments.of("## Heading ##", "<h2>Heading</h2>"),
                Arguments.of("#nospace", "<p>#nospace</p>"),
                Arguments.of("3. three\n4. four", "<ol start=\"3\"><li>three</li><li>four</li></ol>"),
                Arguments.of("- a\n  continued\n- b", "<ul><li>a<br/>continued</li><li>b</li></ul>"),
                Arguments.of("    code <x>\n    more", "<pre><code>code &lt;x&gt;\nmore\n</code></pre>"),
                Arguments.of("---", "<hr/>"),
                Arguments.of("line one\nline two\n\nnext para", "<p>line one<br/>line two</p><p>next para</p>"),
                Arguments.of("> a\n> > b", "<blockquote><p>a</p><blockquote><p>b</p></blockquote></blockquote>"),
                Arguments.of("~~~\n```not a fence end\n~~~", "<pre><code>```not a fence end\n</code></pre>"),
                Arguments.of("```\nunclosed fence", "<pre><code>unclosed fence\n</code></pre>"),
                Arguments.of("text\n# heading after text", "<p>text</p><h1>heading after text</h1>"),
                Arguments.of("&amp; <b>", "<p>&amp;amp; &lt;b&gt;</p>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersTheCommonSubset(String markdown, String html) {
        assertEquals(html, MarkdownRenderer.render(markdown));
    }
}
