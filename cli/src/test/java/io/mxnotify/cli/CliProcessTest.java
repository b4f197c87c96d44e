package io.mxnotify.cli;

import io.mxnotify.fakehs.FakeUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real {@code mxnotify} as separate processes: exit codes, stdin, and {@code queue flush --watch} until SIGTERM. */
class CliProcessTest {
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

    private CliProcess processFor(FakeUser user) {
        return new CliProcess(home).env("MXNOTIFY_HOMESERVER", world.url()).env("MXNOTIFY_ACCESS_TOKEN", user.accessToken())
                .env("MXNOTIFY_ROOM", FakeWorld.ALERTS);
    }

    @Test
    void sendExitCodesAsAProcess() throws Exception {
        FakeUser user = world.newUser();
        CliRunner.Result delivered = processFor(user).stdin("from a pipe\n").run("send");
        assertEquals(0, delivered.exitCode(), delivered::toString);
        assertTrue(world.bodies(FakeWorld.ALERTS).contains("from a pipe"));

        CliRunner.Result queued = processFor(user).env("MXNOTIFY_HOMESERVER", "http://127.0.0.1:1").run("send", "--patience", "0", "queued");
        assertEquals(75, queued.exitCode(), queued::toString);
        assertEquals(1, queued.err().lines().count(), "one line on stderr: " + queued);
        assertFalse(queued.err().contains(user.accessToken()), queued::toString);

        CliRunner.Result missing = new CliProcess(home).run("send", "no configuration");
        assertEquals(78, missing.exitCode(), missing::toString);
        CliRunner.Result usage = new CliProcess(home).run("send", "--bogus");
        assertEquals(64, usage.exitCode(), usage::toString);
        CliRunner.Result forbidden = processFor(user).run("send", "--room", FakeWorld.PRIVATE, "no");
        assertEquals(77, forbidden.exitCode(), forbidden::toString);
        CliRunner.Result bad = processFor(user).run("send", "--room", "nonsense", "no");
        assertEquals(65, bad.exitCode(), bad::toString);
    }

    @Test
    void flushWatchDeliversWhatOtherProcessesSpoolUntilTerminated() throws Exception {
        FakeUser user = world.newUser();
        CliProcess.Running watcher = processFor(user).start("queue", "flush", "--watch", "--interval", "1");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!java.nio.file.Files.readString(watcher.err()).contains("watching")) {
                assertTrue(System.nanoTime() < deadline && watcher.process().isAlive(),
                        () -> "the watcher did not start: " + watcher.process().isAlive());
                Thread.sleep(50);
            }
            for (String text : List.of("watched one", "watched two")) {
                CliRunner.Result spooled = world.runnerFor(home, user).run("send", "--no-wait", text);
                assertEquals(0, spooled.exitCode(), spooled::toString);
            }
            awaitMessages(user, 2, Duration.ofSeconds(60));
            assertTrue(world.bodies(FakeWorld.ALERTS).containsAll(List.of("watched one", "watched two")), world.bodies(FakeWorld.ALERTS)::toString);
        } finally {
            watcher.process().destroy();
        }
        CliRunner.Result stopped = watcher.await(Duration.ofSeconds(30));
        assertTrue(stopped.err().contains("watching"), stopped::toString);
        assertTrue(stopped.err().contains("stopping"), stopped::toString);
    }

    private static void awaitMessages(FakeUser user, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (world.server.room(FakeWorld.ALERTS).events().stream().filter(e -> e.sender().equals(user.userId())).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not delivered in time: " + world.bodies(FakeWorld.ALERTS));
            }
            Thread.sleep(50);
        }
    }
}
