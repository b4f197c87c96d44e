package io.mxnotify.cli;

import io.mxnotify.fakehs.FakeUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code queue flush --watch} stopped with SIGTERM (systemd, docker stop) exits 0 and releases the flusher lock. */
class FlushWatchStopTest {
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
    void sigtermIsACleanStop() throws Exception {
        FakeUser user = world.newUser();
        Path spool = home.resolve("spool");
        CliProcess.Running watcher = new CliProcess(home).env("MXNOTIFY_HOMESERVER", world.url())
                .env("MXNOTIFY_ACCESS_TOKEN", user.accessToken()).env("MXNOTIFY_ROOM", FakeWorld.ALERTS)
                .env("MXNOTIFY_SPOOL", spool.toString()).start("queue", "flush", "--watch", "--interval", "1");
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!Files.readString(watcher.err()).contains("until interrupted")) {
                assertTrue(watcher.process().isAlive() && Instant.now().isBefore(deadline), Files.readString(watcher.err()));
                Thread.sleep(50);
            }
            watcher.process().destroy(); // SIGTERM
            assertTrue(watcher.process().waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, watcher.process().exitValue(), Files.readString(watcher.err()));
            assertTrue(Files.readString(watcher.err()).contains("stopping; what is not delivered stays in"));
        } finally {
            watcher.process().destroyForcibly();
        }
        CliRunner.Result next = world.runnerFor(home, user).env("MXNOTIFY_SPOOL", spool.toString()).run("queue", "flush");
        assertEquals(0, next.exitCode(), next::toString);
        assertFalse(next.err().contains("another process is delivering"), next::toString);
    }
}
