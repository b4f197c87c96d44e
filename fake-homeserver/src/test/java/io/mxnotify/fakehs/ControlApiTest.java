package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inspection and control API under /_fake/v1, and its Java counterparts. */
class ControlApiTest {
    private static FakeHomeserver fake;
    private FakeUser bot;
    private String roomId;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().user("bot", "pw").room("alerts").member("bot", "alerts").start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        to(fake).post("/_fake/v1/reset").then().statusCode(200);
        bot = fake.user("bot");
        roomId = fake.room("#alerts:localhost").roomId();
    }

    private void send(String txnId, String body) {
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"" + body + "\"}")
                .put("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/" + txnId).then().statusCode(200);
    }

    @Test
    void health() {
        to(fake).get("/_fake/v1/health").then().statusCode(200).body("status", equalTo("ok"))
                .body("server_name", equalTo("localhost")).body("base_url", equalTo(fake.baseUrl()))
                .body("profile", equalTo("synapse"));
    }

    @Test
    void createUsersAndRoomsThenListThem() {
        var user = to(fake).body("{\"username\":\"carol\",\"password\":\"pw\"}").post("/_fake/v1/users").then()
                .statusCode(200).body("user_id", equalTo("@carol:localhost")).body("device_id", notNullValue())
                .extract();
        as(fake, new FakeUser("@carol:localhost", user.path("access_token"), user.path("device_id"), "pw"))
                .get("/_matrix/client/v3/account/whoami").then().statusCode(200);
        to(fake).body("{\"username\":\"carol\"}").post("/_fake/v1/users").then().statusCode(400)
                .body("errcode", equalTo("M_USER_IN_USE"));
        String created = to(fake).body("{\"alias\":\"builds\",\"public\":false,\"name\":\"Builds\",\"members\":[\"carol\"]}")
                .post("/_fake/v1/rooms").then().statusCode(200).body("alias", equalTo("#builds:localhost"))
                .extract().path("room_id");
        to(fake).get("/_fake/v1/rooms").then().statusCode(200)
                .body("rooms.room_id", hasItem(created))
                .body("rooms.find { it.room_id == '" + created + "' }.members", equalTo(List.of("@carol:localhost")))
                .body("rooms.find { it.room_id == '" + created + "' }.public", equalTo(false))
                .body("rooms.find { it.room_id == '" + created + "' }.name", equalTo("Builds"));
        to(fake).body("{\"user_id\":\"bot\"}").post("/_fake/v1/rooms/" + seg("#builds:localhost") + "/members").then()
                .statusCode(200).body("user_id", equalTo("@bot:localhost"));
        to(fake).get("/_fake/v1/rooms/" + seg(created)).then().statusCode(200)
                .body("members", equalTo(List.of("@carol:localhost", "@bot:localhost")));
        to(fake).get("/_fake/v1/users").then().statusCode(200)
                .body("users.user_id", hasItem("@carol:localhost"))
                .body("users.find { it.user_id == '@carol:localhost' }.devices[0].created_by", equalTo("control-api"));
    }

    @Test
    void eventsAreOldestFirstAndStateOnlyOnRequest() {
        send("a", "first");
        send("b", "second");
        to(fake).get("/_fake/v1/rooms/" + seg("#alerts:localhost") + "/events").then().statusCode(200)
                .body("room_id", equalTo(roomId))
                .body("events.content.body", equalTo(List.of("first", "second")))
                .body("events[0].origin_server_ts", notNullValue())
                .body("events[0].event_id", startsWith("$"));
        to(fake).get("/_fake/v1/rooms/" + seg(roomId) + "/events?state=true").then().statusCode(200)
                .body("events[0].type", equalTo("m.room.create"));
        to(fake).get("/_fake/v1/rooms/" + seg(roomId) + "/events?body_contains=sec").then()
                .body("events.size()", equalTo(1));
        to(fake).get("/_fake/v1/rooms/" + seg("#missing:localhost") + "/events").then().statusCode(404)
                .body("errcode", equalTo("M_NOT_FOUND"));
        to(fake).get("/_fake/v1/rooms/" + seg(roomId) + "/events/latest").then().statusCode(200)
                .body("content.body", equalTo("second"));
        assertEquals("second", fake.room(roomId).latestEvent().orElseThrow().body());
    }

    @Test
    void waitingAnswersAsSoonAsTheEventArrivesFromAnotherThread() throws Exception {
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() ->
                to(fake).get("/_fake/v1/rooms/" + seg(roomId) + "/events?min=1&timeout_ms=60000&sender="
                        + seg("@bot:localhost")).then().statusCode(200).extract().asString());
        CompletableFuture<List<RoomEvent>> javaWaiting = CompletableFuture.supplyAsync(() ->
                fake.room("#alerts:localhost").awaitEvents(1, Duration.ofSeconds(60)));
        send("w", "arrived");
        String body = waiting.get(60, TimeUnit.SECONDS);
        assertTrue(body.contains("\"timed_out\":false"), body);
        assertTrue(body.contains("arrived"), body);
        assertEquals("arrived", javaWaiting.get(60, TimeUnit.SECONDS).get(0).body());
    }

    @Test
    void waitingTimesOutWithWhatIsThere() {
        send("t", "only one");
        to(fake).get("/_fake/v1/rooms/" + seg(roomId) + "/events?min=2&timeout_ms=10").then().statusCode(200)
                .body("timed_out", equalTo(true)).body("events.size()", equalTo(1));
        AssertionError error = assertThrows(AssertionError.class,
                () -> fake.room(roomId).awaitEvents(2, Duration.ofMillis(10)));
        assertTrue(error.getMessage().contains("only one"), error.getMessage());
        to(fake).get("/_fake/v1/rooms/" + seg(roomId) + "/events?min=x").then().statusCode(400)
                .body("errcode", equalTo("M_INVALID_PARAM"));
    }

    @Test
    void clearRoomKeepsMembers() {
        send("c", "gone soon");
        to(fake).delete("/_fake/v1/rooms/" + seg(roomId) + "/events").then().statusCode(200);
        assertEquals(0, fake.events(roomId).size());
        assertEquals(List.of("@bot:localhost"), fake.room(roomId).summary().members());
    }

    @Test
    void resetBringsBackTheSeedWithTheSameIdsAndTokens() {
        String token = bot.accessToken();
        fake.createUser("temp", "pw");
        send("r", "before reset");
        to(fake).post("/_fake/v1/reset").then().statusCode(200);
        assertEquals(roomId, fake.room("#alerts:localhost").roomId());
        assertEquals(0, fake.events(roomId).size());
        assertEquals(token, fake.user("bot").accessToken());
        to(fake).get("/_fake/v1/users").then().body("users.user_id", equalTo(List.of("@bot:localhost")));
    }

    @Test
    void journalBodiesAreMaskedWhenReadEvenWhenTheSecretsNameIsEscaped() {
        String path = "/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/";
        as(fake, bot).body("{ \"msgtype\" : \"m.notice\",  \"body\" : \"spaced\" }").put(path + "lazy1").then().statusCode(200);
        as(fake, bot).body("{\"msgtype\":\"m.notice\",\"body\":\"x\",\"pass\\u0077ord\":\"hunter2\"}").put(path + "lazy2")
                .then().statusCode(200);
        List<String> bodies = to(fake).get("/_fake/v1/requests?method=PUT").then().statusCode(200).extract().path("requests.body");
        assertEquals("{\"msgtype\":\"m.notice\",\"body\":\"spaced\"}", bodies.get(bodies.size() - 2));
        assertEquals("{\"msgtype\":\"m.notice\",\"body\":\"x\",\"password\":\"***\"}", bodies.get(bodies.size() - 1));
    }

    @Test
    void journalRecordsFiltersAndMasksSecrets() {
        to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\"}")
                .post("/_matrix/client/v3/login").then().statusCode(200);
        send("j1", "journaled");
        to(fake).get("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/j2").then().statusCode(405);
        to(fake).get("/_fake/v1/requests?path=/login").then().statusCode(200)
                .body("requests.size()", equalTo(1))
                .body("requests[0].body", containsString("\"password\":\"***\""))
                .body("requests[0].status", equalTo(200));
        to(fake).get("/_fake/v1/requests?method=PUT").then()
                .body("requests[0].txn_id", equalTo("j1")).body("requests[0].user_id", equalTo("@bot:localhost"))
                .body("requests[0].device_id", equalTo(bot.deviceId()))
                .body("requests[0].endpoint", equalTo("/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}"));
        to(fake).get("/_fake/v1/requests?unmatched=true").then()
                .body("requests.size()", equalTo(1))
                .body("requests[0].hint", containsString("this path takes PUT"));
        int last = to(fake).get("/_fake/v1/requests?status=405").then().extract().path("requests[0].seq");
        to(fake).get("/_fake/v1/requests?since=" + last + "&path=%5E%2F_matrix").then().body("requests.size()", equalTo(0));
        to(fake).get("/_fake/v1/requests?path=(").then().statusCode(400).body("errcode", equalTo("M_INVALID_PARAM"));
        to(fake).get("/_matrix/client/v3/account/whoami?access_token=" + bot.accessToken()).then().statusCode(200);
        String query = to(fake).get("/_fake/v1/requests?path=whoami").then().extract().path("requests[0].query");
        assertEquals("access_token=***", query);
        to(fake).delete("/_fake/v1/requests").then().statusCode(200);
        assertTrue(fake.requests().stream().noneMatch(r -> r.path().contains("whoami")));
    }

    @Test
    void metricsInPrometheusText() {
        send("m", "counted");
        String text = to(fake).get("/_fake/v1/metrics").then().statusCode(200)
                .contentType(startsWith("text/plain")).extract().asString();
        assertTrue(text.contains("mxnotify_fake_requests_total{method=\"PUT\",endpoint=\"/_matrix/client/v3/rooms/{roomId}"
                + "/send/{eventType}/{txnId}\",status=\"200\"}"), text);
        assertTrue(text.contains("# TYPE mxnotify_fake_events_stored_total counter"), text);
        assertTrue(text.contains("mxnotify_fake_faults_fired_total{kind=\"drop_after\"} 0"), text);
    }

    @Test
    void unknownControlRoutesAreSpecErrors() {
        to(fake).get("/_fake/v1/nothing").then().statusCode(404).body("errcode", equalTo("M_UNRECOGNIZED"));
        to(fake).body("{\"alias\":\"bad alias\"}").post("/_fake/v1/rooms").then().statusCode(400)
                .body("errcode", equalTo("M_INVALID_PARAM"));
        to(fake).body("{\"alias\":\"alerts\"}").post("/_fake/v1/rooms").then().statusCode(400)
                .body("errcode", equalTo("M_ROOM_IN_USE"));
    }
}
