package io.mxnotify.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.delivery.FlushReport;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.id.InvalidIdentifierException;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.Notification;
import io.mxnotify.fakehs.RecordedRequest;
import java.util.List;
import io.mxnotify.pbt.Generators;
import io.mxnotify.pbt.PropertyRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Invalid room ids and aliases are refused by notifier-core before any request: the fake home server's
 * request journal does not grow. QuickTheories properties.
 */
class InvalidIdentifierProperties {
    /** Each run is a parse, or an enqueue and a flush, against the embedded fake: cheap. */
    private static final int SHRINK_RUNS = 1_000;

    private final ObjectMapper json = new ObjectMapper();
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

    /** The parser refuses the text with a message naming the rule; nothing reaches the server. */
    @Test
    void invalidRoomIsRefusedByTheParserBeforeAnyRequest() {
        PropertyRun.checks(PropertyRun.suiteTries(), SHRINK_RUNS).forAll(invalidRooms())
                .checkAssert(this::refusedByTheParserBeforeAnyRequest);
    }

    private void refusedByTheParserBeforeAnyRequest(InvalidRoomCase room) {
        int before = fixture.fake().requests().size();
        Notifier notifier = fixture.notifier();
        InvalidIdentifierException refused = assertThrows(InvalidIdentifierException.class,
                () -> notifier.send(RoomRef.parse(room.text()), Notification.of("never sent")), room::toString);
        assertFalse(refused.getMessage().isBlank());
        assertEquals(before, fixture.fake().requests().size(), "a request was made for an invalid room");
    }

    /**
     * An invalid room handed to the spool directly (another program using the spool API, a hand-edited
     * file) is refused by the spool, or spooled and then given up without a request; the flush goes on.
     */
    @Test
    void invalidRoomInTheSpoolIsGivenUpWithoutARequest() {
        PropertyRun.checks(20, SHRINK_RUNS).forAll(invalidRooms()).checkAssert(this::givenUpWithoutARequest);
    }

    private void givenUpWithoutARequest(InvalidRoomCase room) {
        Notifier notifier = fixture.notifier();
        List<RecordedRequest> before = fixture.fake().requests();
        ObjectNode content = json.createObjectNode().put("msgtype", "m.notice").put("body", "never sent");
        try {
            notifier.spool().enqueue(room.text(), content);
        } catch (IllegalArgumentException refusedByTheSpool) {
            assertEquals(before.size(), fixture.fake().requests().size(), "a request was made for " + room);
            return;
        }
        FlushReport report = notifier.flush();
        List<RecordedRequest> after = fixture.fake().requests();
        assertEquals(before.size(), after.size(), () -> "requests made for " + room + ": "
                + after.subList(before.size(), after.size()));
        assertEquals(0, report.stillQueued(), () -> "still queued: " + report);
        assertTrue(report.died().stream().anyMatch(dead -> dead.room().equals(room.text())), () -> "not given up: "
                + report);
    }

    private static Gen<InvalidRoomCase> invalidRooms() {
        Gen<String> local = MatrixGenerators.identifierLocalpart();
        Gen<String> sigils = Generators.oneOf("#", "!");
        return Generate.oneOf(
                local.map(l -> new InvalidRoomCase("no sigil", "x" + l + ":localhost")),
                local.map(l -> new InvalidRoomCase("user id instead of room", "@" + l + ":localhost")),
                local.map(l -> new InvalidRoomCase("alias without server name", "#" + l.replace(":", ""))),
                sigils.map(s -> new InvalidRoomCase("empty localpart", s + ":localhost")),
                local.zip(local, (a, b) -> new InvalidRoomCase("NUL inside", "#" + a + "\u0000" + b + ":localhost")),
                local.zip(Generators.oneOf("\uD800", "\uDFFF", "\uDBFF"), (a, s) ->
                        new InvalidRoomCase("unpaired surrogate", "!" + a + s + ":localhost")),
                sigils.zip(local, Generators.oneOf("", "exa mple.org", "host:99999", "[::1", "host:", "ho/st", "ho?st",
                        "ho#st", "host:port", "ex\u00e4mple.org"), (sigil, l, server) ->
                        new InvalidRoomCase("bad server name", sigil + l + ":" + server)),
                sigils.map(s -> new InvalidRoomCase("over 255 bytes", s + "a".repeat(250) + ":localhost")),
                Generators.oneOf("", " ", "alerts", "room:localhost").map(t -> new InvalidRoomCase("not an id", t)));
    }

    /** An invalid room text with the rule it breaks, for readable counterexamples. */
    record InvalidRoomCase(String rule, String text) {
        @Override
        public String toString() {
            return rule + ": " + VisibleText.of(text);
        }
    }
}
