package io.mxnotify.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.crypto.internal.Curve25519KeyPair;
import io.mxnotify.core.crypto.internal.DeviceKeys;
import io.mxnotify.core.crypto.internal.SignedJson;
import io.mxnotify.core.crypto.internal.UnpaddedBase64;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RecordedRequest;
import io.mxnotify.fakehs.RoomEvent;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under random fault schedules on every endpoint that encryption uses (errors, rate limits, connections
 * dropped before or after the server acted), no request to the fake ever carries a notification's plaintext,
 * each notification lands as exactly one {@code m.room.encrypted} event, and no Megolm (session, index) pair
 * is used twice. {@code -Dmxnotify.e2ee.rounds=N} (default 12) and {@code -Dmxnotify.e2ee.seed=S} to reproduce.
 */
class EncryptedDeliveryFaultScheduleTest {
    private static final int ROUNDS = Integer.getInteger("mxnotify.e2ee.rounds", 12);
    private static final List<String> PATHS = List.of(".*/state/m\\.room\\.encryption/", ".*/joined_members",
            ".*/keys/upload", ".*/keys/query", ".*/keys/claim", ".*/sendToDevice/.*", ".*/send/m\\.room\\.encrypted/.*",
            ".*/account/whoami");
    private static FakeHomeserver fake;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().deviceWarningThreshold(10_000).start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void noFaultScheduleLeaksPlaintextDuplicatesOrReusesAnIndex(@TempDir Path dir) throws Exception {
        long seed = Long.getLong("mxnotify.e2ee.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < ROUNDS; round++) {
            String where = " (seed " + seed + ", round " + round + ")";
            FakeUser bot = fake.createUser("bot" + round, "pw");
            FakeUser alice = fake.createUser("alice" + round, "pw");
            uploadRecipientDevice(alice, 3);
            String roomId = createEncryptedRoom(bot);
            fake.join(alice.userId(), roomId);
            List<String> faults = new ArrayList<>();
            for (int f = 0; f < 1 + random.nextInt(3); f++) {
                String path = PATHS.get(random.nextInt(PATHS.size()));
                FaultRule.Builder rule = FaultRule.builder().path(path)
                        .times(1 + random.nextInt(2)).skip(random.nextInt(3));
                // A 400 to the room send itself is the server refusing that notification for good: it goes to
                // dead/ by design, so only the key-sharing and state calls get one here.
                boolean roomSend = path.contains("m\\.room\\.encrypted");
                switch (random.nextInt(roomSend ? 4 : 5)) {
                    case 0 -> rule.respond(500, "M_UNKNOWN");
                    case 1 -> rule.respond(429, "M_LIMIT_EXCEEDED").retryAfterMs(5);
                    case 2 -> rule.dropConnection(FaultRule.DropConnection.BEFORE);
                    case 3 -> rule.dropConnection(FaultRule.DropConnection.AFTER);
                    default -> rule.respond(400, "M_UNKNOWN");
                }
                FaultRule built = rule.build();
                faults.add(built.toString());
                fake.addFault(built);
            }
            List<String> canaries = List.of("canary-" + round + "-a", "canary-" + round + "-b", "canary-" + round + "-c");
            HomeserverAccount account = HomeserverAccount.withToken(URI.create(fake.baseUrl()), Secret.of(bot.accessToken()));
            DeliveryPolicy policy = DeliveryPolicy.defaults().withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)))
                    .withSendPatience(Duration.ZERO);
            try (Notifier notifier = Notifier.builder(dir.resolve("spool" + round), account).policy(policy).build()) {
                for (String canary : canaries) {
                    notifier.send(RoomRef.parse(roomId), new MessageContent("m.notice", canary, null));
                }
                fake.clearFaults();
                FlushReport last = notifier.flush();
                for (int i = 0; i < 20 && last.stillQueued() > 0; i++) {
                    last = notifier.flush(Duration.ofSeconds(5));
                }
                assertEquals(0, last.stillQueued(), "left waiting: " + last.waiting() + where + " faults " + faults);
                assertTrue(notifier.spool().dead().isEmpty(), "given up" + where + " faults " + faults);
            }
            List<RoomEvent> events = fake.events(roomId);
            assertTrue(events.stream().noneMatch(e -> e.type().equals("m.room.message")), "plaintext in the room" + where);
            List<RoomEvent> encrypted = events.stream().filter(e -> e.type().equals("m.room.encrypted")).toList();
            assertEquals(canaries.size(), encrypted.size(), "one event per notification" + where + " faults " + faults);
            Set<String> used = new HashSet<>();
            for (RoomEvent event : encrypted) {
                JsonNode content = event.content();
                String pair = content.get("session_id").asText() + "#" + megolmIndex(content.get("ciphertext").asText());
                assertTrue(used.add(pair), "Megolm index used twice: " + pair + where);
            }
            for (RecordedRequest request : fake.requests()) {
                for (String canary : canaries) {
                    assertFalse(String.valueOf(request.body()).contains(canary) || String.valueOf(request.path()).contains(canary),
                            "request " + request.method() + " " + request.path() + " carried " + canary + where);
                }
            }
        }
    }

    @Test
    void oneFlushRotatesTheSessionEveryRotationPeriodMsgs(@TempDir Path dir) throws Exception {
        FakeUser bot = fake.createUser("rotating-bot", "pw");
        FakeUser alice = fake.createUser("rotating-alice", "pw");
        uploadRecipientDevice(alice, 10);
        String roomId = createEncryptedRoom(bot);
        fake.join(alice.userId(), roomId);
        HomeserverAccount account = HomeserverAccount.withToken(URI.create(fake.baseUrl()), Secret.of(bot.accessToken()));
        try (Notifier notifier = Notifier.builder(dir.resolve("spool"), account).build()) {
            for (int i = 0; i < 5; i++) {
                notifier.spool().enqueue(roomId, JsonNodeFactory.instance.objectNode().put("msgtype", "m.notice")
                        .put("body", "n" + i));
            }
            assertEquals(5, notifier.flush().delivered().size());
        }
        List<String> sessions = new ArrayList<>();
        List<Long> indexes = new ArrayList<>();
        for (RoomEvent event : fake.events(roomId)) {
            if (event.type().equals("m.room.encrypted")) {
                sessions.add(event.content().get("session_id").asText());
                indexes.add(megolmIndex(event.content().get("ciphertext").asText()));
            }
        }
        assertEquals(List.of(0L, 1L, 0L, 1L, 0L), indexes, "rotation_period_msgs 2 within one pass");
        assertEquals(3, new HashSet<>(sessions).size(), sessions::toString);
        assertEquals(sessions.get(0), sessions.get(1));
        assertEquals(sessions.get(2), sessions.get(3));
    }

    /** The message index of a Megolm message: version byte, then field 1 as a varint. */
    private static long megolmIndex(String ciphertext) {
        byte[] bytes = UnpaddedBase64.decode(ciphertext);
        assertEquals(3, bytes[0]);
        assertEquals(0x08, bytes[1]);
        long value = 0;
        for (int i = 2, shift = 0; ; i++, shift += 7) {
            value |= (long) (bytes[i] & 0x7F) << shift;
            if ((bytes[i] & 0x80) == 0) {
                return value;
            }
        }
    }

    /** A recipient device for {@code user}: signed device keys and signed one-time keys, as a real client uploads them. */
    private static void uploadRecipientDevice(FakeUser user, int oneTimeKeys) {
        SecureRandom random = new SecureRandom();
        DeviceKeys keys = DeviceKeys.generate(random);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.set("device_keys", keys.signedDeviceKeys(user.userId(), user.deviceId()));
        ObjectNode otks = request.putObject("one_time_keys");
        for (int i = 0; i < oneTimeKeys; i++) {
            ObjectNode key = JsonNodeFactory.instance.objectNode()
                    .put("key", UnpaddedBase64.encode(Curve25519KeyPair.generate(random).publicKey()));
            otks.set("signed_curve25519:AAAA" + i, SignedJson.sign(key, user.userId(), user.deviceId(), keys.fingerprint()));
        }
        MatrixClient.builder(fake.baseUrl()).accessToken(Secret.of(user.accessToken())).build().uploadKeys(request);
    }

    /** A public room made by {@code user} with Megolm rotating every 2 messages, so schedules cross rotations. */
    private static String createEncryptedRoom(FakeUser user) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/_matrix/client/v3/createRoom"))
                        .header("Authorization", "Bearer " + user.accessToken())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"preset\":\"public_chat\",\"initial_state\":"
                                + "[{\"type\":\"m.room.encryption\",\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\","
                                + "\"rotation_period_msgs\":2}}]}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("room_id").asText();
    }
}
