package io.mxnotify.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.delivery.SendResult;
import io.mxnotify.core.id.RoomAlias;
import io.mxnotify.core.render.InputFormat;
import io.mxnotify.core.render.Notification;
import io.mxnotify.fakehs.RoomEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * HTML and Markdown input: what arrives in {@code formatted_body} follows the spec's HTML rules
 * ({@link SafeMarkup}) and holds no markup the user did not ask for.
 */
class MarkupProperties {
    private static final String ROOM = "#markup:localhost";
    /** Tags Markdown may produce from Markdown syntax. */
    private static final Set<String> MARKDOWN_TAGS = Set.of("p", "br", "em", "strong", "code", "pre", "a", "ul", "ol",
            "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "del", "s");

    private FakeWithNotifier fixture;

    @BeforeProperty
    void startFake() {
        fixture = FakeWithNotifier.start();
        fixture.fake().createRoom(ROOM);
        fixture.fake().join(FakeWithNotifier.BOT, ROOM);
    }

    @AfterProperty
    void stopFake() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** HTML input keeps only the spec's safe tags, and only tags the user wrote. */
    @Property
    void htmlInputArrivesAsSafeMarkupTheUserWrote(@ForAll("html") HtmlCase input) {
        String html = send(Notification.of(input.html()).withFormat(InputFormat.HTML)).content()
                .path("formatted_body").asText();
        List<String> problems = SafeMarkup.problems(html);
        assertTrue(problems.isEmpty(), () -> "unsafe formatted_body " + VisibleText.of(html) + ": " + problems);
        Set<String> written = new HashSet<>(SafeMarkup.tagNames(input.html()));
        for (String tag : SafeMarkup.tagNames(html)) {
            assertTrue(written.contains(tag), () -> "<" + tag + "> was not in the input: " + VisibleText.of(html));
        }
    }

    /** Markdown input: only the tags Markdown syntax makes; HTML written inside the Markdown stays text. */
    @Property
    void markdownInputMakesOnlyMarkdownMarkup(@ForAll("markdown") MessageTextCase input) {
        String html = send(Notification.of(input.text()).withFormat(InputFormat.MARKDOWN)).content()
                .path("formatted_body").asText();
        List<String> problems = SafeMarkup.problems(html);
        assertTrue(problems.isEmpty(), () -> "unsafe formatted_body " + VisibleText.of(html) + ": " + problems);
        for (String tag : SafeMarkup.tagNames(html)) {
            assertTrue(MARKDOWN_TAGS.contains(tag), () -> "<" + tag + "> is not Markdown's: " + VisibleText.of(html));
        }
    }

    @Provide
    Arbitrary<HtmlCase> html() {
        List<String> fragments = List.of("<b>", "</b>", "<i>x</i>", "<p>", "</p>", "<br>", "<br/>", "<strong>s</strong>",
                "<script>alert(1)</script>", "<style>p{}</style>", "<img src=\"x\" onerror=\"alert(1)\">",
                "<img src=\"mxc://a/b\" alt=\"pic\">", "<a href=\"javascript:alert(1)\">j</a>",
                "<a href=\"https://example.org/?a=1&b=2\">ok</a>", "<a href=\" JaVaScRiPt:x\">j2</a>",
                "<div onclick=\"x()\">d</div>", "<font color=\"#ff0000\">red</font>", "<iframe src=x></iframe>",
                "<svg onload=alert(1)>", "<table><tr><td>c</td></tr></table>", "<code class=\"language-java\">c</code>",
                "<span style=\"color:red\">s</span>", "<ul><li>l</li></ul>", "<!-- c -->", "<", ">", "&", "&amp;",
                "&lt;", "\"", "'", "<b", "</", "<<b>>", "<p title=\"a>b\">", "<A HREF=\"http://x\">X</A>", "<mx-reply>q</mx-reply>");
        Arbitrary<String> words = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6);
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(fragments)), Tuple.of(2, words),
                        Tuple.of(1, Arbitraries.of(MatrixArbitraries.NON_ASCII)), Tuple.of(1, Arbitraries.of(" ", "\n")))
                .list().ofMinSize(1).ofMaxSize(20).map(parts -> String.join("", parts))
                .filter(text -> !text.isBlank()).map(HtmlCase::new);
    }

    @Provide
    Arbitrary<MessageTextCase> markdown() {
        return MatrixArbitraries.messageText().map(MessageTextCase::new);
    }

    private RoomEvent send(Notification notification) {
        SendResult result = fixture.notifier().send(RoomAlias.parse(ROOM), notification);
        assertTrue(result.delivered(), () -> "not delivered: " + result.reason());
        RoomEvent event = fixture.fake().room(ROOM).latestEvent().orElseThrow();
        assertEquals(result.eventId().orElseThrow(), event.eventId());
        return event;
    }

    /** HTML as the user wrote it. */
    record HtmlCase(String html) {
        @Override
        public String toString() {
            return "html " + VisibleText.of(html);
        }
    }

    /** Markdown as the user wrote it. */
    record MessageTextCase(String text) {
        @Override
        public String toString() {
            return "markdown " + VisibleText.of(text);
        }
    }
}
