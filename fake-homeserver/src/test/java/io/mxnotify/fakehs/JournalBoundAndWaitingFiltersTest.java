package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The journal's bound, and the waiting filters not covered by ControlApiTest: type, latest with a timeout. */
class JournalBoundAndWaitingFiltersTest {

    private static void send(FakeHomeserver fake, String type, String txnId, String body) {
        FakeUser bot = fake.user("bot");
        String roomId = fake.room("#alerts:localhost").roomId();
        as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"" + body + "\"}")
                .put("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/" + type + "/" + txnId).then().statusCode(200);
    }

    @Test
    void theJournalKeepsTheNewestEntriesUpToTheRetentionCapAndCountsTheRest() {
        try (FakeHomeserver fake = FakeHomeserver.builder().retentionCap(5).start()) {
            for (int i = 0; i < 8; i++) {
                to(fake).get("/_matrix/client/versions?n=" + i).then().statusCode(200);
            }
            List<RecordedRequest> requests = fake.requests();
            assertEquals(5, requests.size());
            assertEquals("n=7", requests.get(requests.size() - 1).query());
            assertTrue(requests.get(0).seq() > 1, "the oldest entries were dropped");
            String metrics = to(fake).get("/_fake/v1/metrics").then().statusCode(200).extract().asString();
            assertTrue(metrics.contains("mxnotify_fake_journal_dropped_total 3"), metrics);
        }
    }

    @Test
    void eventsFilterByTypeAndLatestWaitsForAMatchingEvent() throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().user("bot", "pw").room("alerts").member("bot", "alerts")
                .start()) {
            String room = "/_fake/v1/rooms/" + seg("#alerts:localhost") + "/events";
            send(fake, "m.room.message", "1", "plain");
            send(fake, "com.example.alert", "2", "custom");
            to(fake).get(room + "?type=com.example.alert").then().statusCode(200)
                    .body("events.size()", equalTo(1)).body("events[0].content.body", equalTo("custom"));
            to(fake).get(room + "/latest?type=m.room.message").then().statusCode(200)
                    .body("content.body", equalTo("plain"));
            to(fake).get(room + "/latest?body_contains=later&timeout_ms=10").then().statusCode(404)
                    .body("errcode", equalTo("M_NOT_FOUND")).body("error", containsString("after waiting 10 ms"));

            CompletableFuture<String> latest = CompletableFuture.supplyAsync(() ->
                    to(fake).get(room + "/latest?body_contains=later&timeout_ms=60000").then().statusCode(200)
                            .extract().path("content.body"));
            CompletableFuture<RoomEvent> javaLatest = CompletableFuture.supplyAsync(() -> fake.room("#alerts:localhost")
                    .awaitEvents(3, Duration.ofSeconds(60)).get(2));
            send(fake, "m.room.message", "3", "arrived later");
            assertEquals("arrived later", latest.get(60, TimeUnit.SECONDS));
            assertEquals("arrived later", javaLatest.get(60, TimeUnit.SECONDS).body());
        }
    }
}
