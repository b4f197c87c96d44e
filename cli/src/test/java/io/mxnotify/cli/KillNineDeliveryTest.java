package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.spool.Spool;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RoomEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code mxnotify send} and {@code mxnotify queue flush} processes sharing one spool are killed
 * with SIGKILL ({@code kill -9}) at random moments while the fake home server is slow and sometimes
 * drops the connection after storing the event; after a final clean flush every notification whose
 * {@code send} answered (delivered or queued) is in the room exactly once, none twice, in round order.
 *
 * <p>{@code -Dmxnotify.kill9.rounds=N} (default 3) and {@code -Dmxnotify.kill9.seed=S} to reproduce.
 */
class KillNineDeliveryTest {

    private static final int ROUNDS = Integer.getInteger("mxnotify.kill9.rounds", 3);

    @Test
    void killedSendersAndFlushersNeitherLoseNorDuplicate(@TempDir Path home) throws Exception {
        long seed = Long.getLong("mxnotify.kill9.seed", System.nanoTime());
        Random random = new Random(seed);
        Path spool = home.resolve("spool");
        try (FakeHomeserver fake = FakeHomeserver.builder().user("bot", "bot-password").room("alerts")
                .member("bot", "alerts").start()) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:" + fake.serverName()).roomId();
            // slow sends widen the windows in which a kill lands mid-delivery; lost answers need the txnId
            fake.addFault(FaultRule.builder().method("PUT").path("/send/").delayMs(1000).probability(0.5).build());
            fake.addFault(FaultRule.builder().method("PUT").path("/send/")
                    .dropConnection(FaultRule.DropConnection.AFTER).probability(0.2).build());
            Map<String, String> env = new HashMap<>();
            env.put("HOME", home.toString());
            env.put("MXNOTIFY_HOMESERVER", fake.baseUrl());
            env.put("MXNOTIFY_ACCESS_TOKEN", bot.accessToken());
            env.put("MXNOTIFY_ROOM", roomId);
            env.put("MXNOTIFY_SPOOL", spool.toString());

            Set<String> accepted = new HashSet<>();
            Set<String> maybe = new HashSet<>();
            // how long a round takes here when nobody is killed (JVM starts included, on however loaded a
            // machine) sets the window of the random kill moments
            long started = System.nanoTime();
            for (Launched l : round(home, env, "c")) {
                assertTrue(l.process.waitFor(300, TimeUnit.SECONDS), "calibration process did not end");
                if (l.body != null) {
                    if (l.process.exitValue() != 0 && l.process.exitValue() != 75) {
                        throw new AssertionError("calibration send exited " + l.process.exitValue() + ":\n"
                                + Files.readString(l.log));
                    }
                    accepted.add(l.body);
                }
            }
            long roundMillis = Math.max(300, (System.nanoTime() - started) / 1_000_000);
            int kills = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long roundStart = System.nanoTime();
                List<Launched> launched = round(home, env, "k" + round);
                // each process dies at its own random moment, from early in its JVM start to past its end
                List<Long> killAt = new ArrayList<>();
                for (int i = 0; i < launched.size(); i++) {
                    killAt.add((long) (roundMillis * (0.2 + random.nextDouble())));
                }
                List<Integer> byTime = new ArrayList<>(List.of(0, 1, 2));
                byTime.sort((x, y) -> Long.compare(killAt.get(x), killAt.get(y)));
                for (int i : byTime) {
                    long due = killAt.get(i) - (System.nanoTime() - roundStart) / 1_000_000;
                    if (due > 0) {
                        Thread.sleep(due); // the chosen kill moment, not a wait for anything
                    }
                    Launched l = launched.get(i);
                    if (l.process.isAlive()) {
                        l.process.destroyForcibly(); // SIGKILL
                        l.killed = true;
                        kills++;
                    }
                }
                for (Launched l : launched) {
                    assertTrue(l.process.waitFor(60, TimeUnit.SECONDS), "process did not end");
                    if (l.body == null) {
                        continue;
                    }
                    if (l.killed) {
                        maybe.add(l.body);
                    } else if (l.process.exitValue() == 0 || l.process.exitValue() == 75) {
                        accepted.add(l.body);
                    } else {
                        throw new AssertionError("send " + l.body + " exited " + l.process.exitValue() + " (seed "
                                + seed + "):\n" + Files.readString(l.log));
                    }
                }
            }

            fake.clearFaults();
            for (int attempt = 0; attempt < 5 && !spoolEmpty(spool); attempt++) {
                Launched flush = launch(home, env, null, "queue", "flush");
                assertTrue(flush.process.waitFor(120, TimeUnit.SECONDS), "final flush did not end");
            }
            assertTrue(spoolEmpty(spool), "spool not empty after the final flushes (seed " + seed + ")");

            List<String> bodies = new ArrayList<>();
            for (RoomEvent event : fake.events(roomId)) {
                if ("m.room.message".equals(event.type())) {
                    String body = event.content().path("body").asText();
                    int cut = body.indexOf("\n\n");
                    bodies.add(cut < 0 ? body : body.substring(0, cut));
                }
            }
            String context = " (seed " + seed + ", " + kills + " kills, accepted " + accepted.size() + ", maybe "
                    + maybe.size() + "): " + bodies;
            assertEquals(bodies.size(), new HashSet<>(bodies).size(), "duplicates" + context);
            for (String body : accepted) {
                assertTrue(bodies.contains(body), "lost " + body + context);
            }
            int lastRound = -1;
            for (String body : bodies) {
                assertTrue(accepted.contains(body) || maybe.contains(body), "unknown " + body + context);
                int round = body.startsWith("c") ? -1 : Integer.parseInt(body.substring(1, body.indexOf('-')));
                assertTrue(round >= lastRound, "out of order" + context);
                lastRound = round;
            }
            System.out.println("kill -9 test: a round takes " + roundMillis + " ms unkilled; " + ROUNDS + " rounds, " + kills + " processes killed, " + accepted.size()
                    + " sends answered, " + maybe.size() + " sends killed, " + bodies.size() + " delivered once each, seed "
                    + seed);
            try (Spool opened = Spool.open(spool)) {
                assertTrue(opened.dead().isEmpty(), "wrongly dead: " + opened.dead());
            }
        }
    }

    /** Two senders and a flusher at once; bodies {@code <prefix>-0} and {@code <prefix>-1}. */
    private static List<Launched> round(Path home, Map<String, String> env, String prefix) throws IOException {
        List<Launched> launched = new ArrayList<>();
        for (int j = 0; j < 2; j++) {
            String body = prefix + "-" + j;
            launched.add(launch(home, env, body, "send", "--patience", "2", body));
        }
        launched.add(launch(home, env, null, "queue", "flush"));
        return launched;
    }

    private static boolean spoolEmpty(Path dir) {
        try (Spool spool = Spool.open(dir)) {
            return spool.scan().entries().isEmpty();
        }
    }

    private static final class Launched {
        final Process process;
        final String body;
        final Path log;
        boolean killed;

        Launched(Process process, String body, Path log) {
            this.process = process;
            this.body = body;
            this.log = log;
        }
    }

    private static Launched launch(Path home, Map<String, String> env, String body, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(home, "process-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("MXNOTIFY_") || name.startsWith("XDG_"));
        builder.environment().putAll(env);
        return new Launched(builder.start(), body, log);
    }
}
