package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RoomEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxnotify send} into an end-to-end encrypted room of the fake: matrix-nio (libolm) as a member device
 * decrypts each notification exactly once, also after a lost answer, and no request ever carries the plaintext.
 */
class EncryptedRoomSendTest {
    private static FakeWorld world;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @TempDir
    Path nioStore;

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

    private static String call(String method, String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(world.url() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return response.body();
    }

    private static String seg(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean journalMentions(String text) {
        return world.server.requests().stream().anyMatch(r -> String.valueOf(r.body()).contains(text)
                || String.valueOf(r.path()).contains(text) || String.valueOf(r.query()).contains(text));
    }

    private List<RoomEvent> events(String roomId, String type) {
        return world.server.room(roomId).events().stream().filter(e -> e.type().equals(type)).toList();
    }

    private String encryptedRoom(String alias, FakeUser... members) throws Exception {
        StringBuilder list = new StringBuilder();
        for (FakeUser member : members) {
            list.append(list.length() == 0 ? "" : ",").append('"').append(member.userId()).append('"');
        }
        return call("POST", "/_fake/v1/rooms", null, "{\"alias\":\"" + alias + "\",\"members\":[" + list
                + "],\"encrypted\":true}").replaceAll(".*\"room_id\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void nioDecryptsEachNotificationExactlyOnceEvenAfterALostAnswer() throws Exception {
        NioRecipient.requireNio();
        FakeUser bot = world.newUser();
        FakeUser alice = world.newUser();
        String roomId = encryptedRoom("enc1", bot, alice);
        try (NioRecipient nio = new NioRecipient(world.url(), alice.userId(), alice.password(), roomId,
                nioStore.resolve("alice"), 3, 60)) {
            CliRunner runner = world.runnerFor(home, bot).env("MXNOTIFY_ROOM", roomId);
            CliRunner.Result first = runner.run("send", "secret-canary-one");
            assertEquals(0, first.exitCode(), first::toString);
            world.server.addFault(FaultRule.builder().method("PUT").path(".*/send/m\\.room\\.encrypted/.*")
                    .dropConnection(FaultRule.DropConnection.AFTER).times(1).build());
            CliRunner.Result lost = runner.run("send", "--patience", "30", "secret-canary-two");
            assertEquals(0, lost.exitCode(), lost::toString);
            CliRunner.Result third = runner.run("send", "--markdown", "secret-canary-**three**");
            assertEquals(0, third.exitCode(), third::toString);
            List<JsonNode> seen = nio.awaitDone();
            assertEquals(List.of("secret-canary-one", "secret-canary-two", "secret-canary-**three**"),
                    NioRecipient.bodies(seen), () -> seen + " " + nio.stderrText());
            assertTrue(seen.stream().noneMatch(l -> l.has("undecryptable")), seen::toString);
        }
        assertEquals(3, events(roomId, "m.room.encrypted").size(), "the lost answer's retry stored nothing new");
        assertTrue(events(roomId, "m.room.message").isEmpty());
        for (String canary : List.of("secret-canary-one", "secret-canary-two", "secret-canary-")) {
            assertFalse(journalMentions(canary), "a request carried the plaintext " + canary);
        }
        JsonNode content = events(roomId, "m.room.encrypted").get(0).content();
        assertEquals("m.megolm.v1.aes-sha2", content.get("algorithm").asText());
        assertEquals(bot.deviceId(), content.get("device_id").asText());
    }

    @Test
    void aRoomThatTurnsEncryptionOnAfterEnqueueGetsNoPlaintext() throws Exception {
        FakeUser user = world.newUser();
        String roomId = call("POST", "/_matrix/client/v3/createRoom", user.accessToken(), "{\"room_alias_name\":\"enc2\"}")
                .replaceAll(".*\"room_id\":\"([^\"]+)\".*", "$1");
        CliRunner runner = world.runnerFor(home, user).env("MXNOTIFY_ROOM", roomId);
        assertEquals(0, runner.run("send", "before encryption").exitCode());
        assertEquals(0, runner.run("send", "--no-wait", "plaintext-canary-2").exitCode());
        call("PUT", "/_matrix/client/v3/rooms/" + seg(roomId) + "/state/m.room.encryption/", user.accessToken(),
                "{\"algorithm\":\"m.megolm.v1.aes-sha2\"}");
        CliRunner.Result flushed = runner.run("queue", "flush");
        assertEquals(0, flushed.exitCode(), flushed::toString);
        assertEquals(List.of("before encryption"), events(roomId, "m.room.message").stream().map(RoomEvent::body).toList());
        assertEquals(1, events(roomId, "m.room.encrypted").size());
        assertFalse(journalMentions("plaintext-canary-2"), "a request carried the plaintext");
    }

    @Test
    void anUnknownAlgorithmGetsNothingAndWaitsWithExit75() throws Exception {
        FakeUser user = world.newUser();
        String roomId = call("POST", "/_fake/v1/rooms", null, "{\"alias\":\"enc3\",\"members\":[\"" + user.userId()
                + "\"],\"encryption\":{\"algorithm\":\"m.future.v9\"}}").replaceAll(".*\"room_id\":\"([^\"]+)\".*", "$1");
        CliRunner.Result r = world.runnerFor(home, user).env("MXNOTIFY_ROOM", roomId).run("send", "plaintext-canary-3");
        assertEquals(75, r.exitCode(), r::toString);
        assertTrue(r.err().contains("m.future.v9"), r::toString);
        assertTrue(r.err().contains("stays queued"), r::toString);
        assertTrue(world.server.room(roomId).events().stream().noneMatch(e -> e.sender().equals(user.userId())
                && !e.type().equals("m.room.member")));
        assertFalse(journalMentions("plaintext-canary-3"), "a request carried the plaintext");
    }
}
