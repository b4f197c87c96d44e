package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed files, reproducible ids, retention cap, rate limits, device warnings and the port file. */
class SeedConfigTest {
    private static final String SEED = """
            {"server_name": "example.test", "registration_shared_secret": "s3cret",
             "retention_cap": 3, "device_warning_threshold": 2,
             "users": [{"username": "bot", "password": "pw", "device_id": "BOTDEV", "access_token": "fixed-token"},
                       {"username": "alice", "admin": true}],
             "rooms": [{"alias": "alerts", "name": "Alerts", "members": ["bot"]},
                       {"alias": "#private:example.test", "public": false, "invite": ["alice"]}],
             "memberships": [{"user": "alice", "room": "#alerts:example.test"}],
             "faults": [{"method": "GET", "path": "/versions$", "status": 503, "times": 1}]}
            """;

    @Test
    void seedFileBuildsUsersRoomsMembershipsAndFaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.json");
        Files.writeString(file, SEED);
        try (FakeHomeserver fake = FakeHomeserver.builder().seedFile(file).start()) {
            assertEquals("example.test", fake.serverName());
            FakeUser bot = fake.user("bot");
            assertEquals("fixed-token", bot.accessToken());
            assertEquals("BOTDEV", bot.deviceId());
            RoomSummary alerts = fake.room("#alerts:example.test").summary();
            assertEquals(List.of("@bot:example.test", "@alice:example.test"), alerts.members());
            assertEquals("Alerts", alerts.name());
            RoomSummary secret = fake.room("#private:example.test").summary();
            assertEquals(List.of("@alice:example.test"), secret.invited());
            to(fake).get("/_matrix/client/versions").then().statusCode(503);
            to(fake).get("/_matrix/client/versions").then().statusCode(200);
            to(fake).get("/_synapse/admin/v1/register").then().statusCode(200);
        }
    }

    @Test
    void retentionCapDropsTheOldestAndCountsThem(@TempDir Path dir) throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().seedConfig(SeedConfig.parse(SEED)).start()) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:example.test").roomId();
            for (int i = 0; i < 5; i++) {
                as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"n" + i + "\"}")
                        .put("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/c" + i).then().statusCode(200);
            }
            assertEquals(List.of("n2", "n3", "n4"), fake.events(roomId).stream().map(RoomEvent::body).toList());
            assertTrue(fake.room(roomId).summary().droppedEvents() > 0);
            to(fake).get("/_fake/v1/rooms/" + seg(roomId) + "/events").then()
                    .body("dropped_events", equalTo((int) fake.room(roomId).summary().droppedEvents()));
        }
    }

    @Test
    void aTxnIdIsRememberedWhileItsEventIsKeptAndForgottenWithIt() throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().seedConfig(SeedConfig.parse(SEED)).start()) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:example.test").roomId();
            String send = "/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/t";
            List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ids.add(as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"n" + i + "\"}")
                        .put(send + i).then().statusCode(200).extract().path("event_id"));
            }
            assertEquals(ids.get(4), as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"n4\"}")
                    .put(send + 4).then().statusCode(200).extract().path("event_id"), "kept: deduplicated");
            assertEquals(List.of("n2", "n3", "n4"), fake.events(roomId).stream().map(RoomEvent::body).toList());
            String again = as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"n0\"}")
                    .put(send + 0).then().statusCode(200).extract().path("event_id");
            assertNotEquals(ids.get(0), again, "dropped by the cap: its txnId is forgotten too (bounded memory)");
            assertEquals(List.of("n3", "n4", "n0"), fake.events(roomId).stream().map(RoomEvent::body).toList());
        }
    }

    @Test
    void invalidSeedsAreRefusedWithTheReason() {
        IllegalArgumentException unknownField = assertThrows(IllegalArgumentException.class,
                () -> SeedConfig.parse("{\"userz\": []}"));
        assertTrue(unknownField.getMessage().contains("unknown field 'userz'"), unknownField.getMessage());
        IllegalArgumentException badFault = assertThrows(IllegalArgumentException.class,
                () -> SeedConfig.parse("{\"faults\": [{\"status\": 1000}]}"));
        assertTrue(badFault.getMessage().contains("faults[0]"), badFault.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SeedConfig.parse("not json"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> FakeHomeserver.builder().user("bot", "a").user("bot", "b").start());
        assertTrue(twice.getMessage().contains("already taken"), twice.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FakeHomeserver.builder().room("alerts").member("ghost", "alerts").start());
    }

    @Test
    void sameSeedSameIds() {
        List<String> first = ids(42);
        List<String> second = ids(42);
        assertEquals(first, second);
        assertNotEquals(first, ids(43));
    }

    private static List<String> ids(long seed) {
        try (FakeHomeserver fake = FakeHomeserver.builder().seed(seed).user("bot", "pw").room("alerts")
                .member("bot", "alerts").start()) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:localhost").roomId();
            String eventId = as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}")
                    .put("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/1").then().extract().path("event_id");
            var login = to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\"}")
                    .post("/_matrix/client/v3/login").then().extract();
            return List.of(roomId, bot.accessToken(), bot.deviceId(), eventId, login.path("device_id"),
                    login.path("access_token"));
        }
    }

    @Test
    void rateLimiterAnswers429WithRetryAfter() {
        try (FakeHomeserver fake = FakeHomeserver.builder().rateLimit(0.001, 2).user("bot", "pw").start()) {
            String login = "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"bot\"},"
                    + "\"password\":\"pw\"}";
            to(fake).body(login).post("/_matrix/client/v3/login").then().statusCode(200);
            to(fake).body(login).post("/_matrix/client/v3/login").then().statusCode(200);
            to(fake).body(login).post("/_matrix/client/v3/login").then().statusCode(429)
                    .body("errcode", equalTo("M_LIMIT_EXCEEDED"))
                    .body("retry_after_ms", org.hamcrest.Matchers.greaterThan(0));
            // As on Synapse, reads are never rate limited, nor is the control API.
            for (int i = 0; i < 5; i++) {
                to(fake).get("/_matrix/client/versions").then().statusCode(200);
            }
            to(fake).get("/_fake/v1/health").then().statusCode(200);
        }
    }

    @Test
    void deviceWarningWhenAUserLogsInOnEveryRun() {
        try (FakeHomeserver fake = FakeHomeserver.builder().deviceWarningThreshold(3).user("bot", "pw").start()) {
            for (int i = 0; i < 3; i++) {
                to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\"}")
                        .post("/_matrix/client/v3/login").then().statusCode(200);
            }
            assertEquals(1, fake.deviceWarnings().size());
            assertTrue(fake.deviceWarnings().get(0).contains("@bot:localhost has 4 devices"));
            to(fake).get("/_fake/v1/users").then().body("users[0].device_warning", equalTo(true))
                    .body("users[0].device_count", equalTo(4));
            assertTrue(fake.requests().stream().anyMatch(r -> r.warning() != null && r.warning().contains("4 devices")));
        }
    }

    @Test
    void portFileIsWrittenOnceReady(@TempDir Path dir) throws Exception {
        Path portFile = dir.resolve("sub/fake.port");
        try (FakeHomeserver fake = FakeHomeserver.builder().portFile(portFile).start()) {
            assertEquals(Integer.toString(fake.port()), Files.readString(portFile).trim());
            to(fake).get("/_fake/v1/health").then().statusCode(200);
        }
    }
}
