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
    void whoamiShowsTheFingerprintTheServerHasForTheDevice() throws Exception {
        FakeUser bot = world.newUser();
        CliRunner runner = world.runnerFor(home, bot);
        CliRunner.Result before = runner.run("whoami");
        assertTrue(before.out().contains("ed25519     (no encryption keys yet"), before::toString);
        String roomId = encryptedRoom("enc4", bot);
        assertEquals(0, runner.env("MXNOTIFY_ROOM", roomId).run("send", "alone in the room").exitCode());
        String uploaded = new com.fasterxml.jackson.databind.ObjectMapper().readTree(call("POST",
                "/_matrix/client/v3/keys/query", bot.accessToken(), "{\"device_keys\":{\"" + bot.userId() + "\":[]}}"))
                .path("device_keys").path(bot.userId()).path(bot.deviceId()).path("keys")
                .path("ed25519:" + bot.deviceId()).asText();
        CliRunner.Result after = runner.run("whoami");
        String line = after.out().lines().filter(l -> l.startsWith("ed25519")).findFirst().orElseThrow();
        assertEquals(uploaded, line.substring("ed25519".length()).replace(" ", ""), after::toString);
    }

    @Test
    void aKillNineBetweenEncryptingAndSendingResendsTheSameCiphertextOnce() throws Exception {
        NioRecipient.requireNio();
        FakeUser bot = world.newUser();
        FakeUser alice = world.newUser();
        String roomId = encryptedRoom("enc5", bot, alice);
        Path spool = home.resolve("spool");
        try (NioRecipient nio = new NioRecipient(world.url(), alice.userId(), alice.password(), roomId,
                nioStore.resolve("alice"), 2, 90)) {
            CliRunner runner = world.runnerFor(home, bot).env("MXNOTIFY_ROOM", roomId).env("MXNOTIFY_SPOOL", spool.toString());
            assertEquals(0, runner.run("send", "before the kill").exitCode());
            // the encrypted send hangs at the server, so the process is killed after encrypting, before an answer
            world.server.addFault(FaultRule.builder().method("PUT").path(".*/send/m\\.room\\.encrypted/.*")
                    .delayMs(20_000).times(1).build());
            CliProcess.Running sender = new CliProcess(home).env("MXNOTIFY_HOMESERVER", world.url())
                    .env("MXNOTIFY_ACCESS_TOKEN", bot.accessToken()).env("MXNOTIFY_ROOM", roomId)
                    .env("MXNOTIFY_SPOOL", spool.toString()).start("send", "killed-canary");
            Path e2ee = io.mxnotify.core.spool.Spool.encryptionDirectoryOf(spool);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (ciphertexts(e2ee).isEmpty()) {
                assertTrue(System.nanoTime() < deadline && sender.process().isAlive(),
                        () -> "the sender never stored a ciphertext: " + readQuietly(sender.err()));
                Thread.sleep(20);
            }
            String stored = java.nio.file.Files.readString(ciphertexts(e2ee).get(0));
            sender.process().destroyForcibly().waitFor();
            world.server.clearFaults();
            CliRunner.Result flushed = runner.run("queue", "flush");
            assertEquals(0, flushed.exitCode(), flushed::toString);
            List<JsonNode> seen = nio.awaitDone();
            assertEquals(List.of("before the kill", "killed-canary"), NioRecipient.bodies(seen),
                    () -> seen + " " + nio.stderrText());
            List<RoomEvent> encrypted = events(roomId, "m.room.encrypted");
            assertEquals(2, encrypted.size(), "the delayed request and the retry are one event (one txnId)");
            assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored), encrypted.get(1).content(),
                    "the retry sent the bytes encrypted before the kill");
            assertTrue(ciphertexts(e2ee).isEmpty(), "a delivered notification's ciphertext is deleted");
        }
        assertFalse(journalMentions("killed-canary"), "a request carried the plaintext");
    }

    private static String readQuietly(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static List<Path> ciphertexts(Path e2ee) throws IOException {
        if (!java.nio.file.Files.isDirectory(e2ee)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(e2ee)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{19}-.*\\.json")).toList();
        }
    }

    @Test
    void aMemberDeviceThatJoinsGetsANewSessionAndTheOldDeviceReadsBoth() throws Exception {
        NioRecipient.requireNio();
        FakeUser bot = world.newUser();
        FakeUser alice = world.newUser();
        String roomId = encryptedRoom("enc6", bot, alice);
        CliRunner runner = world.runnerFor(home, bot).env("MXNOTIFY_ROOM", roomId);
        try (NioRecipient first = new NioRecipient(world.url(), alice.userId(), alice.password(), roomId,
                nioStore.resolve("first"), 2, 90)) {
            assertEquals(0, runner.run("send", "for the first device").exitCode());
            try (NioRecipient second = new NioRecipient(world.url(), alice.userId(), alice.password(), roomId,
                    nioStore.resolve("second"), 1, 60)) {
                assertEquals(0, runner.run("send", "for both devices").exitCode());
                List<JsonNode> secondSaw = second.awaitDone();
                assertEquals(List.of("for both devices"), NioRecipient.bodies(secondSaw),
                        () -> secondSaw + " " + second.stderrText());
                List<JsonNode> firstSaw = first.awaitDone();
                assertEquals(List.of("for the first device", "for both devices"), NioRecipient.bodies(firstSaw),
                        () -> firstSaw + " " + first.stderrText());
                List<RoomEvent> encrypted = events(roomId, "m.room.encrypted");
                assertFalse(encrypted.get(0).content().get("session_id").equals(encrypted.get(1).content().get("session_id")),
                        "a joining device rotates the session");
            }
        }
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
