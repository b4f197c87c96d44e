package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.RoomEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's rate limit is waited out, not reported as a failure: plain {@code send}s each wait out their
 * 429 and arrive unlabelled, and one {@code queue flush} delivers a whole backlog at the server's pace,
 * saying on stderr why it pauses (issue 15: Synapse's default limits, here scaled up to 4/s, burst 2).
 */
class RateLimitWaitTest {
    private static final String ROOM = "#alerts:localhost";

    @TempDir
    Path home;

    private FakeHomeserver server;
    private FakeUser user;

    @BeforeEach
    void start() {
        server = FakeHomeserver.builder().rateLimit(4, 2).room("alerts").start();
        user = server.createUser("bot", "bot-password");
        server.join(user.userId(), ROOM);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner cli() {
        return new CliRunner(home).env("MXNOTIFY_HOMESERVER", server.baseUrl())
                .env("MXNOTIFY_ACCESS_TOKEN", user.accessToken()).env("MXNOTIFY_ROOM", ROOM);
    }

    private List<String> bodies() {
        return server.room(ROOM).events().stream().filter(e -> e.type().equals("m.room.message"))
                .map(RoomEvent::body).toList();
    }

    @Test
    void sequentialSendsEachWaitOutTheirRateLimitAndNoneIsLabelledLate() {
        List<String> sent = IntStream.range(0, 10).mapToObj(i -> "disk check " + i).toList();
        boolean anyWaited = false;
        for (String text : sent) {
            CliRunner.Result r = cli().run("send", text);
            assertEquals(0, r.exitCode(), r::toString);
            anyWaited |= r.err().contains("rate limited by the server (M_LIMIT_EXCEEDED); waiting");
        }
        assertTrue(anyWaited, "ten sends at 4/s with a burst of 2 meet the rate limit at least once");
        assertEquals(sent, bodies());
        assertTrue(bodies().stream().noneMatch(b -> b.contains("may be obsolete")), bodies()::toString);
    }

    @Test
    void oneQueueFlushDeliversABacklogAtTheServersPaceInOrder() {
        List<String> sent = IntStream.range(0, 12).mapToObj(i -> "backlog " + i).toList();
        for (String text : sent) {
            assertEquals(0, cli().run("send", "--no-wait", text).exitCode());
        }
        CliRunner.Result flush = cli().run("queue", "flush");
        assertEquals(0, flush.exitCode(), flush::toString);
        assertTrue(flush.err().contains("rate limited by the server (M_LIMIT_EXCEEDED); waiting"), flush::toString);
        assertTrue(flush.out().contains("12 delivered, 0 still waiting, 0 given up"), flush::toString);
        assertEquals(sent, bodies());
        assertFalse(flush.out().contains("(late)"), flush::toString);
    }

    @Test
    void withoutRateLimitPatienceAQueueFlushStopsAtTheFirstRateLimitAndSaysWhatIsLeft() {
        for (int i = 0; i < 6; i++) {
            assertEquals(0, cli().run("send", "--no-wait", "n" + i).exitCode());
        }
        CliRunner.Result flush = cli().run("queue", "flush", "--rate-limit-patience", "0");
        assertEquals(75, flush.exitCode(), flush::toString);
        assertTrue(flush.err().contains("M_LIMIT_EXCEEDED"), flush::toString);
        assertTrue(bodies().size() < 6, bodies()::toString);
        CliRunner.Result rest = cli().run("queue", "flush");
        assertEquals(0, rest.exitCode(), rest::toString);
        assertEquals(List.of("n0", "n1", "n2", "n3", "n4", "n5"), bodies());
    }
}
