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
import io.mxnotify.pbt.Generators;
import io.mxnotify.pbt.PropertyRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * HTML and Markdown input: what arrives in {@code formatted_body} follows the spec's HTML rules
 * ({@link SafeMarkup}) and holds no markup the user did not ask for. QuickTheories properties with the
 * suite's tries ({@link PropertyRun#suiteTries}).
 */
class MarkupProperties {
    private static final String ROOM = "#markup:localhost";
    /** Tags Markdown may produce from Markdown syntax. */
    private static final Set<String> MARKDOWN_TAGS = Set.of("p", "br", "em", "strong", "code", "pre", "a", "ul", "ol",
            "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "del", "s");
    /** Each run is one send to the embedded fake: cheap enough for a thorough shrink. */
    private static final int SHRINK_RUNS = 1_000;

    private FakeWithNotifier fixture;

    @BeforeEach
    void startFake() {
        fixture = FakeWithNotifier.start();
        fixture.fake().createRoom(ROOM);
        fixture.fake().join(FakeWithNotifier.BOT, ROOM);
    }

    @AfterEach
    void stopFake() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** HTML input keeps only the spec's safe tags, and only tags the user wrote. */
    @Test
    void htmlInputArrivesAsSafeMarkupTheUserWrote() {
        checks().forAll(html()).checkAssert(this::htmlArrivesAsSafeMarkupTheUserWrote);
    }

    private void htmlArrivesAsSafeMarkupTheUserWrote(HtmlCase input) {
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
    @Test
    void markdownInputMakesOnlyMarkdownMarkup() {
        checks().forAll(markdown()).checkAssert(this::markdownMakesOnlyMarkdownMarkup);
    }

    private void markdownMakesOnlyMarkdownMarkup(MessageTextCase input) {
        String html = send(Notification.of(input.text()).withFormat(InputFormat.MARKDOWN)).content()
                .path("formatted_body").asText();
        List<String> problems = SafeMarkup.problems(html);
        assertTrue(problems.isEmpty(), () -> "unsafe formatted_body " + VisibleText.of(html) + ": " + problems);
        for (String tag : SafeMarkup.tagNames(html)) {
            assertTrue(MARKDOWN_TAGS.contains(tag), () -> "<" + tag + "> is not Markdown's: " + VisibleText.of(html));
        }
    }

    private static QuickTheory checks() {
        return PropertyRun.checks(PropertyRun.suiteTries(), SHRINK_RUNS);
    }

    private static Gen<HtmlCase> html() {
        List<String> fragments = List.of("<b>", "</b>", "<i>x</i>", "<p>", "</p>", "<br>", "<br/>", "<strong>s</strong>",
                "<script>alert(1)</script>", "<style>p{}</style>", "<img src=\"x\" onerror=\"alert(1)\">",
                "<img src=\"mxc://a/b\" alt=\"pic\">", "<a href=\"javascript:alert(1)\">j</a>",
                "<a href=\"https://example.org/?a=1&b=2\">ok</a>", "<a href=\" JaVaScRiPt:x\">j2</a>",
                "<div onclick=\"x()\">d</div>", "<font color=\"#ff0000\">red</font>", "<iframe src=x></iframe>",
                "<svg onload=alert(1)>", "<table><tr><td>c</td></tr></table>", "<code class=\"language-java\">c</code>",
                "<span style=\"color:red\">s</span>", "<ul><li>l</li></ul>", "<!-- c -->", "<", ">", "&", "&amp;",
                "&lt;", "\"", "'", "<b", "</", "<<b>>", "<p title=\"a>b\">", "<A HREF=\"http://x\">X</A>", "<mx-reply>q</mx-reply>");
        Gen<String> words = Generators.wordOf("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 6);
        Gen<String> part = Generate.frequency(List.of(Pair.of(3, Generate.pick(fragments)), Pair.of(2, words),
                Pair.of(1, Generate.pick(MatrixGenerators.NON_ASCII)), Pair.of(1, Generators.oneOf(" ", "\n"))));
        return Generators.listOf(part, 1, 20).map(parts -> String.join("", parts))
                .assuming(text -> !text.isBlank()).map(HtmlCase::new);
    }

    private static Gen<MessageTextCase> markdown() {
        return MatrixGenerators.messageText().map(MessageTextCase::new);
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
