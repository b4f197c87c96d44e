package io.mxnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mxnotify queue list|flush|retry|purge} in-process against a fake home server. */
class QueueCommandTest {
    private static FakeWorld world;
    private final ObjectMapper json = new ObjectMapper();

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

    @AfterEach
    void clearFaults() {
        world.server.clearFaults();
    }

    private JsonNode list(CliRunner runner) throws Exception {
        CliRunner.Result r = runner.run("queue", "list", "--json");
        assertEquals(0, r.exitCode(), r::toString);
        return json.readTree(r.out());
    }

    /** A notification given up by the server (400), so that it lands in dead/. */
    private void makeDead(CliRunner runner, String text) {
        world.server.addFault(FaultRule.builder().method("PUT").path("/send/").respond(400, "M_BAD_JSON").times(1).build());
        CliRunner.Result r = runner.run("send", text);
        assertEquals(65, r.exitCode(), r::toString);
    }

    @Test
    void listShowsWaitingAndDeadAsTextAndJson() throws Exception {
        FakeUser user = world.newUser();
        CliRunner runner = world.runnerFor(home, user);
        makeDead(runner, "dead one");
        assertEquals(0, runner.run("send", "--no-wait", "waiting one").exitCode());

        CliRunner.Result text = runner.run("queue", "list");
        assertEquals(0, text.exitCode(), text::toString);
        assertTrue(text.out().startsWith("1 waiting, 1 dead, 0 quarantined in "), text::toString);
        assertTrue(text.out().contains("\"waiting one\""), text::toString);
        assertTrue(text.out().contains("given up: the server refused the notification") && text.out().contains("M_BAD_JSON"), text::toString);

        JsonNode listed = list(runner);
        assertEquals(1, listed.get("waiting").size());
        JsonNode waiting = listed.get("waiting").get(0);
        assertEquals(FakeWorld.ALERTS, waiting.get("room").asText());
        assertEquals("waiting one", waiting.get("content").get("body").asText());
        assertTrue(waiting.get("id").asText().endsWith(waiting.get("txn_id").asText()));
        assertEquals(1, listed.get("dead").size());
        assertTrue(listed.get("dead").get(0).get("dead_reason").asText().contains("M_BAD_JSON"));
        assertTrue(text.out().indexOf(waiting.get("id").asText()) > 0, "text and JSON name the same ids");
    }

    @Test
    void flushReportsAndExitsByWhatIsLeft() throws Exception {
        FakeUser user = world.newUser();
        CliRunner runner = world.runnerFor(home, user);
        assertEquals(0, runner.run("send", "--no-wait", "one").exitCode());
        assertEquals(0, runner.run("send", "--no-wait", "two").exitCode());

        CliRunner down = runner.env("MXNOTIFY_HOMESERVER", "http://127.0.0.1:1");
        CliRunner.Result stillQueued = down.run("queue", "flush");
        assertEquals(75, stillQueued.exitCode(), stillQueued::toString);
        assertTrue(stillQueued.out().contains("0 delivered, 2 still waiting"), stillQueued::toString);

        CliRunner up = world.runnerFor(home, user);
        CliRunner.Result flushed = up.run("queue", "flush");
        assertEquals(0, flushed.exitCode(), flushed::toString);
        assertTrue(flushed.out().contains("2 delivered, 0 still waiting, 0 given up"), flushed::toString);
        List<String> bodies = world.bodies(FakeWorld.ALERTS).stream().filter(b -> b.startsWith("one") || b.startsWith("two")).toList();
        assertEquals(2, bodies.size(), bodies::toString);
        // Delivered within a minute of being queued: not late, though a first attempt failed.
        assertEquals(List.of("one", "two"), bodies);
        CliRunner.Result nothing = up.run("queue", "flush");
        assertEquals(0, nothing.exitCode(), nothing::toString);
    }

