package io.mxnotify.cli;

import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RoomEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills real {@code mxnotify send} and {@code mxnotify queue flush} processes with SIGKILL at random moments
 * (during start-up, spooling, delivering, retrying after a lost answer), starts new ones, and counts what
 * reached the room: every acknowledged notification exactly once, in order; none twice, even the ones
 * whose process died before it could say.
 */
class KillNineTest {
    private static final int SENDS = 12;
    private static FakeWorld world;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        world = new FakeWorld();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void noLossAndNoDuplicateAcrossKills() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        FakeUser user = world.newUser();
        // Some answers are lost after the event was stored: only the persisted txnId prevents a duplicate.
        world.server.addFault(FaultRule.builder().method("PUT").path("/send/")
                .dropConnection(FaultRule.DropConnection.AFTER).probability(0.3).build());
        world.server.addFault(FaultRule.builder().method("PUT").path("/send/").delayMs(150).probability(0.3).build());
        CliProcess cli = new CliProcess(home).env("MXNOTIFY_HOMESERVER", world.url())
                .env("MXNOTIFY_ACCESS_TOKEN", user.accessToken()).env("MXNOTIFY_ROOM", FakeWorld.ALERTS);

        Set<String> acknowledged = new HashSet<>();
        Set<String> killed = new HashSet<>();
        int kills = 0;
        for (int i = 0; i < SENDS; i++) {
            String text = "kill-test-" + i;
            CliProcess.Running running = cli.start("send", "--patience", "3", text);
            boolean kill = i % 3 != 0;
            if (kill && !running.process().waitFor(random.nextInt(700), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                running.process().destroyForcibly().waitFor();
                killed.add(text);
                kills++;
            } else {
                CliRunner.Result result = running.await(Duration.ofMinutes(1));
                assertTrue(result.exitCode() == 0 || result.exitCode() == 75, () -> "seed " + seed + ": " + result);
                acknowledged.add(text);
            }
            if (random.nextInt(4) == 0) {
                CliProcess.Running flush = cli.start("queue", "flush", "--patience", "2");
                if (!flush.process().waitFor(random.nextInt(900), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    flush.process().destroyForcibly().waitFor();
                    kills++;
                }
            }
        }
        world.server.clearFaults();
        CliRunner.Result finalFlush = cli.run("queue", "flush", "--patience", "30");
        assertEquals(0, finalFlush.exitCode(), () -> "seed " + seed + ": " + finalFlush);

        Map<String, Integer> counts = new TreeMap<>();
        List<Integer> order = new ArrayList<>();
        for (RoomEvent event : world.server.room(FakeWorld.ALERTS).events()) {
            if (event.sender().equals(user.userId()) && event.body() != null && event.body().startsWith("kill-test-")) {
                String text = event.body().split("\n", 2)[0];
                counts.merge(text, 1, Integer::sum);
                order.add(Integer.parseInt(text.substring("kill-test-".length())));
            }
        }
        String facts = "seed " + seed + ", " + kills + " kills, killed sends " + killed + ", in the room " + counts;
        for (String text : acknowledged) {
            assertEquals(1, counts.getOrDefault(text, 0), () -> text + " must arrive exactly once; " + facts);
        }
        counts.forEach((text, count) -> assertEquals(1, count, () -> text + " arrived twice; " + facts));
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertEquals(sorted, order, () -> "in order; " + facts);
        assertTrue(kills >= 2, () -> "the test must actually kill processes; " + facts);
    }
}
