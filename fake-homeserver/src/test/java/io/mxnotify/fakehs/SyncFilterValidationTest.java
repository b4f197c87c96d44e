package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A sync filter with fields of the wrong type is 400, as Synapse's filter schema answers it, on /sync and on upload. */
class SyncFilterValidationTest {
    private static FakeHomeserver fake;
    private static FakeUser bot;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().user("bot", "secret").start();
        bot = fake.user("bot");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"room\":{\"timeline\":{\"limit\":\"ten\"}}}",
        "{\"room\":\"everything\"}",
        "{\"room\":{\"rooms\":\"!a:b\"}}",
        "{\"room\":{\"rooms\":[\"not-a-room-id\"]}}",
        "{\"room\":{\"timeline\":{\"types\":[1,2]}}}",
        "{\"room\":{\"include_leave\":\"yes\"}}",
        "{\"presence\":{\"senders\":[\"bot\"]}}",
        "{\"event_format\":\"xml\"}",
        "{\"event_fields\":\"content.body\"}",
        "{\"unknown_field\":1}",
    })
    void aWrongTypedFilterIsRefused(String filter) throws IOException {
        try (RawClient client = new RawClient(fake)) {
            Map<String, String> auth = Map.of("Authorization", "Bearer " + bot.accessToken(), "Content-Type", "application/json");
            RawClient.Answer sync = client.send("GET", "/_matrix/client/v3/sync?filter="
                    + URLEncoder.encode(filter, StandardCharsets.UTF_8), auth, null);
            assertEquals(400, sync.status(), sync::toString);
            assertEquals("M_UNKNOWN", sync.errcode(), sync::toString);
            assertTrue(sync.text().contains("Invalid filter"), sync::toString);
            RawClient.Answer upload = client.send("POST", "/_matrix/client/v3/user/%40bot%3Alocalhost/filter", auth, filter);
            assertEquals(400, upload.status(), upload::toString);
            assertEquals("M_UNKNOWN", upload.errcode(), upload::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"room\":{\"timeline\":{\"limit\":10,\"types\":[\"m.room.message\"]},\"rooms\":[\"!a:localhost\"]},"
            + "\"presence\":{\"limit\":0},\"event_format\":\"client\",\"event_fields\":[\"content.body\"]}", "{}"})
    void aWellTypedFilterIsTaken(String filter) throws IOException {
        try (RawClient client = new RawClient(fake)) {
            Map<String, String> auth = Map.of("Authorization", "Bearer " + bot.accessToken(), "Content-Type", "application/json");
            assertEquals(200, client.send("GET", "/_matrix/client/v3/sync?filter="
                    + URLEncoder.encode(filter, StandardCharsets.UTF_8), auth, null).status());
            assertEquals(200, client.send("POST", "/_matrix/client/v3/user/%40bot%3Alocalhost/filter", auth, filter).status());
        }
    }
}
