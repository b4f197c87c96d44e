package io.mxnotify.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.core.Secret;
import io.mxnotify.core.testing.StubHomeserver;
import org.junit.jupiter.api.Test;

class SharedSecretRegistrationTest {
    private static final Secret SHARED = Secret.of("s3cret");

    @Test
    void macMatchesSynapsesComputation() {
        // Reference values from Python: hmac.new(b"s3cret", b"nonce123\x00notify-bot\x00p\xc3\xa4ss\x00notadmin", sha1)
        SharedSecretRegistration user = SharedSecretRegistration.user("notify-bot", Secret.of("päss"));
        assertEquals("be001c597d0d862ab0470c47c5cf35b1714aa06d", user.mac("nonce123", SHARED));
        assertEquals("fb4dc4f9704de159fffe8f7d74c242dbdd96e52c",
                user.withAdmin(true).withUserType("bot").mac("nonce123", SHARED));
    }

    @Test
    void registersWithNonceAndMac() throws Exception {
        try (StubHomeserver server = new StubHomeserver()) {
            server.on("GET /_synapse/admin/v1/register", 200, "{\"nonce\":\"nonce123\"}")
                    .on("POST /_synapse/admin/v1/register", 200,
                            "{\"user_id\":\"@notify-bot:example.org\",\"access_token\":\"tok\",\"device_id\":\"DEV\",\"home_server\":\"example.org\"}");
            MatrixClient client = MatrixClient.builder(server.baseUrl()).build();
            LoginResult result = client.registerWithSharedSecret(
                    SharedSecretRegistration.user("notify-bot", Secret.of("päss")).withDisplayName("Notify"), SHARED);
            assertEquals("@notify-bot:example.org", result.userId().value());
            assertEquals("DEV", result.deviceId());
            JsonNode sent = new ObjectMapper().readTree(server.last().body());
            assertEquals("nonce123", sent.get("nonce").asText());
            assertEquals("notify-bot", sent.get("username").asText());
            assertEquals("päss", sent.get("password").asText());
            assertFalse(sent.get("admin").asBoolean());
            assertEquals("Notify", sent.get("displayname").asText());
            assertFalse(sent.has("user_type"));
            assertEquals("be001c597d0d862ab0470c47c5cf35b1714aa06d", sent.get("mac").asText());
            assertTrue(server.received().stream().noneMatch(r -> r.header("Authorization") != null));
        }
    }

    @Test
    void aWrongSecretIsForbidden() throws Exception {
        try (StubHomeserver server = new StubHomeserver()) {
            server.on("GET /_synapse/admin/v1/register", 200, "{\"nonce\":\"n\"}")
                    .on("POST /_synapse/admin/v1/register", 403, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"HMAC incorrect\"}");
            MatrixException e = assertThrows(MatrixException.class, () -> MatrixClient.builder(server.baseUrl()).build()
                    .registerWithSharedSecret(SharedSecretRegistration.user("bot", Secret.of("pw")), SHARED));
            assertEquals(FailureKind.FORBIDDEN, e.kind());
            assertTrue(e.getMessage().contains("HMAC incorrect"));
        }
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SharedSecretRegistration.user("@bot:example.org", Secret.of("pw")));
        assertTrue(e.getMessage().contains("'bot'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SharedSecretRegistration.user(" ", Secret.of("pw")));
        assertFalse(SharedSecretRegistration.user("bot", Secret.of("hunter2")).toString().contains("hunter2"));
    }
}