    @Test
    void flushWithARejectedTokenIs77() {
        FakeUser user = world.newUser();
        CliRunner runner = world.runnerFor(home, user);
        assertEquals(0, runner.run("send", "--no-wait", "x").exitCode());
        CliRunner.Result r = runner.env("MXNOTIFY_ACCESS_TOKEN", "revoked").run("queue", "flush");
        assertEquals(77, r.exitCode(), r::toString);
        assertTrue(r.err().contains("mxnotify login"), r::toString);
    }

    @Test
    void retryTakesTheDeadBackAndAFlushDeliversThem() throws Exception {
        FakeUser user = world.newUser();
        CliRunner runner = world.runnerFor(home, user);
        makeDead(runner, "second chance");
        makeDead(runner, "third chance");
        String firstId = list(runner).get("dead").get(0).get("id").asText();

        CliRunner.Result none = runner.run("queue", "retry");
        assertEquals(64, none.exitCode(), none::toString);
        CliRunner.Result unknown = runner.run("queue", "retry", "0001795793423642074-mxnNoSuchThing");
        assertEquals(65, unknown.exitCode(), unknown::toString);
        CliRunner.Result garbage = runner.run("queue", "retry", "not-an-id");
        assertEquals(65, garbage.exitCode(), garbage::toString);

        CliRunner.Result one = runner.run("queue", "retry", firstId);
        assertEquals(0, one.exitCode(), one::toString);
        assertEquals(1, list(runner).get("waiting").size());
        CliRunner.Result all = runner.run("queue", "retry", "--all");
        assertEquals(0, all.exitCode(), all::toString);
        assertTrue(all.out().startsWith("re-queued 1 notification "), all::toString);
        assertEquals(0, runner.run("queue", "flush").exitCode());
        List<String> bodies = world.bodies(FakeWorld.ALERTS);
        assertTrue(bodies.contains("second chance") && bodies.contains("third chance"), bodies::toString);
        assertEquals(0, list(runner).get("dead").size());
    }

    @Test
    void purgeNeedsConfirmationOrYesAndWorksOnDeadAndWaiting() throws Exception {
        FakeUser user = world.newUser();
        CliRunner runner = world.runnerFor(home, user);
        makeDead(runner, "dead to purge");
        assertEquals(0, runner.run("send", "--no-wait", "to purge").exitCode());

        CliRunner.Result nothingSaid = runner.run("queue", "purge");
        assertEquals(64, nothingSaid.exitCode(), nothingSaid::toString);
        CliRunner.Result noTerminal = runner.run("queue", "purge", "--all");
        assertEquals(64, noTerminal.exitCode(), noTerminal::toString);
        assertTrue(noTerminal.err().contains("--yes"), noTerminal::toString);
        CliRunner.Result declined = new CliRunner(home).terminal("n").run("queue", "purge", "--all");
        assertEquals(1, declined.exitCode(), declined::toString);
        assertEquals(1, list(runner).get("waiting").size());

        CliRunner.Result dead = new CliRunner(home).terminal("y").run("queue", "purge", "--dead");
        assertEquals(0, dead.exitCode(), dead::toString);
        assertTrue(dead.out().startsWith("purged 0 waiting and 1 dead"), dead::toString);
        JsonNode left = list(runner);
        assertEquals(0, left.get("dead").size());
        assertEquals(1, left.get("waiting").size());

        String waitingId = left.get("waiting").get(0).get("id").asText();
        CliRunner.Result byId = runner.run("queue", "purge", "--yes", waitingId);
        assertEquals(0, byId.exitCode(), byId::toString);
        assertEquals(0, list(runner).get("waiting").size());
        CliRunner.Result again = runner.run("queue", "purge", "--yes", waitingId);
        assertEquals(65, again.exitCode(), again::toString);
    }

    @Test
    void queueWithoutSubcommandIsAUsageError() {
        CliRunner.Result r = new CliRunner(home).run("queue");
        assertEquals(64, r.exitCode(), r::toString);
        assertTrue(r.err().contains("list, flush, retry or purge"), r::toString);
    }
}
