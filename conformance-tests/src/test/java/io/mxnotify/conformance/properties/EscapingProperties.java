package io.mxnotify.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.delivery.SendResult;
import io.mxnotify.core.id.RoomAlias;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.core.render.MessageRenderer;
import io.mxnotify.core.render.Notification;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.RoomEvent;
import io.mxnotify.fakehs.SeedConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import io.mxnotify.pbt.PropertyRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Whatever the user writes, and whatever legal characters a room's id or alias holds, goes through
 * notifier-core (renderer, spool, engine, client) to the fake home server and arrives unchanged in
 * {@code body}; the HTML version carries no markup the user did not ask for. QuickTheories properties with
 * the suite's tries ({@link PropertyRun#suiteTries}).
 */
class EscapingProperties {
    /** Each run is a send or two to the embedded fake: cheap enough for a thorough shrink. */
    private static final int SHRINK_RUNS = 1_000;

    private final MessageRenderer renderer = new MessageRenderer();
    private FakeWithNotifier fixture;

    @BeforeEach
    void startFake() {
        fixture = FakeWithNotifier.start();
    }

    @AfterEach
    void stopFake() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A room alias with any allowed character: joined and sent to through the notifier, resolved by the client. */
    @Test
    void aliasWithAnyAllowedCharacterReachesItsRoom() {
        checks().forAll(aliases()).checkAssert(this::aliasReachesItsRoom);
    }

    private void aliasReachesItsRoom(AliasCase alias) {
        FakeHomeserver fake = fixture.fake();
        String roomId = roomFor(fake, alias.value());
        assertEquals(roomId, fixture.client().resolveAlias(RoomAlias.parse(alias.value())).value(),
                "alias lookup must find the room");
        String marker = "to " + alias.value();
        SendResult result = fixture.notifier().send(RoomAlias.parse(alias.value()), Notification.of(marker));
        assertTrue(result.delivered(), () -> "not delivered: " + result.reason());
        RoomEvent event = fake.room(roomId).latestEvent().orElseThrow(() -> new AssertionError("nothing arrived"));
        assertEquals(marker, event.body());
        assertEquals(result.eventId().orElseThrow(), event.eventId());
    }

    /** A room id with any allowed character in its opaque part: the message arrives in exactly that room. */
    @Test
    void roomIdWithAnyAllowedCharacterReceivesTheMessage() {
        checks().forAll(roomIds()).checkAssert(this::roomIdReceivesTheMessage);
    }

    private void roomIdReceivesTheMessage(RoomIdCase room) {
        try (FakeWithNotifier own = new FakeWithNotifier(FakeHomeserver.builder().room(new SeedConfig.Room(null,
                room.value(), null, null, true, List.of(FakeWithNotifier.BOT), List.of())))) {
            MatrixClient client = own.client();
            assertEquals(room.value(), client.joinById(RoomId.parse(room.value())).value());
            String eventId = client.send(RoomId.parse(room.value()), MatrixClient.newTransactionId(),
                    renderer.render(Notification.of("in " + room.value()))).value();
            List<RoomEvent> events = own.fake().events(room.value());
            assertEquals(1, events.size(), () -> "events: " + events);
            assertEquals(eventId, events.get(0).eventId());
            assertEquals("in " + room.value(), events.get(0).body());
        }
    }

    /** Any plain text arrives unchanged in {@code body}, and its HTML version is exactly the escaped text. */
    @Test
    void plainTextArrivesUnchangedAndItsHtmlIsOnlyEscapedText() {
        checks().forAll(texts()).checkAssert(this::plainTextArrivesUnchanged);
    }

    private void plainTextArrivesUnchanged(MessageCase message) {
        RoomEvent event = sendThroughNotifier(Notification.of(message.text()));
        assertEquals(message.text(), event.body(), "body must be the text as written");
        assertEquals("org.matrix.custom.html", event.content().path("format").asText());
        String html = event.content().path("formatted_body").asText();
        assertEquals(message.text().replace("\r\n", "\n").replace('\r', '\n'), textOfParagraphs(html),
                "formatted_body must be the escaped text in a paragraph, nothing else: " + html);
    }

    /** A subject and a body: body is {@code subject + blank line + text}, HTML has only the renderer's own tags. */
    @Test
    void subjectAndTextArriveUnchanged() {
        checks().forAll(texts(), texts()).checkAssert(this::subjectAndTextArrive);
    }

