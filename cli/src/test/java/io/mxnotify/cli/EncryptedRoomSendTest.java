package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.fakehs.FakeUser;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxnotify send} never puts plaintext into an end-to-end encrypted room: the notification stays
 * queued (exit 75) and says why, and no request to the fake carries its text.
 */
class EncryptedRoomSendTest {
    private static FakeWorld world;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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

    private static boolean journalMentions(String text) throws IOException, InterruptedException {
        HttpResponse<String> journal = HTTP.send(HttpRequest.newBuilder(URI.create(world.url() + "/_fake/v1/requests"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, journal.statusCode());
        return journal.body().contains(text);
    }

    private List<RoomEvent> messages(String room) {
        return world.server.room(room).events().stream().filter(e -> !e.type().equals("m.room.encryption")).toList();
    }

    @Test
    void aSendIntoAnEncryptedRoomStaysQueuedWithExit75AndNoPlaintextLeaves() throws Exception {
        FakeUser user = world.newUser();
        call("POST", "/_fake/v1/rooms", null, "{\"alias\":\"enc1\",\"members\":[\"" + user.userId() + "\"],\"encrypted\":true}");
        CliRunner.Result r = world.runnerFor(home, user).run("send", "--room", "#enc1:localhost", "plaintext-canary-1");
        assertEquals(75, r.exitCode(), r::toString);
        assertTrue(r.err().contains("end-to-end encrypted"), r::toString);
        assertTrue(r.err().contains("stays queued"), r::toString);
        assertTrue(messages("#enc1:localhost").isEmpty());
        assertFalse(journalMentions("plaintext-canary-1"), "a request carried the plaintext");
        CliRunner.Result listed = world.runnerFor(home, user).run("queue", "list");
        assertTrue(listed.out().startsWith("1 waiting"), listed::toString);
        CliRunner.Result flushed = world.runnerFor(home, user).run("queue", "flush");
        assertEquals(75, flushed.exitCode(), flushed::toString);
        assertFalse(journalMentions("plaintext-canary-1"), "a request carried the plaintext");
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
        assertEquals(75, flushed.exitCode(), flushed::toString);
        assertTrue(flushed.out().contains("end-to-end encrypted") || flushed.err().contains("end-to-end encrypted"),
                flushed::toString);
        assertEquals(List.of("before encryption"), messages(roomId).stream()
                .filter(e -> e.type().equals("m.room.message")).map(RoomEvent::body).toList());
        assertFalse(journalMentions("plaintext-canary-2"), "a request carried the plaintext");
    }
}
