package io.mxnotify.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.delivery.Backoff;
import io.mxnotify.core.delivery.DeliveryPolicy;
import io.mxnotify.core.delivery.FlushReport;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.delivery.SendResult;
import io.mxnotify.core.id.RoomAlias;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.Notification;
import io.mxnotify.core.spool.CrashingFileSystem;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.internal.DiskSpoolFileSystem;
import io.mxnotify.core.spool.internal.SpoolFileSystem;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.FaultRule.DropConnection;
import io.mxnotify.fakehs.RoomEvent;
import io.mxnotify.fakehs.SeedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import io.mxnotify.pbt.Generators;
import io.mxnotify.pbt.PropertyRun;
import io.mxnotify.pbt.StepSequence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Queue durability through the public API (the spool issue's stateful property, run here with the
 * suite's tries): random sequences of sends, flushes under server faults, and process crashes at any
 * single file operation of the spool (followed by a restart on the same directory), then one clean
 * flush. Every acknowledged notification is in its room exactly once; one whose send crashed is there
 * at most once; each room's messages keep their sending order; nothing is dead or quarantined.
 * A QuickTheories property over generated {@link Script}s.
 */
class DurabilityProperties {
    /** A run takes a few hundred milliseconds (processes, faults, flushes): a bounded shrink. */
    private static final int SHRINK_RUNS = 200;
    private static final List<String> ALIASES = List.of("#one:localhost", "#two:localhost");

    private final DeliveryPolicy policy = DeliveryPolicy.defaults().withSendPatience(Duration.ZERO)
            .withBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(10)));
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
    void acknowledgedNotificationsSurviveCrashesAndFaultsExactlyOnce() {
        PropertyRun.checkSteps(PropertyRun.suiteTries(), SHRINK_RUNS, scripts(), script -> {
            try {
                survivesCrashesAndFaultsExactlyOnce(script);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private void survivesCrashesAndFaultsExactlyOnce(Script script) throws IOException {
        FakeHomeserver fake = fixture.fake();
        fake.reset();
        Path dir = Files.createTempDirectory("mxnotify-durability");
        Model model = new Model();
        try {
            for (Step step : script.steps()) {
                step.run(this, dir, model);
            }
            fake.clearFaults();
            try (Process process = new Process(dir, new DiskSpoolFileSystem())) {
                FlushReport report = process.notifier.flush(Duration.ofSeconds(5));
                for (int i = 0; i < 5 && !report.clean() && report.died().isEmpty(); i++) {
                    report = process.notifier.flush(Duration.ofSeconds(5));
                }
                FlushReport last = report;
                assertTrue(last.died().isEmpty(), () -> "given up: " + last.died());
                assertEquals(0, last.stillQueued(), () -> "still queued: " + last.waiting());
                assertTrue(process.spool.dead().isEmpty(), () -> "dead: " + process.spool.dead());
                assertTrue(last.quarantined().isEmpty(), () -> "quarantined: " + last.quarantined());
            }
        } finally {
            FakeWithNotifier.deleteTree(dir);
        }
        for (int room = 0; room < ALIASES.size(); room++) {
            List<String> arrived = markersIn(fake.events(roomIds.get(room)));
            model.check(room, arrived);
        }
    }

    /** A notifier "process" on the spool directory, with the given file system under its spool. */
    final class Process implements AutoCloseable {
        final Spool spool;
        final Notifier notifier;

        Process(Path dir, SpoolFileSystem fs) {
            this.spool = Spool.open(dir, fs, Clock.systemUTC(), new SplittableRandom());
            this.notifier = Notifier.builder(dir, fixture.account()).policy(policy).spool(spool)
                    .client(MatrixClient.builder(fixture.fake().baseUrl()).requestTimeout(Duration.ofSeconds(20)).build())
                    .build();
        }

        @Override
        public void close() {
            try {
                notifier.close();
            } finally {
                spool.close();
            }
        }
    }

    private RoomRef target(int room) {
        return room == 0 ? RoomId.parse(roomIds.get(0)) : RoomAlias.parse(ALIASES.get(room));
    }

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

    /** What was sent: acknowledged notifications must arrive; crashed sends may. */
    static final class Model {
        private final List<List<String>> sent = List.of(new ArrayList<>(), new ArrayList<>());
        private final Set<String> acknowledged = new HashSet<>();
        private int next;

        String newMarker(int room) {
            String marker = "n" + (++next) + " to room " + room;
            sent.get(room).add(marker);
            return marker;
        }

        void acknowledge(String marker) {
            acknowledged.add(marker);
        }

        void check(int room, List<String> arrived) {
            List<String> order = sent.get(room);
            assertEquals(arrived.size(), new HashSet<>(arrived).size(), () -> "duplicates in room " + room + ": " + arrived);
            for (String marker : order) {
                if (acknowledged.contains(marker)) {
                    assertTrue(arrived.contains(marker), () -> "lost in room " + room + ": " + marker + "; arrived "
                            + arrived);
                }
            }
            int last = -1;
            for (String marker : arrived) {
                int index = order.indexOf(marker);
                assertTrue(index >= 0, () -> "never sent to room " + room + ": " + marker);
                assertTrue(index > last, () -> "out of order in room " + room + ": " + arrived);
                last = index;
            }
        }
    }

    /** The server fault a flush or send runs under. */
    enum ServerFault {
        NONE, UNAVAILABLE_503, RATE_LIMITED_429, DROP_BEFORE, DROP_AFTER, SLOW;

        void install(FakeHomeserver fake) {
            FaultRule.Builder rule = FaultRule.builder().method("PUT").path("/send/").times(2);
            switch (this) {
                case NONE -> {
                    return;
                }
                case UNAVAILABLE_503 -> rule.respond(503, null);
                case RATE_LIMITED_429 -> rule.respond(429, "M_LIMIT_EXCEEDED").retryAfterMs(5);
                case DROP_BEFORE -> rule.dropConnection(DropConnection.BEFORE);
                case DROP_AFTER -> rule.dropConnection(DropConnection.AFTER);
                case SLOW -> rule.delayMs(30);
            }
            fake.addFault(rule.build());
        }
    }

    /** One step of a script. */
    sealed interface Step {
        void run(DurabilityProperties property, Path dir, Model model);
    }

    /** Sends {@code count} notifications to a room while the server has a fault, on a process that may crash. */
    record Send(int room, int count, ServerFault fault, int crashAt, boolean crashAfter) implements Step {
        @Override
        public void run(DurabilityProperties property, Path dir, Model model) {
            FakeHomeserver fake = property.fixture.fake();
            fault.install(fake);
            CrashingFileSystem fs = new CrashingFileSystem(crashAt, crashAfter);
            try (Process process = property.new Process(dir, fs)) {
                for (int i = 0; i < count; i++) {
                    String marker = model.newMarker(room);
                    SendResult result = process.notifier.send(property.target(room), Notification.of(marker));
                    model.acknowledge(marker);
                    assertTrue(result.id() != null);
                }
            } catch (CrashingFileSystem.SimulatedCrash crash) {
                // the process died; what it acknowledged before is on disk, the rest may be
            } finally {
                fake.clearFaults();
            }
        }

        @Override
        public String toString() {
            return "send " + count + " to room " + room + (fault == ServerFault.NONE ? "" : " under " + fault)
                    + (crashAt > 0 ? ", crash " + (crashAfter ? "after" : "before") + " file op " + crashAt : "");
        }
    }

    /** Flushes while the server has a fault, on a process that may crash. */
    record Flush(ServerFault fault, int crashAt, boolean crashAfter) implements Step {
        @Override
        public void run(DurabilityProperties property, Path dir, Model model) {
            FakeHomeserver fake = property.fixture.fake();
            fault.install(fake);
            CrashingFileSystem fs = new CrashingFileSystem(crashAt, crashAfter);
            try (Process process = property.new Process(dir, fs)) {
                process.notifier.flush();
            } catch (CrashingFileSystem.SimulatedCrash crash) {
                // the process died mid-flush; the next process picks up from the disk
            } finally {
                fake.clearFaults();
            }
        }

        @Override
        public String toString() {
            return "flush" + (fault == ServerFault.NONE ? "" : " under " + fault)
                    + (crashAt > 0 ? ", crash " + (crashAfter ? "after" : "before") + " file op " + crashAt : "");
        }
    }

    /** The steps of one run. */
    record Script(List<Step> steps) implements StepSequence<Step, Script> {
        @Override
        public Script withSteps(List<Step> fewer) {
            return new Script(fewer);
        }

        @Override
        public String toString() {
            return String.join("; ", steps.stream().map(Object::toString).toList());
        }
    }

    private static Gen<Script> scripts() {
        Gen<ServerFault> fault = Generate.enumValues(ServerFault.class);
        Gen<Integer> crashAt = Generate.frequency(List.of(Pair.of(2, Generate.constant(0)),
                Pair.of(3, Generate.range(1, 12))));
        Gen<Boolean> after = Generators.oneOf(true, false);
        Gen<Step> send = Generate.range(0, 1).zip(Generate.range(1, 3), fault, crashAt, after, Send::new);
        Gen<Integer> flushCrashAt = Generate.frequency(List.of(Pair.of(1, Generate.constant(0)),
                Pair.of(3, Generate.range(1, 4))));
        Gen<Step> flush = fault.zip(flushCrashAt, after, Flush::new);
        return Generators.listOf(Generate.frequency(List.of(Pair.of(3, send), Pair.of(2, flush))), 1, 8)
                .map(Script::new);
    }
}
