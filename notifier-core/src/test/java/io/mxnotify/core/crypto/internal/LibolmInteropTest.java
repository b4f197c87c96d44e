package io.mxnotify.core.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** libolm decrypts what the Java Olm and Megolm encrypt, and verifies what the Java device keys sign. */
class LibolmInteropTest {
    private final SecureRandom random = new SecureRandom();
    private LibolmOracle libolm;

    @BeforeEach
    void oracle() {
        libolm = LibolmOracle.require();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void libolmBuildsTheInboundSessionFromOurPreKeyMessagesAndDecryptsEach() {
        JsonNode bob = libolm.call(LibolmOracle.request("account"));
        DeviceKeys alice = DeviceKeys.generate(random);
        OlmOutboundSession session = OlmOutboundSession.create(alice.identity(),
                UnpaddedBase64.decode(bob.get("curve25519").asText()), UnpaddedBase64.decode(bob.get("one_time_key").asText()),
                random);
        List<String> texts = List.of("{\"type\":\"m.room_key\",\"content\":{\"k\":\"é 🔑\"}}", "second", "x".repeat(1000));
        ObjectNode request = LibolmOracle.request("olm_decrypt").put("pickle", bob.get("pickle").asText())
                .put("sender_key", alice.identity().publicKeyBase64());
        var messages = request.putArray("messages");
        for (String text : texts) {
            OlmOutboundSession.Encrypted encrypted = session.encrypt(utf8(text));
            assertEquals(0, encrypted.message().type(), "a session that never received sends pre-key messages");
            assertEquals(session.chainIndex() + 1, encrypted.next().chainIndex());
            messages.addObject().put("type", encrypted.message().type()).put("body", encrypted.message().body());
            session = encrypted.next();
        }
        JsonNode answer = libolm.call(request);
        List<String> plaintexts = new ArrayList<>();
        answer.get("plaintexts").forEach(p -> plaintexts.add(p.asText()));
        assertEquals(texts, plaintexts);
    }

    @Test
    void libolmImportsOurMegolmSessionKeyAndDecryptsEveryIndexOnce() {
        MegolmOutboundSession session = MegolmOutboundSession.create(random);
        String sessionKey = session.sessionKey();
        String sessionId = session.sessionId();
        ObjectNode request = LibolmOracle.request("megolm_decrypt").put("session_key", sessionKey);
        var ciphertexts = request.putArray("ciphertexts");
        List<String> texts = new ArrayList<>();
        // past 256 so that R2 re-keys as well as R3
        for (int i = 0; i < 300; i++) {
            String text = "{\"type\":\"m.room.message\",\"content\":{\"body\":\"notification " + i + "\"}}";
            MegolmOutboundSession.Encrypted encrypted = session.encrypt(utf8(text));
            assertEquals(i, encrypted.index());
            ciphertexts.add(encrypted.ciphertext());
            texts.add(text);
            session = encrypted.next();
        }
        JsonNode answer = libolm.call(request);
        assertEquals(sessionId, answer.get("session_id").asText());
        assertEquals(0, answer.get("first_known_index").asInt());
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), answer.get("messages").get(i).get("plaintext").asText());
            assertEquals(i, answer.get("messages").get(i).get("index").asInt());
        }
    }

    @Test
    void aSessionKeyExportedLaterStartsAtItsIndex() {
        MegolmOutboundSession session = MegolmOutboundSession.create(random);
        for (int i = 0; i < 3; i++) {
            session = session.encrypt(utf8("before " + i)).next();
        }
        MegolmOutboundSession.Encrypted encrypted = session.encrypt(utf8("after"));
        JsonNode answer = libolm.call(LibolmOracle.request("megolm_decrypt").put("session_key", session.sessionKey())
                .set("ciphertexts", new com.fasterxml.jackson.databind.ObjectMapper().createArrayNode().add(encrypted.ciphertext())));
        assertEquals(3, answer.get("first_known_index").asInt());
        assertEquals("after", answer.get("messages").get(0).get("plaintext").asText());
        assertEquals(3, answer.get("messages").get(0).get("index").asInt());
    }

    @Test
    void libolmVerifiesOurSignedDeviceKeysOverItsOwnCanonicalJson() {
        DeviceKeys device = DeviceKeys.generate(random);
        ObjectNode signed = device.signedDeviceKeys("@bot:example.org", "MXNOTIFY1");
        JsonNode answer = libolm.call(LibolmOracle.request("verify_json").put("user_id", "@bot:example.org")
                .put("device_id", "MXNOTIFY1").put("key", device.fingerprint().publicKeyBase64()).set("object", signed));
        assertTrue(answer.get("valid").asBoolean(), answer::toString);
        ObjectNode bare = signed.deepCopy();
        bare.remove("signatures");
        assertEquals(answer.get("canonical").asText(), new String(CanonicalJson.encode(bare), StandardCharsets.UTF_8));
        assertTrue(SignedJson.verify(signed, "@bot:example.org", "MXNOTIFY1", device.fingerprint().publicKey()));
        ((ObjectNode) signed.get("keys")).put("curve25519:MXNOTIFY1", Curve25519KeyPair.generate(random).publicKeyBase64());
        assertNotEquals(true, SignedJson.verify(signed, "@bot:example.org", "MXNOTIFY1", device.fingerprint().publicKey()),
                "a changed key no longer verifies");
    }
}
