package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Matrix client API subset, under both prefixes and with both token transports. */
class ClientApiTest {
    private static FakeHomeserver fake;
    private FakeUser bot;
    private String roomId;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().user("bot", "pw").user("alice", "pw2").room("alerts").start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void resetToTheSeed() {
        fake.reset();
        bot = fake.user("bot");
        roomId = fake.room("#alerts:localhost").roomId();
    }

    private RequestSpecification withToken(String transport, FakeUser user) {
        return transport.equals("header") ? as(fake, user) : to(fake);
    }

    private static String tokenQuery(String transport, FakeUser user) {
        return transport.equals("query") ? "?access_token=" + user.accessToken() : "";
    }

    @Test
    void wellKnownAndVersions() {
        to(fake).get("/.well-known/matrix/client").then().statusCode(200)
                .body("'m.homeserver'.base_url", equalTo(fake.baseUrl()));
        to(fake).get("/_matrix/client/versions").then().statusCode(200)
                .body("versions", hasItem("v1.11")).body("versions", hasItem("r0.6.1"))
                .body("unstable_features", notNullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "r0"})
    void loginFlowsAndPasswordLoginWithIdentifier(String prefix) {
        to(fake).get("/_matrix/client/" + prefix + "/login").then().statusCode(200)
                .body("flows[0].type", equalTo("m.login.password"));
        to(fake).body("{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"@bot:localhost\"},"
                        + "\"password\":\"pw\"}")
                .post("/_matrix/client/" + prefix + "/login").then().statusCode(200)
                .body("user_id", equalTo("@bot:localhost"))
                .body("access_token", startsWith("syt_"))
                .body("well_known.'m.homeserver'.base_url", equalTo(fake.baseUrl()));
    }

    @Test
    void loginWithKnownDeviceIdReusesThatDevice() {
        String body = "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"bot\"},"
                + "\"password\":\"pw\",\"device_id\":\"NOTIFIER\"}";
        String first = to(fake).body(body).post("/_matrix/client/v3/login").then().statusCode(200)
                .body("device_id", equalTo("NOTIFIER")).extract().path("access_token");
        String second = to(fake).body(body).post("/_matrix/client/v3/login").then().statusCode(200)
                .body("device_id", equalTo("NOTIFIER")).extract().path("access_token");
        assertNotEquals(first, second);
        assertEquals(2, countDevices("@bot:localhost"), "the seed device and NOTIFIER");
    }

    private long countDevices(String userId) {
        List<Object> devices = to(fake).get("/_fake/v1/users").then().extract()
                .path("users.find { it.user_id == '" + userId + "' }.devices");
        return devices.size();
    }

