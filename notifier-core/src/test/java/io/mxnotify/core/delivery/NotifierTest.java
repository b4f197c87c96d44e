package io.mxnotify.core.delivery;

import io.mxnotify.core.client.FailureKind;
import static io.mxnotify.core.delivery.ScriptedGateway.error;
import static io.mxnotify.core.delivery.ScriptedGateway.networkDown;
import static io.mxnotify.core.delivery.ScriptedGateway.serverError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.Secret;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.core.render.Notification;
import io.mxnotify.core.spool.FlusherLock;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.SpoolEntry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierTest {

    private static final RoomRef A = RoomRef.parse("!a:test");
    private static final RoomRef B = RoomRef.parse("!b:test");
    private static final HomeserverAccount ACCOUNT =
            HomeserverAccount.withToken(URI.create("http://127.0.0.1:1"), Secret.of("tok"));
    private static final DeliveryPolicy FAST = DeliveryPolicy.defaults()
            .withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)))
            .withSendPatience(Duration.ZERO)
            .withLateLabel(new LateLabel(true, Duration.ofMinutes(1), ZoneOffset.UTC));

    @TempDir
    Path dir;

    /** A clock tests move by hand. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-27T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private Notifier notifier(ScriptedGateway gateway, DeliveryPolicy policy) {
        return Notifier.builder(dir, ACCOUNT).gateway(gateway).policy(policy).random(new Random(7)).build();
    }

    private Notifier notifier(ScriptedGateway gateway, DeliveryPolicy policy, Clock clock) {
        return Notifier.builder(dir, ACCOUNT).gateway(gateway).policy(policy).clock(clock).random(new Random(7)).build();
    }

    private static MessageContent msg(String body) {
        return new MessageContent("m.notice", body, null);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void sendDeliversAndEmptiesTheSpool() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        try (Notifier n = notifier(gw, FAST)) {
            SendResult r = n.send(A, Notification.of("disk 91% full"));
            assertEquals(SendStatus.DELIVERED, r.status(), r.reason());
            assertEquals("$" + r.id().txnId(), r.eventId().orElseThrow());
            assertEquals(List.of("disk 91% full"), gw.bodies("!a:test"));
            assertTrue(n.spool().scan().entries().isEmpty());
        }
    }

    @Test
    void aServerErrorQueuesAndAFlushMoreThanTheThresholdLaterDeliversWithTheLateLabel() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true).failSends(serverError());
        TestClock clock = new TestClock();
        try (Notifier n = notifier(gw, FAST, clock)) {
            SendResult r = n.send(A, msg("first"));
            assertEquals(SendStatus.QUEUED, r.status());
            assertTrue(r.reason().contains("HTTP 500"), r.reason());
            assertEquals(Optional.of(FailureKind.SERVER_ERROR), r.failure());
            clock.advance(Duration.ofSeconds(61));
            FlushReport report = n.flush();
            assertEquals(1, report.delivered().size());
            assertTrue(report.delivered().get(0).late());
            assertTrue(report.clean());
            String body = gw.bodies("!a:test").get(0);
            assertTrue(body.startsWith("first\n\nThis message was queued since 2026-"), body);
            assertTrue(body.endsWith(" UTC and may be obsolete."), body);
        }
    }

    @Test
    void theLateLabelAlsoGoesIntoTheFormattedBodyAndCanBeTurnedOff() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true).failSends(serverError());
        TestClock clock = new TestClock();
        try (Notifier n = notifier(gw, FAST, clock)) {
            n.send(A, new MessageContent("m.notice", "x", "<b>x</b>"));
            clock.advance(Duration.ofMinutes(5));
            n.flush();
            com.fasterxml.jackson.databind.node.ObjectNode sent = gw.contents("!a:test").get(0);
            assertTrue(sent.get("body").asText().startsWith("x\n\nThis message was queued since "), sent.toString());
            String html = sent.get("formatted_body").asText();
            assertTrue(html.startsWith("<b>x</b><p><em>This message was queued since "), html);
            assertTrue(html.endsWith(" and may be obsolete.</em></p>"), html);
            assertEquals("org.matrix.custom.html", sent.get("format").asText());
        }
        ScriptedGateway quiet = new ScriptedGateway(false).room("!a:test", true).failSends(serverError());
        try (Notifier n = Notifier.builder(dir.resolve("quiet"), ACCOUNT).gateway(quiet).clock(clock)
                .policy(FAST.withLateLabel(LateLabel.off())).build()) {
            n.send(A, msg("plain"));
            clock.advance(Duration.ofMinutes(5));
            n.flush();
            assertEquals(List.of("plain"), quiet.bodies("!a:test"));
        }
    }

    @Test
    void aStuckRoomHoldsBackOnlyItself() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true).room("!b:test", true);
        try (Notifier n = notifier(gw, FAST)) {
            // every explicit send retries the stuck head of room A once more: it fails three times
            gw.failSends(serverError(), serverError(), serverError());
            assertEquals(SendStatus.QUEUED, n.send(A, msg("a1")).status());
            SendResult a2 = n.send(A, msg("a2"));
            assertEquals(SendStatus.QUEUED, a2.status());
            assertTrue(a2.reason().contains("2 waiting"), a2.reason());
            assertEquals(SendStatus.DELIVERED, n.send(B, msg("b1")).status());
            assertEquals(List.of(), gw.bodies("!a:test"));
            n.flush();
            assertEquals(2, gw.bodies("!a:test").size());
            assertTrue(gw.bodies("!a:test").get(0).startsWith("a1"));
            assertTrue(gw.bodies("!a:test").get(1).startsWith("a2"));
        }
    }

    @Test
    void aFailedAttemptAloneIsNotLateness() {
        // A 429 waited out, or a server error retried, within the threshold: the notification is still current.
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true)
                .failSends(error(429, "M_LIMIT_EXCEEDED", Duration.ofSeconds(5)), serverError());
        TestClock clock = new TestClock();
        try (Notifier n = notifier(gw, FAST, clock)) {
            assertEquals(SendStatus.QUEUED, n.send(A, msg("disk 91% full")).status());
            clock.advance(Duration.ofSeconds(6));
            assertEquals(0, n.flush().delivered().size());
            clock.advance(Duration.ofSeconds(30));
            FlushReport report = n.flush();
            assertEquals(1, report.delivered().size());
            assertFalse(report.delivered().get(0).late());
            assertEquals(List.of("disk 91% full"), gw.bodies("!a:test"));
        }
    }

    @Test
    void aNotificationDeliveredJustOverTheThresholdIsLateWithoutAnyFailure() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        TestClock clock = new TestClock();
        try (Notifier n = notifier(gw, FAST, clock)) {
            n.spool().enqueue("!a:test", json("old news"));
            clock.advance(LateLabel.DEFAULT_THRESHOLD.plusSeconds(1));
            assertTrue(n.flush().delivered().get(0).late());
            assertTrue(gw.bodies("!a:test").get(0).endsWith("and may be obsolete."));
        }
    }

    @Test
    void rateLimitHoldsEveryRoomForRetryAfter() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true).room("!b:test", true);
        TestClock clock = new TestClock();
        try (Notifier n = Notifier.builder(dir, ACCOUNT).gateway(gw).policy(FAST).clock(clock).build()) {
            n.spool().enqueue("!a:test", json("a"));
            n.spool().enqueue("!b:test", json("b"));
            gw.failSends(error(429, "M_LIMIT_EXCEEDED", Duration.ofSeconds(7)));
            FlushReport report = n.flush();
            assertEquals(0, report.delivered().size());
            assertEquals(2, report.stillQueued());
            assertTrue(report.waiting().get("!b:test").contains("not tried"), report.waiting().toString());
            SpoolEntry a = n.spool().scan().entries().get(0);
            assertEquals(clock.instant().plusSeconds(7), a.nextAttemptAt());
            assertEquals(1, a.attempts());
            assertEquals(1, gw.sendCalls());
            clock.advance(Duration.ofSeconds(8));
            assertEquals(2, n.flush().delivered().size());
        }
    }

    @Test
    void aNetworkFailureStopsThePassForAllRooms() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true).room("!b:test", true);
        try (Notifier n = notifier(gw, FAST)) {
            n.spool().enqueue("!a:test", json("a"));
            n.spool().enqueue("!b:test", json("b"));
            gw.failSends(networkDown());
            FlushReport report = n.flush();
            assertEquals(1, gw.sendCalls());
            assertEquals(2, report.stillQueued());
            assertEquals(2, n.flush().delivered().size());
        }
    }

    @Test
    void patienceRetriesWithBackoffUntilDelivered() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true)
                .failSends(serverError(), networkDown(), serverError());
        try (Notifier n = notifier(gw, FAST.withSendPatience(Duration.ofSeconds(30)))) {
            SendResult r = n.send(A, msg("eventually"));
            assertEquals(SendStatus.DELIVERED, r.status(), r.reason());
            assertEquals(4, gw.sendCalls());
        }
    }

    @Test
    void anInvalidatedTokenLogsInAgainWhenAPasswordIsConfigured() {
        ScriptedGateway gw = new ScriptedGateway(true).room("!a:test", true);
        gw.invalidateToken();
        try (Notifier n = notifier(gw, FAST)) {
            assertEquals(SendStatus.DELIVERED, n.send(A, msg("hi")).status());
            assertEquals(1, gw.logins());
        }
    }

    @Test
    void anInvalidatedTokenWithoutPasswordWaitsAndSaysToLogIn() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        gw.invalidateToken();
        try (Notifier n = notifier(gw, FAST)) {
            SendResult r = n.send(A, msg("hi"));
            assertEquals(SendStatus.QUEUED, r.status());
            assertTrue(r.reason().contains("mxnotify login"), r.reason());
            assertEquals(Optional.of(FailureKind.UNKNOWN_TOKEN), r.failure());
            SpoolEntry waiting = n.spool().scan().entries().get(0);
            assertEquals(0, waiting.attempts(), "waiting for a login is not a failed attempt");
            assertTrue(n.spool().dead().isEmpty());
        }
    }

    @Test
    void forbiddenJoinsOnceThenSends() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", false);
        try (Notifier n = notifier(gw, FAST)) {
            assertEquals(SendStatus.DELIVERED, n.send(A, msg("hi")).status());
            assertEquals(List.of("hi"), gw.bodies("!a:test"));
        }
    }

    @Test
    void forbiddenAndNotJoinableIsDeadButTheNextInTheRoomStillGoes() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", false).notJoinable("!a:test");
        try (Notifier n = notifier(gw, FAST)) {
            SendResult r = n.send(A, msg("never"));
            assertEquals(SendStatus.DEAD, r.status());
            assertTrue(r.reason().contains("joining the room failed"), r.reason());
            assertEquals(Optional.of(FailureKind.FORBIDDEN), r.failure());
            assertEquals(1, n.spool().dead().size());
            assertEquals(r.reason(), n.spool().dead().get(0).deadReason());
        }
    }

    @Test
    void anotherClientErrorIsDeadAndDoesNotBlockTheRoom() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        try (Notifier n = notifier(gw, FAST)) {
            n.spool().enqueue("!a:test", json("bad"));
            n.spool().enqueue("!a:test", json("good"));
            gw.failSends(error(400, "M_BAD_JSON", null));
            FlushReport report = n.flush();
            assertEquals(1, report.died().size());
            assertTrue(report.died().get(0).deadReason().contains("M_BAD_JSON"));
            assertEquals(Optional.of(FailureKind.REJECTED), report.failureOf(report.died().get(0).id()));
            assertEquals(List.of("good"), gw.bodies("!a:test"));
            assertEquals(1, n.spool().requeueAll());
            n.flush();
            assertEquals(2, gw.bodies("!a:test").size());
        }
    }

    @Test
    void anAliasIsResolvedByJoining() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", false).alias("#alerts:test", "!a:test");
        try (Notifier n = notifier(gw, FAST)) {
            assertEquals(SendStatus.DELIVERED, n.send(RoomRef.parse("#alerts:test"), msg("hi")).status());
            assertEquals(List.of("hi"), gw.bodies("!a:test"));
        }
    }

    @Test
    void tooOldOrTooOftenFailedNotificationsAreGivenUp() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        TestClock clock = new TestClock();
        try (Notifier n = Notifier.builder(dir, ACCOUNT).gateway(gw).clock(clock)
                .policy(FAST.withMaxAge(Duration.ofHours(1)).withMaxAttempts(2)).build()) {
            n.spool().enqueue("!a:test", json("old"));
            clock.advance(Duration.ofHours(2));
            n.spool().enqueue("!a:test", json("fails"));
            gw.failSends(serverError(), serverError());
            FlushReport first = n.flush();
            assertEquals(1, first.died().size());
            assertTrue(first.died().get(0).deadReason().contains("maximum age of 1 hour"), first.died().toString());
            n.flush();
            FlushReport third = n.flush();
            assertEquals(1, third.died().size());
            assertTrue(third.died().get(0).deadReason().contains("maximum of 2 attempts"));
            assertEquals(List.of(), gw.bodies("!a:test"));
            assertEquals(2, n.spool().dead().size());
        }
    }

    @Test
    void aNotificationSpooledWhileAnotherFlusherWorksIsDeliveredByThatFlusher() throws Exception {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        CountDownLatch inSend = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Notifier n = notifier(gw, FAST)) {
            n.spool().enqueue("!a:test", json("first"));
            gw.beforeSend(() -> {
                if (inSend.getCount() > 0) {
                    inSend.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            CompletableFuture<FlushReport> flusher = CompletableFuture.supplyAsync(n::flush);
            assertTrue(inSend.await(20, TimeUnit.SECONDS));
            SendResult second = n.send(A, msg("second"));
            assertEquals(SendStatus.QUEUED, second.status());
            assertTrue(second.reason().contains("another process or thread"), second.reason());
            release.countDown();
            FlushReport report = flusher.get(20, TimeUnit.SECONDS);
            assertEquals(2, report.delivered().size());
            assertEquals(List.of("first", "second"), gw.bodies("!a:test"));
        }
    }

    @Test
    void aFlushWhileTheLockIsHeldSaysSo() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        try (Notifier n = notifier(gw, FAST)) {
            try (FlusherLock held = n.spool().tryLockFlusher().orElseThrow()) {
                FlushReport report = n.flush();
                assertTrue(report.flusherBusy());
                assertTrue(report.delivered().isEmpty());
            }
        }
    }

    @Test
    void backgroundDeliveryPicksUpOtherProcessesNotificationsAndRetries() throws Exception {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        try (Spool other = Spool.open(dir.resolve("shared"));
             Notifier n = Notifier.builder(dir.resolve("shared"), ACCOUNT).spool(other).gateway(gw).policy(FAST)
                     .backgroundRescan(Duration.ofMillis(20)).build()) {
            n.startBackground();
            gw.failSends(serverError(), networkDown());
            other.enqueue("!a:test", json("from elsewhere 1"));
            other.enqueue("!a:test", json("from elsewhere 2"));
            await(() -> gw.bodies("!a:test").size() == 2);
            assertTrue(gw.bodies("!a:test").get(0).startsWith("from elsewhere 1"));
            await(() -> other.scan().entries().isEmpty());
        }
        assertFalse(gw.bodies("!a:test").isEmpty());
    }

    @Test
    void aSpooledEntryWithAnInvalidRoomIsGivenUpNotStuck() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true);
        try (Notifier n = Notifier.builder(dir, ACCOUNT).gateway(new io.mxnotify.core.delivery.internal
                .MatrixClientGateway(io.mxnotify.core.client.MatrixClient.builder("http://127.0.0.1:9").build(),
                ACCOUNT, r -> { })).policy(FAST).build()) {
            n.spool().enqueue("not a room", json("x"));
            FlushReport report = n.flush();
            assertEquals(1, report.died().size());
            assertTrue(report.died().get(0).deadReason().contains("not a room id or alias"),
                    report.died().get(0).deadReason());
        }
        assertEquals(0, gw.sendCalls());
    }

    @Test
    void aFailureOfDeliveryAfterSpoolingAnswersQueuedNotAnException() {
        ScriptedGateway gw = new ScriptedGateway(false).room("!a:test", true)
                .failSends(new IllegalStateException("unexpected"));
        try (Notifier n = notifier(gw, FAST)) {
            SendResult r = n.send(A, msg("safe"));
            assertEquals(SendStatus.QUEUED, r.status());
            assertTrue(r.reason().contains("delivery stopped: unexpected"), r.reason());
            assertEquals(1, n.spool().scan().entries().size());
            assertEquals(1, n.flush().delivered().size());
            assertEquals(List.of("safe"), gw.bodies("!a:test"));
        }
    }

    @Test
    void accountsValidateAndNeverShowSecrets() {
        HomeserverAccount account = ACCOUNT.withPasswordLogin("@bot:test", Secret.of("hunter2"), "DEV");
        assertFalse(account.toString().contains("hunter2"), account.toString());
        assertFalse(account.toString().contains("tok"), account.toString());
        IllegalArgumentException noUser = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new HomeserverAccount(URI.create("http://x"), java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.of(Secret.of("pw")), java.util.Optional.empty()));
        assertTrue(noUser.getMessage().contains("without a user"));
        IllegalArgumentException nothing = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new HomeserverAccount(URI.create("http://x"), java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.empty(), java.util.Optional.empty()));
        assertTrue(nothing.getMessage().contains("mxnotify login"));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode json(String body) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("msgtype", "m.notice").put("body", body);
    }
}
