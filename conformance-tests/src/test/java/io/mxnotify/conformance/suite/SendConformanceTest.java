package io.mxnotify.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mxnotify.conformance.spec.SpecCheck;
import io.mxnotify.conformance.spec.SpecOperation;
import io.mxnotify.conformance.target.ConformanceSuite;
import io.mxnotify.conformance.target.SpecVersion;
import io.mxnotify.conformance.target.HomeserverTarget;
import io.mxnotify.conformance.target.MatrixApi;
import io.mxnotify.conformance.target.Segment;
import io.mxnotify.conformance.target.TestAccount;
import io.mxnotify.conformance.target.TestRoom;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code PUT /rooms/{roomId}/send/m.room.message/{txnId}}: the one call a notifier cannot do without, and
 * the txnId idempotency that makes retries safe (same txnId again: same event id, no second event).
 */
@ConformanceSuite
class SendConformanceTest {
    private HomeserverTarget target;
    private MatrixApi api;
    private SpecCheck spec;
    private TestAccount me;
    private TestRoom room;

    @BeforeEach
    void setUp(HomeserverTarget target, SpecCheck spec) {
        this.target = target;
        this.api = target.api();
        this.spec = spec;
        this.me = target.freshAccount();
        this.room = target.createRoom(me, true, true);
    }