    @Test
    void loginErrors() {
        to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"wrong\"}")
                .post("/_matrix/client/v3/login").then().statusCode(403).body("errcode", equalTo("M_FORBIDDEN"));
        to(fake).body("{\"type\":\"m.login.password\",\"user\":\"nobody\",\"password\":\"pw\"}")
                .post("/_matrix/client/v3/login").then().statusCode(403).body("errcode", equalTo("M_FORBIDDEN"));
        // Synapse's order: no identifier (nor legacy user) is M_INVALID_PARAM before the type is looked at.
        to(fake).body("{\"type\":\"m.login.sso\"}")
                .post("/_matrix/client/v3/login").then().statusCode(400).body("errcode", equalTo("M_INVALID_PARAM"));
        to(fake).body("{\"type\":\"m.login.sso\",\"user\":\"bot\"}")
                .post("/_matrix/client/v3/login").then().statusCode(400).body("errcode", equalTo("M_UNKNOWN"));
        to(fake).body("{\"type\":\"m.login.password\",\"password\":\"pw\"}")
                .post("/_matrix/client/v3/login").then().statusCode(400).body("errcode", equalTo("M_INVALID_PARAM"));
        to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\"}")
                .post("/_matrix/client/v3/login").then().statusCode(400).body("errcode", equalTo("M_INVALID_PARAM"))
                .body("error", containsString("Bad parameter: password"));
        to(fake).body("{\"type\":").post("/_matrix/client/v3/login").then().statusCode(400)
                .body("errcode", equalTo("M_NOT_JSON"));
        to(fake).body("[1]").post("/_matrix/client/v3/login").then().statusCode(400)
                .body("errcode", equalTo("M_BAD_JSON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"header", "query"})
    void whoamiWithEitherTokenTransport(String transport) {
        withToken(transport, bot).get("/_matrix/client/v3/account/whoami" + tokenQuery(transport, bot))
                .then().statusCode(200).body("user_id", equalTo("@bot:localhost"))
                .body("device_id", equalTo(bot.deviceId())).body("is_guest", equalTo(false));
    }

    @Test
    void tokenErrors() {
        to(fake).get("/_matrix/client/v3/account/whoami").then().statusCode(401)
                .body("errcode", equalTo("M_MISSING_TOKEN"));
        to(fake).header("Authorization", "Bearer nope").get("/_matrix/client/v3/account/whoami").then().statusCode(401)
                .body("errcode", equalTo("M_UNKNOWN_TOKEN")).body("soft_logout", equalTo(false));
        to(fake).header("Authorization", "Basic abc").get("/_matrix/client/v3/account/whoami").then().statusCode(401)
                .body("errcode", equalTo("M_MISSING_TOKEN"));
        as(fake, bot).get("/_matrix/client/v3/account/whoami?access_token=" + bot.accessToken()).then().statusCode(401)
                .body("errcode", equalTo("M_MISSING_TOKEN")).body("error", containsString("Mixing"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3/header", "v3/query", "r0/header", "r0/query"})
    void joinSendAndIdempotentRetry(String variant) {
        String prefix = variant.substring(0, 2);
        String transport = variant.substring(3);
        String base = "/_matrix/client/" + prefix;
        withToken(transport, bot).body("{}").post(base + "/join/" + seg("#alerts:localhost") + tokenQuery(transport, bot))
                .then().statusCode(200).body("room_id", equalTo(roomId));
        String send = base + "/rooms/" + seg(roomId) + "/send/m.room.message/t1" + tokenQuery(transport, bot);
        String first = withToken(transport, bot).body("{\"msgtype\":\"m.notice\",\"body\":\"hi\"}").put(send)
                .then().statusCode(200).extract().path("event_id");
        String again = withToken(transport, bot).body("{\"msgtype\":\"m.notice\",\"body\":\"hi\"}").put(send)
                .then().statusCode(200).extract().path("event_id");
        assertEquals(first, again);
        assertEquals(1, fake.events(roomId).size());
        to(fake).get("/_fake/v1/rooms/" + seg(roomId) + "/events").then().statusCode(200)
                .body("events.size()", equalTo(1)).body("events[0].event_id", equalTo(first))
                .body("events[0].txn_id", equalTo("t1")).body("events[0].type", equalTo("m.room.message"));
    }

    @Test
    void sameTxnIdOnAnotherDeviceIsANewEvent() {
        fake.join("bot", roomId);
        String other = to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\"}")
                .post("/_matrix/client/v3/login").then().extract().path("access_token");
        String path = "/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/same";
        String a = as(fake, bot).body("{\"body\":\"a\",\"msgtype\":\"m.text\"}").put(path).then().statusCode(200)
                .extract().path("event_id");
        String b = to(fake).header("Authorization", "Bearer " + other).body("{\"body\":\"b\",\"msgtype\":\"m.text\"}")
                .put(path).then().statusCode(200).extract().path("event_id");
        assertNotEquals(a, b);
        assertEquals(2, fake.events(roomId).size());
    }

    @Test
    void sendRules() {
        String path = "/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/";
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}").put(path + "1").then().statusCode(403)
                .body("errcode", equalTo("M_FORBIDDEN"));
        fake.join("bot", roomId);
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"" + "x".repeat(70_000) + "\"}").put(path + "2").then().statusCode(413)
                .body("errcode", equalTo("M_TOO_LARGE"));
        as(fake, bot).body("not json").put(path + "3").then().statusCode(400).body("errcode", equalTo("M_NOT_JSON"));
        as(fake, bot).body("\"text\"").put(path + "4").then().statusCode(400).body("errcode", equalTo("M_BAD_JSON"));
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}").put("/_matrix/client/v3/rooms/" + seg("!nope:localhost")
                + "/send/m.room.message/5").then().statusCode(403).body("errcode", equalTo("M_FORBIDDEN"));
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"x\"}").put("/_matrix/client/v3/rooms/" + seg("#alerts:localhost")
                + "/send/m.room.message/6").then().statusCode(400).body("errcode", equalTo("M_INVALID_PARAM"));
        assertEquals(0, fake.events(roomId).size());
    }

    @Test
    void legacyPostSendWithoutTxnIdStoresEachTime() {
        fake.join("bot", roomId);
        String path = "/_matrix/client/r0/rooms/" + seg(roomId) + "/send/m.room.message";
        as(fake, bot).body("{\"body\":\"one\",\"msgtype\":\"m.text\"}").post(path).then().statusCode(200)
                .body("event_id", startsWith("$"));
        as(fake, bot).body("{\"body\":\"one\",\"msgtype\":\"m.text\"}").post(path).then().statusCode(200);
        assertEquals(2, fake.events(roomId).size());
    }

    @Test
    void createRoomWithAliasInviteAndPresetThenDirectoryInviteJoinAndJoinedRooms() {
        FakeUser alice = fake.user("alice");
        String created = as(fake, bot).body("{\"room_alias_name\":\"ops\",\"name\":\"Ops\",\"preset\":\"private_chat\","
                        + "\"invite\":[\"@alice:localhost\"]}")
                .post("/_matrix/client/v3/createRoom").then().statusCode(200)
                .body("room_alias", nullValue()).extract().path("room_id");
        as(fake, bot).body("{\"room_alias_name\":\"ops\"}").post("/_matrix/client/v3/createRoom").then()
                .statusCode(400).body("errcode", equalTo("M_ROOM_IN_USE"));
        to(fake).get("/_matrix/client/v3/directory/room/" + seg("#ops:localhost")).then().statusCode(200)
                .body("room_id", equalTo(created)).body("servers", hasItem("localhost"));
        to(fake).get("/_matrix/client/v3/directory/room/" + seg("#none:localhost")).then().statusCode(404)
                .body("errcode", equalTo("M_NOT_FOUND"));
        as(fake, alice).post("/_matrix/client/v3/rooms/" + seg(created) + "/join").then().statusCode(200);
        FakeUser carol = fake.createUser("carol", "pw3");
        as(fake, carol).post("/_matrix/client/v3/join/" + seg("#ops:localhost")).then().statusCode(403)
                .body("errcode", equalTo("M_FORBIDDEN"));
        as(fake, carol).body("{\"user_id\":\"@bot:localhost\"}").post("/_matrix/client/v3/rooms/" + seg(created)
                + "/invite").then().statusCode(403).body("errcode", equalTo("M_FORBIDDEN"));
        as(fake, bot).body("{\"user_id\":\"@carol:localhost\"}").post("/_matrix/client/v3/rooms/" + seg(created)
                + "/invite").then().statusCode(200);
        as(fake, carol).post("/_matrix/client/v3/join/" + seg("#ops:localhost")).then().statusCode(200)
                .body("room_id", equalTo(created));
        as(fake, carol).get("/_matrix/client/v3/joined_rooms").then().statusCode(200)
                .body("joined_rooms", equalTo(List.of(created)));
        as(fake, carol).post("/_matrix/client/v3/rooms/" + seg(created) + "/leave").then().statusCode(200);
        as(fake, carol).get("/_matrix/client/v3/joined_rooms").then().body("joined_rooms.size()", equalTo(0));
    }

    @Test
    void joinUnknownRoomIsNotFound() {
        as(fake, bot).post("/_matrix/client/v3/join/" + seg("!missing:localhost")).then().statusCode(404)
                .body("errcode", equalTo("M_NOT_FOUND"));
        as(fake, bot).post("/_matrix/client/v3/join/" + seg("#missing:localhost")).then().statusCode(404)
                .body("errcode", equalTo("M_NOT_FOUND"));
    }

    @Test
    void messagesPaginateBackwardsAndForwards() {
        fake.join("bot", roomId);
        for (int i = 1; i <= 5; i++) {
            as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"m" + i + "\"}")
                    .put("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/p" + i).then().statusCode(200);
        }
        String path = "/_matrix/client/v3/rooms/" + seg(roomId) + "/messages";
        var first = as(fake, bot).get(path + "?dir=b&limit=2").then().statusCode(200)
                .body("chunk.content.body", equalTo(List.of("m5", "m4"))).body("$", hasKey("end")).extract();
        String end = first.path("end");
        as(fake, bot).get(path + "?dir=b&limit=2&from=" + end).then().statusCode(200)
                .body("chunk.content.body", equalTo(List.of("m3", "m2")));
        as(fake, bot).get(path + "?dir=f&limit=100").then().statusCode(200)
                .body("chunk.findAll { it.type == 'm.room.message' }.content.body",
                        equalTo(List.of("m1", "m2", "m3", "m4", "m5")))
                .body("$", not(hasKey("end")));
        as(fake, bot).get(path + "?dir=x").then().statusCode(400).body("errcode", equalTo("M_INVALID_PARAM"));
        as(fake, bot).get(path + "?dir=b&from=bogus").then().statusCode(400).body("errcode", equalTo("M_INVALID_PARAM"));
        FakeUser alice = fake.user("alice");
        as(fake, alice).get(path + "?dir=b").then().statusCode(403).body("errcode", equalTo("M_FORBIDDEN"));
    }

    @Test
    void logoutInvalidatesTheTokenAndDeletesTheDevice() {
        as(fake, bot).post("/_matrix/client/v3/logout").then().statusCode(200);
        as(fake, bot).get("/_matrix/client/v3/account/whoami").then().statusCode(401)
                .body("errcode", equalTo("M_UNKNOWN_TOKEN"));
    }

    @Test
    void logoutAllInvalidatesEveryToken() {
        FakeUser second = fake.user("bot");
        String other = to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\"}")
                .post("/_matrix/client/v3/login").then().extract().path("access_token");
        as(fake, second).post("/_matrix/client/v3/logout/all").then().statusCode(200);
        to(fake).header("Authorization", "Bearer " + other).get("/_matrix/client/v3/account/whoami").then()
                .statusCode(401);
    }

    @Test
    void unknownEndpointsAndMethods() {
        to(fake).get("/_matrix/client/v3/nothing").then().statusCode(404).body("errcode", equalTo("M_UNRECOGNIZED"));
        to(fake).get("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/t1").then().statusCode(405)
                .body("errcode", equalTo("M_UNRECOGNIZED")).body("error", containsString("PUT"));
        to(fake).get("/nothing").then().statusCode(404).body("errcode", equalTo("M_UNRECOGNIZED")); // GET / is the inbox
        to(fake).delete("/_matrix/client/v3/login").then().statusCode(405).body("errcode", equalTo("M_UNRECOGNIZED"));
    }

    @Test
    void syncReturnsTimelineAndLongPollsForNewEvents() throws Exception {
        fake.join("bot", roomId);
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"before\"}")
                .put("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/s1").then().statusCode(200);
        var initial = as(fake, bot).get("/_matrix/client/v3/sync").then().statusCode(200)
                .body("rooms.join.'" + roomId + "'.timeline.events.content.body", hasItem("before")).extract();
        String since = initial.path("next_batch");
        as(fake, bot).get("/_matrix/client/v3/sync?since=" + since + "&timeout=0").then().statusCode(200)
                .body("rooms.join.size()", equalTo(0)).body("next_batch", equalTo(since));
        java.util.concurrent.CompletableFuture<String> poll = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                as(fake, bot).get("/_matrix/client/v3/sync?since=" + since + "&timeout=30000").then().statusCode(200)
                        .extract().asString());
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"after\"}")
                .put("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/s2").then().statusCode(200);
        String body = poll.get(60, java.util.concurrent.TimeUnit.SECONDS);
        org.hamcrest.MatcherAssert.assertThat(body, containsString("\"after\""));
        org.hamcrest.MatcherAssert.assertThat(body, not(containsString("\"before\"")));
    }

    @Test
    void syncShowsAnInviteThenTheJoinedRoomWithItsState() {
        FakeUser alice = fake.user("alice");
        String since = as(fake, alice).get("/_matrix/client/v3/sync").then().statusCode(200).extract().path("next_batch");
        String created = as(fake, bot).body("{\"preset\":\"private_chat\",\"name\":\"Ops\",\"invite\":[\"@alice:localhost\"]}")
                .post("/_matrix/client/v3/createRoom").then().statusCode(200).extract().path("room_id");
        String afterInvite = as(fake, alice).get("/_matrix/client/v3/sync?timeout=30000&since=" + since).then().statusCode(200)
                .body("rooms.invite.'" + created + "'.invite_state.events.type", hasItem("m.room.name"))
                .extract().path("next_batch");
        as(fake, alice).body("{}").post("/_matrix/client/v3/join/" + seg(created)).then().statusCode(200);
        as(fake, alice).get("/_matrix/client/v3/sync?timeout=30000&since=" + afterInvite).then().statusCode(200)
                .body("rooms.join.'" + created + "'.timeline.events.state_key", hasItem("@alice:localhost"))
                .body("rooms.join.'" + created + "'.state.events.type", hasItem("m.room.create"));
    }

    @Test
    void filterUploadAndUse() {
        String filterId = as(fake, bot).body("{\"room\":{\"timeline\":{\"limit\":1}}}")
                .post("/_matrix/client/v3/user/" + seg("@bot:localhost") + "/filter").then().statusCode(200)
                .extract().path("filter_id");
        fake.join("bot", roomId);
        as(fake, bot).get("/_matrix/client/v3/sync?filter=" + filterId).then().statusCode(200)
                .body("rooms.join.'" + roomId + "'.timeline.events.size()", equalTo(1))
                .body("rooms.join.'" + roomId + "'.timeline.limited", equalTo(true));
    }

    @Test
    void devicesListGetRenameDelete() {
        as(fake, bot).get("/_matrix/client/v3/devices").then().statusCode(200)
                .body("devices.device_id", hasItem(bot.deviceId()));
        as(fake, bot).body("{\"display_name\":\"cron\"}").put("/_matrix/client/v3/devices/" + bot.deviceId())
                .then().statusCode(200);
        as(fake, bot).get("/_matrix/client/v3/devices/" + bot.deviceId()).then().statusCode(200)
                .body("display_name", equalTo("cron"));
        as(fake, bot).get("/_matrix/client/v3/devices/NOPE").then().statusCode(404).body("errcode", equalTo("M_NOT_FOUND"));
        String other = to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\",\"device_id\":\"OLD\"}")
                .post("/_matrix/client/v3/login").then().extract().path("access_token");
        as(fake, bot).body("{}").delete("/_matrix/client/v3/devices/OLD").then().statusCode(200);
        to(fake).header("Authorization", "Bearer " + other).get("/_matrix/client/v3/account/whoami").then().statusCode(401);
        as(fake, bot).body("{\"devices\":[\"" + bot.deviceId() + "\"]}").post("/_matrix/client/v3/delete_devices")
                .then().statusCode(200);
        as(fake, bot).get("/_matrix/client/v3/account/whoami").then().statusCode(401);
    }

    @Test
    void corsPreflightIsAnswered() {
        to(fake).options("/_matrix/client/v3/login").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*");
    }
}
