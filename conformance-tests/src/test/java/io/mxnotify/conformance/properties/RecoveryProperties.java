package io.mxnotify.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.delivery.Backoff;
import io.mxnotify.core.delivery.DeliveryPolicy;
import io.mxnotify.core.delivery.FlushReport;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.id.RoomAlias;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.Notification;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.RecordedRequest;
import io.mxnotify.fakehs.RoomEvent;
import io.mxnotify.fakehs.SeedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import io.mxnotify.pbt.Generators;
import io.mxnotify.pbt.PropertyRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Failure recovery through the public API: whatever a random fault schedule does (5xx, 429 with
 * retry_after_ms, connections dropped before and after the event is stored, delays, token invalidation,
 * forbidden then joinable), every notification handed to {@link Notifier#send} arrives exactly once, in
 * order per room, within a bounded number of flushes and send requests. A QuickTheories property over
 * generated {@link Run}s.
 */
class RecoveryProperties {
    /** A run takes up to a few seconds (delays, backoff, flushes): a bounded shrink. */
    private static final int SHRINK_RUNS = 200;
    private static final List<String> ALIASES = List.of("#alpha:localhost", "#beta:localhost");
    /** The most flushes a schedule may need; each flush keeps retrying for a few seconds. */
    private static final int MAX_FLUSHES = 20;

    private FakeWithNotifier fixture;
    private List<String> roomIds;

    @BeforeEach
    void startFake() {
        FakeHomeserver.Builder builder = FakeHomeserver.builder();
        for (String alias : ALIASES) {
            builder.room(new SeedConfig.Room(alias, null, null, null, true, List.of(FakeWithNotifier.BOT), List.of()));
        }
        fixture = new FakeWithNotifier(builder);
        roomIds = ALIASES.stream().map(alias -> fixture.fake().room(alias).roomId()).toList();
    }

    @AfterEach
    void stopFake() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyNotificationArrivesOnceAndInOrderWhateverFails() {
        PropertyRun.checks(PropertyRun.suiteTries(), SHRINK_RUNS).forAll(runs()).checkAssert(run -> {
            try {
                arrivesOnceAndInOrder(run);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private void arrivesOnceAndInOrder(Run run) throws IOException {
        FaultSchedule schedule = run.schedule();
        Batch batch = run.batch();
        FakeHomeserver fake = fixture.fake();
        fake.reset();
        String botToken = fake.user(FakeWithNotifier.BOT).accessToken();
        int failureBudget = 0;
        RoomActions actions = new RoomActions(fake.baseUrl(), roomIds);
        // client actions first (leaving rooms while the token still works, then logging it out), then the rules
        for (FaultStep step : schedule.steps()) {
            if (!(step instanceof FaultStep.TokenLoggedOut)) {
                failureBudget += step.prepare(botToken, actions);
            }
        }
        for (FaultStep step : schedule.steps()) {
            if (step instanceof FaultStep.TokenLoggedOut) {
                failureBudget += step.prepare(botToken, actions);
            }
        }
        for (FaultStep step : schedule.steps()) {
            failureBudget += step.install(fake);
        }
        fake.clearRequests();
        Path spool = Files.createTempDirectory("mxnotify-recovery");
        DeliveryPolicy policy = DeliveryPolicy.defaults().withSendPatience(Duration.ZERO)
                .withBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(20)));
        try (Notifier notifier = Notifier.builder(spool, fixture.account()).policy(policy)
                .client(MatrixClient.builder(fake.baseUrl()).requestTimeout(Duration.ofSeconds(20)).build())
                .random(new SplittableRandom(batch.hashCode())).build()) {
            for (Batch.Item item : batch.items()) {
                notifier.send(target(item.room()), Notification.of(item.marker()));
            }
            int flushes = 0;
            FlushReport report = notifier.flush(Duration.ofSeconds(3));
            while (!report.clean() && report.died().isEmpty() && ++flushes < MAX_FLUSHES) {
                report = notifier.flush(Duration.ofSeconds(3));
            }
            FlushReport last = report;
            assertTrue(last.died().isEmpty(), () -> "given up: " + last.died());
            assertTrue(last.clean(), () -> "still queued after " + MAX_FLUSHES + " flushes: " + last.waiting());
        } finally {
            FakeWithNotifier.deleteTree(spool);
        }
        for (int room = 0; room < ALIASES.size(); room++) {
            assertEquals(batch.markers(room), markersIn(fake.events(roomIds.get(room))),
                    "room " + room + " must hold each of its notifications once, in the order sent");
        }
        long sends = fake.requests().stream().filter(RoomActionsFilter::isSend).count();
        int bound = batch.items().size() + failureBudget;
        assertTrue(sends <= bound, () -> sends + " send requests for " + batch.items().size()
                + " notifications; at most " + bound + " expected with this schedule");
    }

    private RoomRef target(int room) {
        return room == 0 ? RoomId.parse(roomIds.get(0)) : RoomAlias.parse(ALIASES.get(room));
    }

    /** The marker (first line) of each message event, oldest first. */
    private static List<String> markersIn(List<RoomEvent> events) {
        List<String> markers = new ArrayList<>();
        for (RoomEvent event : events) {
            if ("m.room.message".equals(event.type())) {
                String body = event.body();
                int lineEnd = body.indexOf('\n');
                markers.add(lineEnd < 0 ? body : body.substring(0, lineEnd));
            }
        }
        return markers;
    }

    private static Gen<Run> runs() {
        return schedules().zip(batches(), Run::new);
    }

    private static Gen<FaultSchedule> schedules() {
        Gen<Integer> skip = Generate.range(0, 3);
        Gen<Integer> times = Generate.range(1, 3);
        Gen<FaultStep.Scope> scope = Generate.enumValues(FaultStep.Scope.class);
        Gen<FaultStep> step = Generate.<FaultStep>oneOf(
                Generators.oneOf(500, 502, 503).zip(scope, skip, times, FaultStep.ServerError::new),
                Generate.longRange(1, 50).zip(scope, skip, times, FaultStep.RateLimited::new),
                scope.zip(skip, times, FaultStep.DroppedBefore::new),
                skip.zip(times, FaultStep.DroppedAfter::new),
                Generate.longRange(1, 150).zip(scope, times, FaultStep.Delayed::new),
                skip.zip(Generate.range(1, 2), FaultStep.UnknownTokenAnswers::new),
                Generate.constant(new FaultStep.TokenLoggedOut()),
                Generate.range(0, ALIASES.size() - 1).map(FaultStep.LeftRoom::new));
        return Generators.listOf(step, 0, 5).map(FaultSchedule::new);
    }

    private static Gen<Batch> batches() {
        return Generators.listOf(Generate.range(0, ALIASES.size() - 1), 1, 8).map(Batch::of);
    }

    /** One run: the faults installed, then the notifications sent. */
    record Run(FaultSchedule schedule, Batch batch) {
        @Override
        public String toString() {
            return "faults [" + schedule + "], then " + batch;
        }
    }

    /** The faults of one run, in installation order (the first matching rule fires first). */
    record FaultSchedule(List<FaultStep> steps) {
        @Override
        public String toString() {
            return steps.isEmpty() ? "no faults" : String.join("; ", steps.stream().map(Object::toString).toList());
        }
    }

    /** Notifications to send, each to room 0 (by id) or room 1 (by alias), with a unique marker. */
    record Batch(List<Item> items) {
        record Item(int room, String marker) {
        }

        static Batch of(List<Integer> rooms) {
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < rooms.size(); i++) {
                items.add(new Item(rooms.get(i), "n" + (i + 1) + " to room " + rooms.get(i)));
            }
            return new Batch(items);
        }

        List<String> markers(int room) {
            return items.stream().filter(item -> item.room() == room).map(Item::marker).toList();
        }

        @Override
        public String toString() {
            return items.size() + " notifications to rooms " + items.stream().map(Item::room).toList();
        }
    }

    /** Which journal entries are sends. */
    static final class RoomActionsFilter {
        private RoomActionsFilter() {
        }

        static boolean isSend(RecordedRequest request) {
            return "PUT".equals(request.method()) && request.path().contains("/send/");
        }
    }
}
