package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An unmatched request is answered and journaled with a hint naming the nearest endpoint and what differs. */
class NearMissHintTest {
    private static FakeHomeserver fake;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().user("bot", "pw").start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void clearJournal() {
        fake.clearRequests();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PUT  | /_matrix/client/v3/rooms/!r:localhost/sendd/m.room.message/t1 | PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId} | 'sendd' where it has 'send'",
        "PUT  | /_matrix/client/v3/rooms/!r:localhost/send/m.room.message/t1/x | PUT /_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId} | extra segment(s) /x",
        "GET  | /_matrix/client/v3/account                                  | GET /_matrix/client/v3/account/whoami                          | missing /whoami",
        "POST | /_matrix/client/v2/login                                    | POST /_matrix/client/v3/login                                  | 'v2' where it has 'v3'",
        "POST | /_matrix/client/v3/rooms/!r:localhost/joinn                 | POST /_matrix/client/v3/rooms/{roomId}/join                    | 'joinn' where it has 'join'",
        "GET  | /_matrix/client/v3/delete_devices/x                         | POST /_matrix/client/v3/delete_devices                         | extra segment(s) /x; it takes POST, not GET",
    })
    void hintNamesTheNearestEndpointAndWhatDiffers(String method, String path, String nearest, String difference) {
        String error = to(fake).request(method, path).then().statusCode(404)
                .body("errcode", equalTo("M_UNRECOGNIZED")).extract().path("error");
        assertTrue(error.contains("nearest endpoint is " + nearest + " (" + difference + ")"), error);
        List<RecordedRequest> unmatched = fake.unmatchedRequests();
        assertEquals(1, unmatched.size());
        assertEquals(error, "Unrecognized request: " + unmatched.get(0).hint());
    }

    @Test
    void aPathFarFromEveryEndpointNamesNone() {
        to(fake).get("/nothing/like/any/endpoint/at/all/here").then().statusCode(404)
                .body("error", equalTo("Unrecognized request: no route for GET /nothing/like/any/endpoint/at/all/here"));
    }

    @Test
    void theJournalFilterFindsUnmatchedRequestsWithTheirHints() {
        as(fake, fake.user("bot")).get("/_matrix/client/v3/account/whoami").then().statusCode(200);
        to(fake).get("/_matrix/client/v3/joined_room").then().statusCode(404);
        to(fake).get("/_fake/v1/requests?unmatched=true").then().statusCode(200)
                .body("requests.size()", equalTo(1))
                .body("requests[0].unmatched", equalTo(true))
                .body("requests[0].hint", containsString("nearest endpoint is GET /_matrix/client/v3/joined_rooms"
                        + " ('joined_room' where it has 'joined_rooms')"));
    }
}