    private void subjectAndTextArrive(MessageCase subject, MessageCase message) {
        RoomEvent event = sendThroughNotifier(Notification.of(message.text()).withSubject(subject.text()));
        assertEquals(subject.text() + "\n\n" + message.text(), event.body());
        String html = event.content().path("formatted_body").asText();
        assertTrue(html.startsWith("<p><strong>"), html);
        int end = html.indexOf("</strong></p>");
        assertTrue(end > 0, html);
        assertEquals(normalizeBreaks(subject.text()), unescape(html.substring("<p><strong>".length(), end)
                .replace("<br/>", "\n")));
        assertEquals(normalizeBreaks(message.text()), textOfParagraphs(html.substring(end + "</strong></p>".length())));
    }

    /** What the renderer makes of plain text is what arrives: the fake stores the content byte for byte. */
    @Test
    void renderedContentArrivesByteForByte() {
        checks().forAll(texts()).checkAssert(this::renderedContentArrives);
    }

    private void renderedContentArrives(MessageCase message) {
        MessageContent content = renderer.render(Notification.of(message.text()));
        RoomEvent event = sendThroughNotifier(Notification.of(message.text()));
        assertEquals(content.body(), event.body());
        assertEquals(content.formattedBody(), event.content().path("formatted_body").asText());
        assertEquals(content.msgtype(), event.msgtype());
    }

    private static QuickTheory checks() {
        return PropertyRun.checks(PropertyRun.suiteTries(), SHRINK_RUNS);
    }

    private static Gen<AliasCase> aliases() {
        return MatrixGenerators.identifierLocalpart().assuming(l -> utf8Length("#" + l + ":localhost") <= 255)
                .map(localpart -> new AliasCase("#" + localpart + ":localhost"));
    }

    private static Gen<RoomIdCase> roomIds() {
        return MatrixGenerators.identifierLocalpart().assuming(l -> utf8Length("!" + l + ":localhost") <= 255)
                .map(opaque -> new RoomIdCase("!" + opaque + ":localhost"));
    }

    private static Gen<MessageCase> texts() {
        return MatrixGenerators.messageText().map(MessageCase::new);
    }

    private RoomEvent sendThroughNotifier(Notification notification) {
        FakeHomeserver fake = fixture.fake();
        String roomId = roomFor(fake, "#texts:localhost");
        SendResult result = fixture.notifier().send(RoomId.parse(roomId), notification);
        assertTrue(result.delivered(), () -> "not delivered: " + result.reason());
        RoomEvent event = fake.room(roomId).latestEvent().orElseThrow(() -> new AssertionError("nothing arrived"));
        assertEquals(result.eventId().orElseThrow(), event.eventId());
        return event;
    }

    /** The room with this alias, created (public, bot joined) on first use. */
    private static String roomFor(FakeHomeserver fake, String alias) {
        if (fake.rooms().stream().noneMatch(room -> room.aliases().contains(alias))) {
            fake.createRoom(alias);
            fake.join(FakeWithNotifier.BOT, alias);
        }
        return fake.room(alias).roomId();
    }

    /**
     * The text of {@code <p>...</p>} paragraphs (line breaks as {@code <br/>}), unescaped; fails when there is
     * any other markup, i.e. a {@code <} or {@code >} the renderer did not write itself.
     */
    private static String textOfParagraphs(String html) {
        assertTrue(html.startsWith("<p>") && html.endsWith("</p>"), () -> "not one paragraph: " + html);
        String inner = html.substring(3, html.length() - 4).replace("<br/>", "\n");
        assertFalse(inner.contains("<") || inner.contains(">"), () -> "markup the user did not ask for: " + html);
        return unescape(inner);
    }

    private static String unescape(String escaped) {
        assertFalse(escaped.matches("(?s).*&(?!amp;|lt;|gt;|quot;|#39;).*"), () -> "a bare '&' in HTML: " + escaped);
        return escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static String normalizeBreaks(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A room alias, shown with its invisible characters spelled out. */
    record AliasCase(String value) {
        @Override
        public String toString() {
            return "alias " + VisibleText.of(value);
        }
    }

    /** A room id, shown with its invisible characters spelled out. */
    record RoomIdCase(String value) {
        @Override
        public String toString() {
            return "room id " + VisibleText.of(value);
        }
    }

    /** A message text, shown with its invisible characters spelled out. */
    record MessageCase(String text) {
        @Override
        public String toString() {
            return "text " + VisibleText.of(text);
        }
    }
}