    @Test
    @SpecVersion("v1.1")
    void sendAnswersAnEventIdAndTheEventIsInTheRoom() {
        String body = "hello " + target.uniqueLocalpart("msg");
        JsonNode answer = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txn(), body), 200);
        String eventId = answer.path("event_id").asText();
        assertTrue(eventId.startsWith("$"), "event ids start with '$': " + answer);
        assertEquals(List.of(eventId), eventIdsWithBody(body));
    }

    @Test
    @SpecVersion("v1.1")
    void sameTxnIdTwiceGivesTheSameEventIdAndOneEvent() {
        String txnId = txn();
        String body = "once " + target.uniqueLocalpart("msg");
        String first = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txnId, body), 200)
                .path("event_id").asText();
        String second = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txnId, body), 200)
                .path("event_id").asText();
        assertEquals(first, second, "a repeated txnId must answer the first event's id");
        assertEquals(List.of(first), eventIdsWithBody(body), "a repeated txnId must not store a second event");
    }

    @Test
    @SpecVersion("v1.1")
    void sameTxnIdWithTheTokenInTheQueryIsStillTheSameTransaction() {
        String txnId = txn();
        String body = "transports " + target.uniqueLocalpart("msg");
        String first = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txnId, body), 200)
                .path("event_id").asText();
        Response viaQuery = api.asWithQueryToken(me).contentType("application/json")
                .body(Map.of("msgtype", "m.text", "body", body))
                .put(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/send/m.room.message/" + txnId);
        assertEquals(first, spec.conforms(SpecOperation.SEND, viaQuery, 200).path("event_id").asText());
        assertEquals(List.of(first), eventIdsWithBody(body));
    }

    /**
     * Since spec v1.7 a txnId is scoped to the device, not the access token: a notifier that logs in again
     * on the same device (its token expired) and retries keeps its transaction.
     */
    @Test
    @SpecVersion(value = "v1.7", what = "txnIds scoped to the device, not the access token")
    void sameTxnIdAfterLoggingInAgainOnTheSameDeviceIsStillTheSameTransaction() {
        TestAccount first = api.login(me.localpart(), me.password());
        try {
            String txnId = txn();
            String body = "relogin " + target.uniqueLocalpart("msg");
            String eventId = spec.conforms(SpecOperation.SEND, api.sendText(first, room.roomId(), txnId, body), 200)
                    .path("event_id").asText();
            Response again = api.anonymous().contentType("application/json").body(Map.of("type", "m.login.password",
                    "identifier", Map.of("type", "m.id.user", "user", me.localpart()), "password", me.password(),
                    "device_id", first.deviceId())).post(MatrixApi.V3 + "/login");
            JsonNode login = spec.conforms(SpecOperation.LOGIN, again, 200);
            assertEquals(first.deviceId(), login.path("device_id").asText(), "logging in on a device id keeps it");
            TestAccount second = first.withSession(login.path("access_token").asText(), first.deviceId());
            assertEquals(eventId, spec.conforms(SpecOperation.SEND, api.sendText(second, room.roomId(), txnId, body), 200)
                    .path("event_id").asText(), "the txnId must be scoped to the device, not to the access token");
            assertEquals(List.of(eventId), eventIdsWithBody(body));
            api.as(second).contentType("application/json").body("{}").post(MatrixApi.V3 + "/logout");
        } finally {
            api.as(first).contentType("application/json").body("{}").post(MatrixApi.V3 + "/logout");
        }
    }

    @Test
    @SpecVersion("v1.1")
    void concurrentRetriesOfOneTxnIdMakeOneEvent() throws Exception {
        String txnId = txn();
        String body = "concurrent " + target.uniqueLocalpart("msg");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Response>> retries = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                retries.add(() -> api.sendText(me, room.roomId(), txnId, body));
            }
            Set<String> eventIds = new HashSet<>();
            for (Future<Response> answer : pool.invokeAll(retries)) {
                eventIds.add(spec.conforms(SpecOperation.SEND, answer.get(), 200).path("event_id").asText());
            }
            assertEquals(1, eventIds.size(), "every retry of one txnId must answer the same event id: " + eventIds);
            assertEquals(List.copyOf(eventIds), eventIdsWithBody(body));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @SpecVersion("v1.1")
    void differentTxnIdsMakeDifferentEvents() {
        String body = "twice " + target.uniqueLocalpart("msg");
        String first = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txn(), body), 200)
                .path("event_id").asText();
        String second = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txn(), body), 200)
                .path("event_id").asText();
        assertNotEquals(first, second);
        assertEquals(List.of(second, first), eventIdsWithBody(body), "newest first");
    }

    @Test
    @SpecVersion("v1.1")
    void txnIdWithReservedCharactersIsOneOpaqueSegment() {
        String txnId = "a/b?c#d%e&f+g h:" + target.uniqueLocalpart("txn");
        String body = "reserved txn " + target.uniqueLocalpart("msg");
        String first = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txnId, body), 200)
                .path("event_id").asText();
        String again = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txnId, body), 200)
                .path("event_id").asText();
        assertEquals(first, again);
        assertEquals(List.of(first), eventIdsWithBody(body));
    }

    @Test
    @SpecVersion("v1.1")
    void sendWithTheTokenInTheQuery() {
        String body = "query token " + target.uniqueLocalpart("msg");
        Response response = api.asWithQueryToken(me).contentType("application/json")
                .body(Map.of("msgtype", "m.notice", "body", body))
                .put(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/send/m.room.message/" + txn());
        String eventId = spec.conforms(SpecOperation.SEND, response, 200).path("event_id").asText();
        assertEquals(List.of(eventId), eventIdsWithBody(body));
    }

    @Test
    @SpecVersion("v1.1")
    void contentArrivesExactlyAsSent() {
        String body = "<b>not bold</b> & \"quotes\" 'single' \n newline \t tab \u00e9 \u05e9\u05dc\u05d5\u05dd \ud83d\ude80 "
                + target.uniqueLocalpart("msg");
        Map<String, Object> content = Map.of("msgtype", "m.notice", "body", body, "format", "org.matrix.custom.html",
                "formatted_body", "<p>&lt;b&gt;not bold&lt;/b&gt;</p>");
        Response response = api.as(me).contentType("application/json").body(content)
                .put(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/send/m.room.message/" + txn());
        String eventId = spec.conforms(SpecOperation.SEND, response, 200).path("event_id").asText();
        JsonNode event = eventById(eventId);
        assertEquals(body, event.path("content").path("body").asText());
        assertEquals("<p>&lt;b&gt;not bold&lt;/b&gt;</p>", event.path("content").path("formatted_body").asText());
        assertEquals("m.notice", event.path("content").path("msgtype").asText());
        assertEquals(me.userId(), event.path("sender").asText());
        assertEquals("m.room.message", event.path("type").asText());
    }

    @Test
    @SpecVersion("v1.1")
    void sendWithoutATokenIsMissingToken() {
        Response response = api.anonymous().contentType("application/json").body(Map.of("msgtype", "m.text", "body", "x"))
                .put(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/send/m.room.message/" + txn());
        spec.error(SpecOperation.SEND, response, 401, "M_MISSING_TOKEN");
    }

    @Test
    @SpecVersion("v1.1")
    void sendWithAnUnknownTokenIsUnknownToken() {
        Response response = api.anonymous().header("Authorization", "Bearer mxnotify_conformance_not_a_token")
                .contentType("application/json").body(Map.of("msgtype", "m.text", "body", "x"))
                .put(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/send/m.room.message/" + txn());
        spec.error(SpecOperation.SEND, response, 401, "M_UNKNOWN_TOKEN");
    }

    @Test
    @SpecVersion("v1.1")
    void sendIntoARoomNotJoinedIsForbidden() {
        Response left = api.as(me).contentType("application/json").body("{}")
                .post(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/leave");
        assertEquals(200, left.statusCode(), left.asString());
        spec.error(SpecOperation.SEND, api.sendText(me, room.roomId(), txn(), "after leaving"), 403, "M_FORBIDDEN");
    }

    @Test
    @SpecVersion("v1.1")
    void bodyThatIsNotJsonIsRefused() {
        Response response = api.as(me).contentType("application/json").body("{\"msgtype\": \"m.text\", \"body\": ")
                .put(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/send/m.room.message/" + txn());
        spec.error(SpecOperation.SEND, response, 400, "M_NOT_JSON");
    }

    @Test
    @SpecVersion("v1.1")
    void eventOverTheSizeLimitIsTooLarge() {
        String body = "x".repeat(70_000);
        spec.error(SpecOperation.SEND, api.sendText(me, room.roomId(), txn(), body), 413, "M_TOO_LARGE");
    }

    private String txn() {
        return target.uniqueLocalpart("txn");
    }

    /** The ids of the room's newest events (up to 50) whose body is {@code body}, newest first. */
    private List<String> eventIdsWithBody(String body) {
        List<String> ids = new ArrayList<>();
        for (JsonNode event : newestEvents()) {
            if (body.equals(event.path("content").path("body").asText(null))) {
                ids.add(event.path("event_id").asText());
            }
        }
        return ids;
    }

    private JsonNode eventById(String eventId) {
        for (JsonNode event : newestEvents()) {
            if (eventId.equals(event.path("event_id").asText())) {
                return event;
            }
        }
        throw new AssertionError("event " + eventId + " is not among the room's newest events");
    }

    private JsonNode newestEvents() {
        return spec.conforms(SpecOperation.MESSAGES, api.messagesBackwards(me, room.roomId(), 50), 200).path("chunk");
    }
}
