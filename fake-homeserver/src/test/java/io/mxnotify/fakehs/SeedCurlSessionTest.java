package io.mxnotify.fakehs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The curl session of the seed texts, replayed: log in on an r0 path with the legacy {@code user}
 * field, join with {@code %21} in the room id and the token in the query, then send.
 */
class SeedCurlSessionTest {
    private static FakeHomeserver fake;
    private static String roomId;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().user("newusername", "very-secure-password1").room("alerts").start();
        roomId = fake.room("#alerts:localhost").roomId();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void loginWithLegacyUserJoinWithEscapedBangAndQueryTokenThenSend() {
        String token = given().baseUri(fake.baseUrl()).urlEncodingEnabled(false)
                .body("{\"type\":\"m.login.password\", \"user\":\"newusername\", \"password\":\"very-secure-password1\"}")
                .post("/_matrix/client/r0/login")
                .then().statusCode(200)
                .body("user_id", equalTo("@newusername:localhost"))
                .body("device_id", notNullValue())
                .body("home_server", equalTo("localhost"))
                .extract().path("access_token");

        String escapedRoom = roomId.replace("!", "%21");
        given().baseUri(fake.baseUrl()).urlEncodingEnabled(false).body("")
                .post("/_matrix/client/r0/rooms/" + escapedRoom + "/join?access_token=" + token)
                .then().statusCode(200).body("room_id", equalTo(roomId));

        given().baseUri(fake.baseUrl()).urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body("{\"msgtype\":\"m.text\",\"body\":\"disk 91% full\"}")
                .put("/_matrix/client/r0/rooms/" + escapedRoom + "/send/m.room.message/txn1?access_token=" + token)
                .then().statusCode(200).body("event_id", notNullValue());

        List<RoomEvent> events = fake.room("#alerts:localhost").awaitEvents(1, Duration.ofSeconds(5));
        assertEquals("disk 91% full", events.get(0).body());
        given().baseUri(fake.baseUrl()).urlEncodingEnabled(false)
                .get("/_fake/v1/rooms/%23alerts%3Alocalhost/events")
                .then().statusCode(200)
                .body("events[0].content.body", equalTo("disk 91% full"))
                .body("events[0].sender", equalTo("@newusername:localhost"))
                .body("events[0].txn_id", equalTo("txn1"));
    }

    @Test
    void theStrictProfileRefusesTheSessionSayingWhy() {
        try (FakeHomeserver strict = FakeHomeserver.builder().profile(Profile.STRICT)
                .user("newusername", "very-secure-password1").room("alerts").start()) {
            given().baseUri(strict.baseUrl()).urlEncodingEnabled(false)
                    .body("{\"type\":\"m.login.password\", \"user\":\"newusername\", \"password\":\"very-secure-password1\"}")
                    .post("/_matrix/client/r0/login")
                    .then().statusCode(404).body("errcode", equalTo("M_UNRECOGNIZED"))
                    .body("error", containsString("strict profile (rule: no r0 prefix)"));
            given().baseUri(strict.baseUrl()).urlEncodingEnabled(false)
                    .body("{\"type\":\"m.login.password\", \"user\":\"newusername\", \"password\":\"very-secure-password1\"}")
                    .post("/_matrix/client/v3/login")
                    .then().statusCode(400).body("error", containsString("rule: no legacy login 'user'"));
            String room = strict.room("#alerts:localhost").roomId().replace("!", "%21");
            given().baseUri(strict.baseUrl()).urlEncodingEnabled(false).body("")
                    .post("/_matrix/client/v3/rooms/" + room + "/join?access_token=" + strict.user("newusername").accessToken())
                    .then().statusCode(400).body("error", containsString("rule: join needs a JSON object body"));
        }
    }
}
