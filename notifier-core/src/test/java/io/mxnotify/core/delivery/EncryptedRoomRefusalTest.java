package io.mxnotify.core.delivery;

import static io.mxnotify.core.delivery.ScriptedGateway.error;
import static io.mxnotify.core.delivery.ScriptedGateway.networkDown;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.core.spool.SpoolEntry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Never plaintext into an encrypted room: the engine reads {@code m.room.encryption} before it sends. */
class EncryptedRoomRefusalTest {

    private static final RoomRef A = RoomRef.parse("!a:test");
    private static final HomeserverAccount ACCOUNT =
            HomeserverAccount.withToken(URI.create("http://127.0.0.1:1"), Secret.of("tok"));
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults()
            .withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)))
            .withSendPatience(Duration.ZERO);

    @TempDir
    Path dir;

    private Notifier notifier(ScriptedGateway gateway) {
        return Notifier.builder(dir, ACCOUNT).gateway(gateway).policy(FAST).random(new Random(7)).build();
    }

    private static MessageContent msg(String body) {
        return new MessageContent("m.notice", body, null);
    }

    private static ObjectNode json(String body) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("msgtype", "m.notice");
        content.put("body", body);
        return content;
    }

    @Test
    void aSendIntoAnEncryptedRoomStaysQueuedAndSendsNothing() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true).encrypt("!a:test");
        try (Notifier n = notifier(gw)) {
            SendResult r = n.send(A, msg("secret"));
            assertEquals(SendStatus.QUEUED, r.status(), r.reason());
            assertTrue(r.reason().contains("end-to-end encrypted"), r.reason());
            assertTrue(r.reason().contains("stays queued"), r.reason());
            assertTrue(r.failure().isEmpty(), "a queued refusal is exit 75, not a permission problem");
            assertEquals(0, gw.sendCalls());
            List<SpoolEntry> left = n.spool().scan().entries();
            assertEquals(1, left.size());
            assertEquals(0, left.get(0).attempts(), "a refusal does not count toward the maximum attempts");
            FlushReport again = n.flush();
            assertEquals(1, again.stillQueued());
            assertEquals(0, gw.sendCalls());
            assertTrue(gw.bodies("!a:test").isEmpty());
        }
    }

    @Test
    void aRoomThatTurnedEncryptionOnAfterTheNotificationWasQueuedIsHonoured() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        try (Notifier n = notifier(gw)) {
            assertEquals(SendStatus.DELIVERED, n.send(A, msg("before")).status());
            n.spool().enqueue("!a:test", json("after"));
            gw.encrypt("!a:test");
            FlushReport report = n.flush();
            assertEquals(0, report.delivered().size());
            assertEquals(1, report.stillQueued());
            assertEquals(List.of("before"), gw.bodies("!a:test"));
        }
    }

    @Test
    void anUnreadableEncryptionStateKeepsTheNotificationQueuedRatherThanSendingOrBurying() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true)
                .failStateReads(error(404, "M_UNRECOGNIZED", null));
        try (Notifier n = notifier(gw)) {
            SendResult r = n.send(A, msg("hi"));
            assertEquals(SendStatus.QUEUED, r.status(), r.reason());
            assertTrue(r.reason().contains("could not read whether !a:test is encrypted"), r.reason());
            assertEquals(0, gw.sendCalls());
            assertTrue(n.spool().dead().isEmpty());
            assertEquals(1, n.flush().delivered().size(), "the next pass reads the state again and sends");
            assertEquals(List.of("hi"), gw.bodies("!a:test"));
        }
    }

    @Test
    void aNetworkFailureReadingTheStateIsRetriedLikeAnySendFailure() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true).failStateReads(networkDown());
        try (Notifier n = notifier(gw)) {
            SendResult r = n.send(A, msg("hi"));
            assertEquals(SendStatus.QUEUED, r.status(), r.reason());
            assertEquals(0, gw.sendCalls());
            assertEquals(1, n.flush().delivered().size());
        }
    }

    @Test
    void notJoinedYetJoinsThenReadsTheStateThenSends() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", false);
        try (Notifier n = notifier(gw)) {
            assertEquals(SendStatus.DELIVERED, n.send(A, msg("hi")).status());
            assertEquals(List.of("hi"), gw.bodies("!a:test"));
        }
    }

    @Test
    void aFlushReadsEachRoomsStateOncePerPass() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        try (Notifier n = notifier(gw)) {
            for (int i = 0; i < 5; i++) {
                n.spool().enqueue("!a:test", json("n" + i));
            }
            assertEquals(5, n.flush().delivered().size());
            assertEquals(1, gw.stateReads());
            assertEquals(5, gw.sendCalls());
        }
    }
}
