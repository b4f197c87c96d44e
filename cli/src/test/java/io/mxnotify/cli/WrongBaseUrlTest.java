package io.mxnotify.cli;

import io.mxnotify.fakehs.FakeUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A home server URL with a path too many ({@code http://host:P/matrix}) gets 404 {@code M_UNRECOGNIZED} on
 * every call: that is a configuration error (78) naming the URL and the fix, and the notification stays
 * queued, to be delivered once the URL is right; it is not refused for good.
 */
class WrongBaseUrlTest {
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
    void aWrongPathIsAConfigurationErrorAndTheNotificationStaysQueued() {
        FakeUser user = world.newUser();
        String wrong = world.url() + "/matrix";
        CliRunner.Result sent = world.runnerFor(home, user).env("MXNOTIFY_HOMESERVER", wrong).run("send", "disk 91% full");
        assertEquals(ExitStatus.CONFIG.code(), sent.exitCode(), sent::toString);
        assertTrue(sent.err().contains(wrong), sent::toString);
        assertTrue(sent.err().contains("not the root of a Matrix client API"), sent::toString);
        assertTrue(sent.err().contains("M_UNRECOGNIZED"), sent::toString);

        CliRunner.Result flushed = world.runnerFor(home, user).run("queue", "flush");
        assertEquals(0, flushed.exitCode(), flushed::toString);
        assertEquals(1, world.server.room(FakeWorld.ALERTS).events().stream()
                .filter(e -> e.sender().equals(user.userId()) && e.content().path("body").asText().contains("disk 91% full"))
                .count());
    }
}
