package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Room state: read and set through the client API, initial state at creation, encrypted rooms made by the control API. */
class RoomStateTest {
    private static final String V3 = "/_matrix/client/v3";
    private static FakeHomeserver fake;
    private FakeUser bot;
    private FakeUser alice;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().user("bot", "pw").user("alice", "pw2").start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void resetToTheSeed() {
        fake.reset();
        bot = fake.user("bot");
        alice = fake.user("alice");
    }

    private String createRoom(FakeUser creator, String body) {
        return as(fake, creator).body(body).post(V3 + "/createRoom").then().statusCode(200).extract().path("room_id");
    }

    @Test
    void aRoomWithoutEncryptionAnswersNotFoundForItsEncryptionState() {
        String room = createRoom(bot, "{}");
        as(fake, bot).get(V3 + "/rooms/" + seg(room) + "/state/m.room.encryption/").then().statusCode(404)
                .body("errcode", equalTo("M_NOT_FOUND")).body("error", equalTo("Event not found."));
        as(fake, bot).get(V3 + "/rooms/" + seg(room) + "/state/m.room.join_rules/").then().statusCode(200)
                .body("join_rule", equalTo("invite"));
    }

    @Test
    void initialStateSetsEncryptionAtCreation() {
        String room = createRoom(bot, "{\"initial_state\":[{\"type\":\"m.room.encryption\",\"state_key\":\"\","
                + "\"content\":{\"algorithm\":\"m.megolm.v1.aes-sha2\",\"rotation_period_msgs\":5}}]}");
        as(fake, bot).get(V3 + "/rooms/" + seg(room) + "/state/m.room.encryption/").then().statusCode(200)
                .body("algorithm", equalTo("m.megolm.v1.aes-sha2")).body("rotation_period_msgs", equalTo(5));
        as(fake, bot).get("/_matrix/client/r0/rooms/" + seg(room) + "/state/m.room.encryption").then().statusCode(200)
                .body("algorithm", equalTo("m.megolm.v1.aes-sha2"));
    }

    @Test
    void badInitialStateIsRefusedWithWhatIsWrong() {
        as(fake, bot).body("{\"initial_state\":{}}").post(V3 + "/createRoom").then().statusCode(400)
                .body("errcode", equalTo("M_BAD_JSON"));
        as(fake, bot).body("{\"initial_state\":[{\"type\":\"m.room.encryption\",\"content\":7}]}")
                .post(V3 + "/createRoom").then().statusCode(400).body("error", containsString("'content'"));
        as(fake, bot).body("{\"initial_state\":[{\"type\":\"m.room.member\",\"state_key\":\"@alice:localhost\","
                + "\"content\":{\"membership\":\"join\"}}]}").post(V3 + "/createRoom").then().statusCode(400)
                .body("errcode", equalTo("M_INVALID_PARAM"));
    }

    @Test
    void encryptionTurnedOnLaterIsReadBackAndShowsAsAStateEvent() {
        String room = createRoom(bot, "{\"preset\":\"public_chat\"}");
        as(fake, bot).body("{\"algorithm\":\"m.megolm.v1.aes-sha2\"}")
                .put(V3 + "/rooms/" + seg(room) + "/state/m.room.encryption/").then().statusCode(200)
                .body("event_id", startsWith("$"));
        as(fake, bot).get(V3 + "/rooms/" + seg(room) + "/state/m.room.encryption/").then().statusCode(200)
                .body("algorithm", equalTo("m.megolm.v1.aes-sha2"));
        to(fake).get("/_fake/v1/rooms/" + seg(room) + "/events?state=true&type=m.room.encryption").then()
                .statusCode(200).body("events[0].sender", equalTo("@bot:localhost"));
    }

    @Test
    void stateNeedsMembershipToReadAndPowerToSet() {
        String room = createRoom(bot, "{\"preset\":\"public_chat\"}");
        as(fake, alice).get(V3 + "/rooms/" + seg(room) + "/state/m.room.encryption/").then().statusCode(403)
                .body("errcode", equalTo("M_FORBIDDEN"));
        as(fake, alice).body("{}").post(V3 + "/join/" + seg(room)).then().statusCode(200);
        as(fake, alice).body("{\"algorithm\":\"m.megolm.v1.aes-sha2\"}")
                .put(V3 + "/rooms/" + seg(room) + "/state/m.room.encryption/").then().statusCode(403)
                .body("error", containsString("user_level (0) < send_level (50)"));
        as(fake, alice).body("{\"membership\":\"leave\"}")
                .put(V3 + "/rooms/" + seg(room) + "/state/m.room.member/" + seg("@alice:localhost")).then()
                .statusCode(403);
    }

    @Test
    void theControlApiMakesAnEncryptedRoom() {
        String room = to(fake).body("{\"alias\":\"secret\",\"members\":[\"bot\"],\"encrypted\":true}")
                .post("/_fake/v1/rooms").then().statusCode(200).extract().path("room_id");
        as(fake, bot).get(V3 + "/rooms/" + seg(room) + "/state/m.room.encryption/").then().statusCode(200)
                .body("algorithm", equalTo("m.megolm.v1.aes-sha2")).body("rotation_period_msgs", equalTo(100))
                .body("rotation_period_ms", equalTo(604800000));
        String custom = to(fake).body("{\"members\":[\"bot\"],\"encryption\":{\"algorithm\":\"m.megolm.v1.aes-sha2\","
                + "\"rotation_period_msgs\":2}}").post("/_fake/v1/rooms").then().statusCode(200).extract().path("room_id");
        as(fake, bot).get(V3 + "/rooms/" + seg(custom) + "/state/m.room.encryption/").then().statusCode(200)
                .body("rotation_period_msgs", equalTo(2));
        to(fake).body("{\"encryption\":{\"rotation_period_msgs\":2}}").post("/_fake/v1/rooms").then().statusCode(400)
                .body("error", containsString("algorithm"));
    }
}
