package io.mxnotify.core.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.spool.CrashingFileSystem.SimulatedCrash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ObjectNode content(String body) {
        return JSON.createObjectNode().put("msgtype", "m.notice").put("body", body);
    }

    private static String body(SpoolEntry e) {
        return e.content().get("body").asText();
    }

    @Test
    void enqueuedEntriesComeBackInOrderWithTheirTxnIds() {
        try (Spool spool = Spool.open(dir.resolve("spool"))) {
            SpoolEntry a = spool.enqueue("!a:x", content("one"));
            SpoolEntry b = spool.enqueue("!b:x", content("two"));
            SpoolEntry c = spool.enqueue("!a:x", content("three"));
            List<SpoolEntry> entries = spool.scan().entries();
            assertEquals(List.of(a.id(), b.id(), c.id()), entries.stream().map(SpoolEntry::id).toList());
            assertEquals(List.of("one", "two", "three"), entries.stream().map(SpoolTest::body).toList());
            assertEquals(a.txnId(), entries.get(0).txnId());
            assertEquals(3, Set.of(a.txnId(), b.txnId(), c.txnId()).size());
            assertEquals("!b:x", entries.get(1).room());
        }
    }

    @Test
    void orderSurvivesReopeningEvenWhenTheClockGoesBackwards() {
        Clock late = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        Clock early = Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC);
        SpoolEntry first;
        try (Spool spool = Spool.open(dir, CrashingFileSystem.never(), late, new Random(1))) {
            first = spool.enqueue("!a:x", content("first"));
        }
        try (Spool spool = Spool.open(dir, CrashingFileSystem.never(), early, new Random(2))) {
            SpoolEntry second = spool.enqueue("!a:x", content("second"));
            assertTrue(second.id().compareTo(first.id()) > 0);
            assertEquals(List.of("first", "second"), spool.scan().entries().stream().map(SpoolTest::body).toList());
        }
    }

    @Test
    void filesAreOwnerOnlyAndHoldNoSecretsBeyondTheContent() throws IOException {
        try (Spool spool = Spool.open(dir.resolve("s"))) {
            SpoolEntry e = spool.enqueue("!a:x", content("hello"));
            Path file = spool.directory().resolve(e.id().fileName());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.directory())));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(spool.deadDirectory())));
            String text = Files.readString(file);
            assertTrue(text.contains("\"txn_id\" : \"" + e.txnId() + "\""), text);
            assertFalse(text.toLowerCase().contains("token"), text);
            assertFalse(text.toLowerCase().contains("password"), text);
        }
    }

    @Test
    void corruptAndForeignFilesAreQuarantinedAndTheRestGoesOn() throws IOException {
        try (Spool spool = Spool.open(dir)) {
            SpoolEntry good = spool.enqueue("!a:x", content("good"));
            Files.writeString(dir.resolve("0000000000000000001-abc.json"), "{not json");
            Files.writeString(dir.resolve("0000000000000000002-def.json"), "{\"hello\": 1}");
            Files.writeString(dir.resolve("notes.txt"), "mine");
            SpoolScan scan = spool.scan();
            assertEquals(List.of(good.id()), scan.entries().stream().map(SpoolEntry::id).toList());
            assertEquals(3, scan.quarantined().size(), scan.toString());
            for (QuarantinedFile q : scan.quarantined()) {
                assertTrue(Files.exists(q.movedTo()), q.toString());
                assertTrue(Files.readString(Path.of(q.movedTo() + ".reason")).contains(q.reason()));
                assertFalse(Files.exists(dir.resolve(q.originalName())));
            }
            assertTrue(scan.quarantined().stream().anyMatch(q -> q.reason().contains("not valid JSON")));
            assertTrue(scan.quarantined().stream().anyMatch(q -> q.reason().contains("mxnotify_spool")));
            // a second file with the same name gets its own quarantine name
            Files.writeString(dir.resolve("notes.txt"), "again");
            assertEquals(1, spool.scan().quarantined().size());
            assertEquals(4, Files.list(spool.quarantineDirectory()).filter(p -> !p.toString().endsWith(".reason")).count());
        }
    }

    @Test
    void buriedEntriesKeepTheReasonAndCanBeRequeued() {
        try (Spool spool = Spool.open(dir)) {
            SpoolEntry e = spool.enqueue("!a:x", content("doomed"));
            SpoolEntry failed = e.withFailedAttempt("500 boom", Instant.now());
            try (FlusherLock lock = spool.tryLockFlusher().orElseThrow()) {
                spool.update(failed);
                spool.bury(failed, "403 M_FORBIDDEN: not allowed");
            }
            assertTrue(spool.scan().entries().isEmpty());
            List<SpoolEntry> dead = spool.dead();
            assertEquals(1, dead.size());
            assertEquals("403 M_FORBIDDEN: not allowed", dead.get(0).deadReason());
            assertEquals(1, dead.get(0).attempts());
            assertTrue(spool.requeue(e.id()));
            assertFalse(spool.requeue(e.id()));
            SpoolEntry back = spool.scan().entries().get(0);
            assertEquals(e.txnId(), back.txnId());
            assertEquals(0, back.attempts());
            assertEquals(null, back.deadReason());
            assertTrue(back.requeuedAt() != null);
            assertTrue(spool.dead().isEmpty());
        }
    }

    @Test
    void aDeadEntryCanBeDiscardedForGood() {
        try (Spool spool = Spool.open(dir)) {
            SpoolEntry e = spool.enqueue("!a:x", content("doomed"));
            try (FlusherLock lock = spool.tryLockFlusher().orElseThrow()) {
                spool.bury(e, "400 M_BAD_JSON");
            }
            assertTrue(spool.discardDead(e.id()));
            assertFalse(spool.discardDead(e.id()));
            assertTrue(spool.dead().isEmpty());
            assertTrue(spool.scan().entries().isEmpty());
            assertFalse(spool.requeue(e.id()));
        }
    }

    @Test
    void onlyOneFlusherAtATime() throws Exception {
        try (Spool spool = Spool.open(dir)) {
            Optional<FlusherLock> first = spool.tryLockFlusher();
            assertTrue(first.isPresent());
            assertTrue(spool.tryLockFlusher().isEmpty());
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                assertTrue(other.submit(() -> spool.tryLockFlusher().isEmpty()).get());
            } finally {
                other.shutdown();
            }
            first.get().close();
            try (FlusherLock again = spool.tryLockFlusher().orElseThrow()) {
                assertTrue(again.isHeld());
            }
        }
    }

    @Test
    void concurrentEnqueuesAllGetDistinctIncreasingIds() throws Exception {
        int threads = 8;
        int each = 40;
        try (Spool spool = Spool.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<SpoolId>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<SpoolId> ids = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        ids.add(spool.enqueue("!r" + thread + ":x", content(thread + "/" + i)).id());
                    }
                    return ids;
                }));
            }
            Set<SpoolId> all = new HashSet<>();
            for (Future<List<SpoolId>> f : futures) {
                List<SpoolId> ids = f.get();
                for (int i = 1; i < ids.size(); i++) {
                    assertTrue(ids.get(i).sequence() > ids.get(i - 1).sequence());
                }
                all.addAll(ids);
            }
            pool.shutdown();
            assertEquals(threads * each, all.size());
            assertEquals(threads * each, spool.scan().entries().size());
        }
    }

    @Test
    void aCrashAtAnyStepOfEnqueueLeavesEitherNothingOrTheWholeEntry() {
        for (long step = 1; step < 10; step++) {
            for (boolean after : new boolean[] {false, true}) {
                Path d = dir.resolve("crash-" + step + "-" + after);
                CrashingFileSystem fs = new CrashingFileSystem(step, after);
                boolean acknowledged = false;
                try (Spool spool = Spool.open(d, fs, Clock.systemUTC(), new Random(step))) {
                    spool.enqueue("!a:x", content("x"));
                    acknowledged = true;
                } catch (SimulatedCrash expected) {
                    // the process died here
                }
                try (Spool restarted = Spool.open(d)) {
                    SpoolScan scan = restarted.scan();
                    assertTrue(scan.quarantined().isEmpty(), "step " + step + " after=" + after + ": " + scan);
                    assertTrue(scan.entries().size() <= 1);
                    if (acknowledged) {
                        assertEquals(1, scan.entries().size(), "acknowledged entry lost at step " + step);
                    }
                    assertEquals(scan.entries().size(), restarted.waitingNames().size());
                }
            }
        }
    }

    @Test
    void aCrashWhileBuryingIsFinishedByTheNextScan() {
        for (long step = 1; step < 8; step++) {
            for (boolean after : new boolean[] {false, true}) {
                Path d = dir.resolve("bury-" + step + "-" + after);
                SpoolId id;
                try (Spool spool = Spool.open(d)) {
                    id = spool.enqueue("!a:x", content("x")).id();
                }
                CrashingFileSystem fs = new CrashingFileSystem(step, after);
                try (Spool spool = Spool.open(d, fs, Clock.systemUTC(), new Random(step))) {
                    SpoolEntry entry = spool.scan().entries().get(0);
                    spool.bury(entry, "gone");
                } catch (SimulatedCrash expected) {
                    // died somewhere in bury
                }
                try (Spool restarted = Spool.open(d)) {
                    int waiting = restarted.scan().entries().size();
                    int dead = restarted.dead().size();
                    assertEquals(1, waiting + dead, "step " + step + " after=" + after);
                    if (dead == 1) {
                        assertEquals("gone", restarted.dead().get(0).deadReason());
                        assertEquals(id, restarted.dead().get(0).id());
                    }
                }
            }
        }
    }

    @Test
    void aCrashWhileRequeueingIsFinishedByTheNextLookAtDead() {
        for (long step = 1; step < 8; step++) {
            Path d = dir.resolve("requeue-" + step);
            SpoolId id;
            try (Spool spool = Spool.open(d)) {
                SpoolEntry e = spool.enqueue("!a:x", content("x"));
                id = e.id();
                spool.bury(e, "gone");
            }
            CrashingFileSystem fs = new CrashingFileSystem(step, false);
            try (Spool spool = Spool.open(d, fs, Clock.systemUTC(), new Random(step))) {
                spool.requeue(id);
            } catch (SimulatedCrash expected) {
                // died somewhere in requeue
            }
            try (Spool restarted = Spool.open(d)) {
                int dead = restarted.dead().size();
                int waiting = restarted.scan().entries().size();
                assertEquals(1, waiting + dead, "step " + step);
            }
        }
    }

    @Test
    void staleTemporaryFilesAreRemovedButFreshOnesKept() throws IOException {
        try (Spool spool = Spool.open(dir)) {
            Path stale = dir.resolve("tmp/1000-abc.tmp");
            Path fresh = dir.resolve("tmp/" + System.currentTimeMillis() + "-def.tmp");
            Files.writeString(stale, "x");
            Files.writeString(fresh, "y");
            spool.scan();
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(fresh));
        }
    }

    @Test
    void spoolIdRoundTripsAndRejectsGarbage() {
        SpoolId id = new SpoolId(42, "abc_-D");
        assertEquals(id, SpoolId.parse(id.toString()));
        assertEquals(id, SpoolId.fromFileName(id.fileName()));
        assertEquals(null, SpoolId.fromFileName("42-abc.json"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpoolId.parse("nope"));
        assertTrue(e.getMessage().contains("nope"));
        assertThrows(IllegalArgumentException.class, () -> new SpoolId(1, "a/b"));
        assertNotEquals(new SpoolId(1, "a"), new SpoolId(1, "b"));
    }

    @Test
    void unwritableSpoolGivesAClearError() throws IOException {
        Path blocker = dir.resolve("file");
        Files.write(blocker, "x".getBytes(StandardCharsets.UTF_8));
        SpoolException e = assertThrows(SpoolException.class, () -> Spool.open(blocker.resolve("spool")));
        assertTrue(e.getMessage().contains(blocker.resolve("spool").toString()), e.getMessage());
    }
}
