package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client endpoint of the route table, under both prefixes and with the token in the header and in
 * the query: each is routed (never {@code M_UNRECOGNIZED}), each that needs a token accepts it both ways,
 * and each answer is JSON (an error is spec error JSON). The endpoints' behaviour is tested elsewhere.
 */
class EveryClientEndpointTest {
    private static FakeHomeserver fake;
    private static String roomId;

    /** Method, path under the prefix ({@code ROOM}, {@code USER}, {@code DEVICE} filled in), body, needs a token. */
    private record Endpoint(String method, String path, String body, boolean auth) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/login", null, false),
            new Endpoint("POST", "/login", "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\","
                    + "\"user\":\"bot\"},\"password\":\"pw\"}", false),
            new Endpoint("POST", "/refresh", "{\"refresh_token\":\"unknown\"}", false),
            new Endpoint("POST", "/logout", "{}", true),
            new Endpoint("POST", "/logout/all", "{}", true),
            new Endpoint("GET", "/account/whoami", null, true),
            new Endpoint("POST", "/register", "{\"username\":\"x\",\"password\":\"pw\"}", false),
            new Endpoint("GET", "/register/available?username=free", null, false),
            new Endpoint("GET", "/devices", null, true),
            new Endpoint("GET", "/devices/DEVICE", null, true),
            new Endpoint("PUT", "/devices/DEVICE", "{\"display_name\":\"renamed\"}", true),
            new Endpoint("DELETE", "/devices/DEVICE", "{}", true),
            new Endpoint("POST", "/delete_devices", "{\"devices\":[]}", true),
            new Endpoint("POST", "/createRoom", "{}", true),
            new Endpoint("GET", "/directory/room/" + seg("#alerts:localhost"), null, false),
            new Endpoint("POST", "/join/" + seg("#alerts:localhost"), "{}", true),
            new Endpoint("POST", "/rooms/ROOM/join", "{}", true),
            new Endpoint("POST", "/rooms/ROOM/invite", "{\"user_id\":\"@other:localhost\"}", true),
            new Endpoint("POST", "/rooms/ROOM/leave", "{}", true),
            new Endpoint("GET", "/joined_rooms", null, true),
            new Endpoint("PUT", "/rooms/ROOM/send/m.room.message/TXN", "{\"msgtype\":\"m.text\",\"body\":\"hi\"}", true),
            new Endpoint("POST", "/rooms/ROOM/send/m.room.message", "{\"msgtype\":\"m.text\",\"body\":\"hi\"}", true),
            new Endpoint("GET", "/rooms/ROOM/messages?dir=b", null, true),
            new Endpoint("GET", "/rooms/ROOM/state/m.room.create/", null, true),
            new Endpoint("GET", "/rooms/ROOM/joined_members", null, true),
            new Endpoint("GET", "/rooms/ROOM/state/m.room.create", null, true),
            new Endpoint("PUT", "/rooms/ROOM/state/m.room.topic/", "{\"topic\":\"t\"}", true),
            new Endpoint("PUT", "/rooms/ROOM/state/m.room.topic", "{\"topic\":\"t\"}", true),
            new Endpoint("GET", "/sync?timeout=0", null, true),
            new Endpoint("POST", "/keys/upload", "{}", true),
            new Endpoint("POST", "/keys/query", "{\"device_keys\":{\"@bot:localhost\":[]}}", true),
            new Endpoint("POST", "/keys/claim", "{\"one_time_keys\":{\"@bot:localhost\":{\"X\":\"signed_curve25519\"}}}", true),
            new Endpoint("PUT", "/sendToDevice/m.room_key_request/TXN", "{\"messages\":{}}", true),
            new Endpoint("POST", "/user/USER/filter", "{}", true),
            new Endpoint("GET", "/user/USER/filter/0", null, true));

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().deviceWarningThreshold(10_000).user("bot", "pw").user("other", "pw")
                .room("alerts").member("bot", "alerts").start();
        roomId = fake.room("#alerts:localhost").roomId();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (String prefix : List.of("v3", "r0")) {
                for (String transport : endpoint.auth() ? List.of("header", "query") : List.of("none")) {
                    out.add(Arguments.of(endpoint, prefix, transport));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} {0} token in {2}")
    @MethodSource("variants")
    void isRoutedAuthenticatedAndAnswersJson(Endpoint endpoint, String prefix, String transport) {
        // a fresh device per call: /logout and DELETE /devices end the session they are called with
        var login = to(fake).body("{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\","
                + "\"user\":\"bot\"},\"password\":\"pw\"}").post("/_matrix/client/v3/login").then().statusCode(200)
                .extract();
        String token = login.path("access_token");
        String deviceId = login.path("device_id");
        String path = "/_matrix/client/" + prefix + endpoint.path().replace("ROOM", seg(roomId))
                .replace("USER", seg("@bot:localhost")).replace("DEVICE", deviceId)
                .replace("TXN", prefix + transport + System.nanoTime());
        var request = to(fake);
        if (transport.equals("header")) {
            request.header("Authorization", "Bearer " + token);
        } else if (transport.equals("query")) {
            path += (path.contains("?") ? "&" : "?") + "access_token=" + token;
        }
        if (endpoint.body() != null) {
            request.body(endpoint.body());
        }
        Response response = request.request(endpoint.method(), path);
        String answer = response.asString();
        String where = endpoint.method() + " " + path.replace(token, "***") + " -> " + response.statusCode() + " " + answer;
        assertTrue(response.contentType().startsWith("application/json"), where);
        assertFalse(answer.contains("M_UNRECOGNIZED"), where);
        if (endpoint.auth()) {
            assertNotEquals(401, response.statusCode(), where);
        }
        if (response.statusCode() >= 400) {
            assertTrue(answer.contains("\"errcode\"") && answer.contains("\"error\""), where);
        }
    }
}
