package io.mxnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.fakehs.FakeUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code queue list} only looks: an unusable file stays where it is, reported as unusable, and is moved to
 * {@code quarantine/} by the next flush; what is in {@code quarantine/} is listed every time, with its reason.
 */
class QueueListLooksOnlyTest {
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
    void listMovesNothingAndReportsTheQuarantineEveryTime() throws Exception {
        FakeUser user = world.newUser();
        Path spool = home.resolve("spool");
        CliRunner runner = world.runnerFor(home, user).env("MXNOTIFY_SPOOL", spool.toString());
        assertEquals(0, runner.run("send", "--no-wait", "kept").exitCode());
        Path corrupt = spool.resolve("0000000000000000001-broken.json");
        Files.writeString(corrupt, "{not json");

        CliRunner.Result listed = runner.run("queue", "list");
        assertEquals(0, listed.exitCode(), listed::toString);
        assertTrue(Files.exists(corrupt), "queue list moved " + corrupt);
        assertTrue(listed.out().startsWith("1 waiting, 0 dead, 0 quarantined, 1 unusable in "), listed::toString);
        assertTrue(listed.out().contains("unusable " + corrupt), listed::toString);
        assertTrue(listed.out().contains("the next 'mxnotify queue flush' moves it to"), listed::toString);

        assertEquals(0, runner.run("queue", "flush").exitCode());
        assertTrue(Files.notExists(corrupt));
        for (int i = 0; i < 2; i++) { // reported on every list, not only the one that moved it
            CliRunner.Result again = runner.run("queue", "list", "--json");
            JsonNode json = new ObjectMapper().readTree(again.out());
            assertEquals(1, json.get("quarantined").size(), again::toString);
            assertEquals("0000000000000000001-broken.json", json.get("quarantined").get(0).get("name").asText());
            assertTrue(json.get("quarantined").get(0).get("reason").asText().contains("0000000000000000001-broken.json"));
            assertEquals(0, json.get("unusable").size(), again::toString);
        }
    }
}
