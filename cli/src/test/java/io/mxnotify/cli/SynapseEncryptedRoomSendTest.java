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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxnotify send} into an end-to-end encrypted room of a real Synapse 1.67, with matrix-nio (libolm)
 * as the recipient devices: each notification decrypts exactly once, including one whose sender was killed
 * with SIGKILL after encrypting and before Synapse saw the send ({@code queue flush} resends the stored
 * ciphertext), one whose answer was lost after Synapse stored it (the retry's txnId stores nothing new), and
 * one after a second device joined (a new Megolm session read by both). Synapse has no fault injection, so
 * the kill and the lost answer come from {@code e2ee/fault_proxy.py} in front of it. Skipped with the reason
 * where Synapse 1.67 or matrix-nio is absent, failed in CI.
 */
class SynapseEncryptedRoomSendTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void nioDecryptsEachNotificationExactlyOnceThroughKillLostAnswerAndANewDevice() throws Exception {
        NioRecipient.requireNio();
        try (SynapseServer synapse = Synapses.start(SynapseRelease.V1_67, SynapseOptions.of(RateLimits.OFF))) {
            String token = register(synapse, "bot", "secret-bot").get("access_token").asText();
            String alice = register(synapse, "alice", "secret-alice").get("user_id").asText();
            String roomId = call(synapse.baseUrl(), "POST", "/_matrix/client/v3/createRoom", token,
                    "{\"preset\":\"public_chat\",\"initial_state\":[{\"type\":\"m.room.encryption\",\"state_key\":\"\","
                            + "\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\"}}]}").get("room_id").asText();
            Path spool = home.resolve("spool");
            CliRunner runner = new CliRunner(home).env("MXNOTIFY_HOMESERVER", synapse.baseUrl())
                    .env("MXNOTIFY_ACCESS_TOKEN", token).env("MXNOTIFY_ROOM", roomId).env("MXNOTIFY_SPOOL", spool.toString());
            List<String> four = List.of("one", "two (sender killed after encrypting)", "two and a half (answer lost)",
                    "three, **after a device joined**");
            try (NioRecipient first = new NioRecipient(synapse.baseUrl(), alice, "secret-alice", roomId,
                    home.resolve("nio-first"), 4, 180)) {
                assertSent(runner.run("send", four.get(0)));

                try (FaultProxy hold = new FaultProxy(synapse, "hold")) {
                    CliProcess.Running sender = new CliProcess(home).env("MXNOTIFY_HOMESERVER", hold.url())
                            .env("MXNOTIFY_ACCESS_TOKEN", token).env("MXNOTIFY_ROOM", roomId)
                            .env("MXNOTIFY_SPOOL", spool.toString()).start("send", four.get(1));
                    hold.awaitSpoiled(sender.process());
                    sender.process().destroyForcibly().waitFor(); // SIGKILL: encrypted, never answered
                }
                CliRunner.Result flushed = runner.run("queue", "flush");
                assertEquals(0, flushed.exitCode(), flushed::toString);
                assertTrue(flushed.out().lines().anyMatch(l -> l.startsWith("1 delivered,")), flushed::toString);

                try (FaultProxy lose = new FaultProxy(synapse, "lose")) {
                    assertSent(new CliRunner(home).env("MXNOTIFY_HOMESERVER", lose.url()).env("MXNOTIFY_ACCESS_TOKEN", token)
                            .env("MXNOTIFY_ROOM", roomId).env("MXNOTIFY_SPOOL", spool.toString())
                            .run("send", "--patience", "60", four.get(2)));
                    assertTrue(lose.spoiled(), "the lost-answer proxy spoiled nothing");
                }

                try (NioRecipient second = new NioRecipient(synapse.baseUrl(), alice, "secret-alice", roomId,
                        home.resolve("nio-second"), 1, 120)) {
                    assertSent(runner.run("send", "--markdown", four.get(3)));
                    List<JsonNode> secondSaw = second.awaitDone();
                    assertEquals(List.of(four.get(3)), NioRecipient.bodies(secondSaw), () -> secondSaw + " " + second.stderrText());
                    assertTrue(secondSaw.stream().noneMatch(l -> l.has("undecryptable")), secondSaw::toString);
                }
                List<JsonNode> firstSaw = first.awaitDone();
                assertEquals(four, NioRecipient.bodies(firstSaw), () -> firstSaw + " " + first.stderrText());
                assertTrue(firstSaw.stream().noneMatch(l -> l.has("undecryptable")), firstSaw::toString);
            }
            JsonNode chunk = call(synapse.baseUrl(), "GET", "/_matrix/client/v3/rooms/"
                    + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/messages?dir=b&limit=100", token, null).get("chunk");
            long encrypted = 0;
            long plaintext = 0;
            for (JsonNode event : chunk) {
                encrypted += event.path("type").asText().equals("m.room.encrypted") ? 1 : 0;
                plaintext += event.path("type").asText().equals("m.room.message") ? 1 : 0;
            }
            assertEquals(4, encrypted, "one m.room.encrypted event per notification: " + chunk);
            assertEquals(0, plaintext, "no plaintext m.room.message: " + chunk);
        }
    }

    private static void assertSent(CliRunner.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
    }

    /** Shared-secret registration (nonce, then HMAC-SHA1 of nonce, user, password, "notadmin"); the answer. */
    private JsonNode register(SynapseServer synapse, String user, String password) throws Exception {
        String nonce = call(synapse.baseUrl(), "GET", "/_synapse/admin/v1/register", null, null).get("nonce").asText();
        String mac = hmacSha1(synapse.registrationSharedSecret(), nonce + "\0" + user + "\0" + password + "\0notadmin");
        return call(synapse.baseUrl(), "POST", "/_synapse/admin/v1/register", null, JSON.writeValueAsString(
                java.util.Map.of("nonce", nonce, "username", user, "password", password, "admin", false, "mac", mac)));
    }

    private static String hmacSha1(String key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode call(String base, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), () -> method + " " + path + ": " + answer.body());
        return JSON.readTree(answer.body());
    }

    /** {@code e2ee/fault_proxy.py} on a free loopback port in front of Synapse, spoiling the first encrypted send. */
    private static final class FaultProxy implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final int port;

        FaultProxy(SynapseServer synapse, String mode) throws IOException, InterruptedException {
            Path script;
            try {
                script = Path.of(FaultProxy.class.getResource("/e2ee/fault_proxy.py").toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            out = Files.createTempFile("fault-proxy-", ".out");
            process = new ProcessBuilder("/usr/bin/python3", script.toString(), Integer.toString(port),
                    Integer.toString(URI.create(synapse.baseUrl()).getPort()), mode)
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!listening()) {
                assertTrue(process.isAlive() && System.nanoTime() < deadline, () -> "fault proxy did not start: " + output());
                Thread.sleep(50);
            }
        }

        private boolean listening() {
            try (java.net.Socket ignored = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        boolean spoiled() {
            return output().contains("spoiled");
        }

        void awaitSpoiled(Process sender) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!spoiled()) {
                assertTrue(System.nanoTime() < deadline && sender.isAlive(),
                        () -> "the encrypted send never reached the proxy (sender alive: " + sender.isAlive() + ")");
                Thread.sleep(50);
            }
        }

        private String output() {
            try {
                return Files.readString(out);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(out);
        }
    }
}
