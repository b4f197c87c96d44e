package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identifier size limits, answered as Synapse 1.67 answers them: an alias over 255 bytes is 400
 * {@code M_INVALID_PARAM} (directory.py), a user id over 255 is 400 {@code M_INVALID_USERNAME}
 * (register.py), a device id over 512 characters 400 {@code M_INVALID_PARAM} (login.py), a device
 * display name over 100 400 {@code M_TOO_LARGE} (device.py), an event type over 255 413
 * {@code M_TOO_LARGE} (event_auth.py).
 */
class IdentifierLimitsTest {
    private static final String HUGE = "a".repeat(70_000);

    private FakeHomeserver fake;
    private FakeUser bot;
    private RawClient client;

    @BeforeEach
    void start() {
        fake = FakeHomeserver.builder().user("bot", "secret").room("alerts").member("bot", "alerts").start();
        bot = fake.user("bot");
        client = new RawClient(fake);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void createRoomRefusesAnAliasOver255BytesAndCreatesNoRoom() throws IOException {
        int before = fake.rooms().size();
        // "#" + 244 + ":localhost" = 255 bytes: the longest alias allowed
        assertEquals(200, asBot("POST", "/_matrix/client/v3/createRoom",
                "{\"room_alias_name\":\"" + "b".repeat(244) + "\"}").status());
        RawClient.Answer answer = asBot("POST", "/_matrix/client/v3/createRoom",
                "{\"room_alias_name\":\"" + "c".repeat(245) + "\"}");
        assertError(answer, 400, "M_INVALID_PARAM", "longer than 255");
        answer = asBot("POST", "/_matrix/client/v3/createRoom", "{\"room_alias_name\":\"" + HUGE + "\"}");
        assertError(answer, 400, "M_INVALID_PARAM", "longer than 255");
        // multi-byte: 128 two-byte characters are 256 bytes
        answer = asBot("POST", "/_matrix/client/v3/createRoom", "{\"room_alias_name\":\"" + "é".repeat(128) + "\"}");
        assertError(answer, 400, "M_INVALID_PARAM", "longer than 255");
        assertEquals(before + 1, fake.rooms().size());
    }

    @Test
    void theAdminApiRefusesAnAliasOver255Bytes() throws IOException {
        assertError(client.post("/_fake/v1/rooms", "{\"alias\":\"" + HUGE + "\"}"), 400, "M_INVALID_PARAM", "longer than 255");
    }

    @Test
    void aDeviceIdOver512CharactersIsRefused() throws IOException {
        String login = "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"bot\"},"
                + "\"password\":\"secret\",\"device_id\":\"%s\"}";
        assertEquals(200, client.post("/_matrix/client/v3/login", login.formatted("D".repeat(512))).status());
        assertError(client.post("/_matrix/client/v3/login", login.formatted(HUGE)), 400, "M_INVALID_PARAM",
                "device_id cannot be longer than 512");
    }

    @Test
    void aDeviceDisplayNameOver100CharactersIsTooLarge() throws IOException {
        String login = "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"bot\"},"
                + "\"password\":\"secret\",\"initial_device_display_name\":\"" + "n".repeat(101) + "\"}";
        assertError(client.post("/_matrix/client/v3/login", login), 400, "M_TOO_LARGE", "too long");
        assertError(asBot("PUT", "/_matrix/client/v3/devices/" + bot.deviceId(), "{\"display_name\":\"" + HUGE + "\"}"),
                400, "M_TOO_LARGE", "too long");
    }

    @Test
    void aUserIdOver255CharactersIsRefused() throws IOException {
        assertError(client.post("/_fake/v1/users", "{\"username\":\"" + HUGE + "\"}"), 400, "M_INVALID_USERNAME",
                "longer than 255");
    }

    @Test
    void anEventTypeOver255BytesIsTooLarge() throws IOException {
        String room = Http.seg(fake.room("#alerts:localhost").roomId());
        assertEquals(200, asBot("PUT", "/_matrix/client/v3/rooms/" + room + "/send/" + "t".repeat(255) + "/txn1",
                "{\"body\":\"x\"}").status());
        assertError(asBot("PUT", "/_matrix/client/v3/rooms/" + room + "/send/" + "t".repeat(256) + "/txn2",
                "{\"body\":\"x\"}"), 413, "M_TOO_LARGE", "'type' too large");
    }

    private RawClient.Answer asBot(String method, String target, String body) throws IOException {
        return client.send(method, target, Map.of("Authorization", "Bearer " + bot.accessToken(),
                "Content-Type", "application/json"), body);
    }

    private static void assertError(RawClient.Answer answer, int status, String errcode, String saying) {
        assertEquals(status, answer.status(), answer::toString);
        assertEquals(errcode, answer.errcode(), answer::toString);
        assertTrue(answer.text().contains(saying), answer::toString);
    }
}
