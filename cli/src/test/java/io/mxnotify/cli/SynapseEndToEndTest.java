package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.testsupport.synapse.RateLimits;
import io.mxnotify.testsupport.synapse.SynapseOptions;
import io.mxnotify.testsupport.synapse.SynapseRelease;
import io.mxnotify.testsupport.synapse.SynapseServer;
import io.mxnotify.testsupport.synapse.Synapses;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real Synapse (1.67, from {@code .ci/setup.d/synapse.sh}) with its default rate limits
 * ({@code rc_message} 0.2/s, burst 10; logins raised, see {@link RateLimits#DEFAULT_BUT_LOGIN}) and
 * access tokens that expire after 20 s (refresh tokens): register and login leave one device; join and
 * whoami work; 40 notifications are delivered exactly once and in order by one {@code queue flush}, and
 * 40 more (another account, at the same time) by 40 plain {@code send}s, each waiting out its 429, across
 * several token expiries on one device each; an outage queues (exit 75) and a flush delivers after it.
 * Skipped with the reason where Synapse is not installed; required in CI.
 */
class SynapseEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SynapseServer synapse;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        synapse = Synapses.start(SynapseRelease.V1_67, SynapseOptions.of(RateLimits.DEFAULT_BUT_LOGIN)
                .withConfig("refreshable_access_token_lifetime: 20s"));
    }

    @AfterAll
    static void stop() {
        if (synapse != null) {
            synapse.close();
        }
    }

    /** A bot registered and logged in through the CLI, its own HOME (config.json) and a password file. */
    private record Bot(String user, Path home, CliRunner.Result register, CliRunner.Result login) {
        CliRunner cli() {
            return new CliRunner(home).env("MXNOTIFY_ROOM", "#alerts:localhost");
        }

        String token() throws IOException {
            return JSON.readTree(home.resolve(".config/mxnotify/config.json").toFile()).get("access_token").asText();
        }
    }

    private Bot bot(String name) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Path password = home.resolve("password");
        Files.writeString(password, name + "-password\n");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        CliRunner runner = new CliRunner(home).env("MXNOTIFY_HOMESERVER", synapse.baseUrl())
                .env(RegisterCommand.SECRET_VARIABLE, synapse.registrationSharedSecret());
        CliRunner.Result register = runner.run("register", "--user", name, "--password-file", password.toString());
        CliRunner.Result login = runner.run("login", "--user", "@" + name + ":localhost", "--password-file",
                password.toString());
        return new Bot("@" + name + ":localhost", home, register, login);
    }

    private static JsonNode call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(synapse.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** The bodies of the room's m.room.message events from {@code sender}, oldest first, read from Synapse. */
    private static List<String> bodies(String roomId, String token, String sender) throws Exception {
        List<String> bodies = new ArrayList<>();
        String from = null;
        while (true) {
            JsonNode page = call("GET", "/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                    + "/messages?dir=b&limit=100" + (from == null ? "" : "&from=" + URLEncoder.encode(from,
                    StandardCharsets.UTF_8)), token, null);
            for (JsonNode event : page.path("chunk")) {
                if (event.path("type").asText().equals("m.room.message") && event.path("sender").asText().equals(sender)) {
                    bodies.add(0, event.path("content").path("body").asText());
                }
            }
            if (page.path("chunk").isEmpty() || !page.hasNonNull("end")) {
                return bodies;
            }
            from = page.get("end").asText();
        }
    }

    private static List<String> withoutLateLabel(List<String> bodies) {
        return bodies.stream().map(b -> b.replaceFirst("\n\nThis message was queued since .* and may be obsolete\\.$", ""))
                .toList();
    }

    private static int devices(Bot bot) throws Exception {
        return call("GET", "/_matrix/client/v3/devices", bot.token(), null).path("devices").size();
    }

    @Test
    void everyCommandAgainstSynapsesDefaultRateLimitsDeliversExactlyOnceInOrderOnOneDevice() throws Exception {
        Bot flusher = bot("flusher");
        assertEquals(0, flusher.register().exitCode(), flusher.register()::toString);
        assertEquals(0, flusher.login().exitCode(), flusher.login()::toString);
        assertEquals(1, devices(flusher), "register then login leaves one device");
        Bot sender = bot("sender");
        assertEquals(0, sender.login().exitCode(), sender.login()::toString);

        JsonNode created = call("POST", "/_matrix/client/v3/createRoom", flusher.token(),
                "{\"room_alias_name\":\"alerts\",\"preset\":\"public_chat\"}");
        String roomId = created.get("room_id").asText();
        CliRunner.Result join = sender.cli().run("join", "#alerts:localhost");
        assertEquals(0, join.exitCode(), join::toString);
        assertEquals(roomId, join.out().strip());
        CliRunner.Result whoami = flusher.cli().run("whoami");
        assertEquals(0, whoami.exitCode(), whoami::toString);
        assertTrue(whoami.out().contains(flusher.user()), whoami::toString);

        List<String> queued = IntStream.range(0, 40).mapToObj(i -> "queued " + i).toList();
        for (String text : queued) {
            assertEquals(0, flusher.cli().run("send", "--no-wait", text).exitCode());
        }
        // Another account (its own rc_message bucket) sends 40, one process each, while the flush runs.
        CompletableFuture<List<CliRunner.Result>> plainSends = CompletableFuture.supplyAsync(() ->
                IntStream.range(0, 40).mapToObj(i -> sender.cli().run("send", "sent " + i)).toList());
        CliRunner.Result flush = flusher.cli().run("queue", "flush");
        assertEquals(0, flush.exitCode(), flush::toString);
        assertTrue(flush.out().contains("40 delivered, 0 still waiting, 0 given up"), flush::toString);
        assertTrue(flush.err().contains("rate limited by the server (M_LIMIT_EXCEEDED); waiting"), flush::toString);
        List<CliRunner.Result> sends = plainSends.get();
        for (CliRunner.Result send : sends) {
            assertEquals(0, send.exitCode(), send::toString);
        }
        assertTrue(sends.stream().anyMatch(r -> r.err().contains("M_LIMIT_EXCEEDED")), "the sends met the limit");

        // The flush takes about 150 s at 0.2/s: what it delivers over a minute after it was queued says so.
        assertEquals(queued, withoutLateLabel(bodies(roomId, flusher.token(), flusher.user())),
                "one flush: exactly once, in order");
        List<String> sentBodies = bodies(roomId, flusher.token(), sender.user());
        assertEquals(IntStream.range(0, 40).mapToObj(i -> "sent " + i).toList(), sentBodies,
                "40 sends: exactly once, in order, none labelled late for waiting out a rate limit");
        assertEquals(1, devices(flusher), "token refreshes across expiries keep one device");
        assertEquals(1, devices(sender));

        synapse.stop();
        try {
            for (int i = 0; i < 5; i++) {
                CliRunner.Result down = flusher.cli().run("send", "--patience", "0", "outage " + i);
                assertEquals(75, down.exitCode(), down::toString);
            }
        } finally {
            synapse.start();
        }
        CliRunner.Result after = flusher.cli().run("queue", "flush", "--patience", "30");
        assertEquals(0, after.exitCode(), after::toString);
        List<String> all = withoutLateLabel(bodies(roomId, flusher.token(), flusher.user()));
        assertEquals(IntStream.range(0, 5).mapToObj(i -> "outage " + i).toList(), all.subList(40, all.size()));
        assertEquals(1, devices(flusher));
    }
}
