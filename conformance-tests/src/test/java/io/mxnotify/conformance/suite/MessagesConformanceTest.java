package io.mxnotify.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /rooms/{roomId}/messages}: reading back what was sent, in order, page by page. */
@ConformanceSuite
class MessagesConformanceTest {
    private HomeserverTarget target;
    private MatrixApi api;
    private SpecCheck spec;
    private TestAccount me;
    private TestRoom room;
    private List<String> sent;

    @BeforeEach
    void setUp(HomeserverTarget target, SpecCheck spec) {
        this.target = target;
        this.api = target.api();
        this.spec = spec;
        this.me = target.freshAccount();
        this.room = target.createRoom(me, true, true);
        this.sent = new ArrayList<>();
        String marker = target.uniqueLocalpart("page");
        for (int i = 1; i <= 3; i++) {
            String body = marker + " #" + i;
            Response answer = api.sendText(me, room.roomId(), target.uniqueLocalpart("txn"), body);
            spec.conforms(SpecOperation.SEND, answer, 200);
            sent.add(body);
        }
    }

    @Test
    @SpecVersion("v1.1")
    void backwardsGivesNewestFirst() {
        JsonNode page = spec.conforms(SpecOperation.MESSAGES, api.messagesBackwards(me, room.roomId(), 3), 200);
        assertEquals(List.of(sent.get(2), sent.get(1), sent.get(0)), bodies(page));
    }

    @Test
    @SpecVersion(value = "v1.3", what = "from is optional on /messages")
    void forwardsGivesOldestFirst() {
        Response response = api.as(me).queryParam("dir", "f").queryParam("limit", 100)
                .get(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/messages");
        JsonNode page = spec.conforms(SpecOperation.MESSAGES, response, 200);
        assertEquals(sent, messageBodies(page), "dir=f from the start lists the room's messages oldest first");
    }

    @Test
    @SpecVersion("v1.1")
    void paginationWithTheEndTokenContinuesWhereThePageStopped() {
        JsonNode first = spec.conforms(SpecOperation.MESSAGES, api.messagesBackwards(me, room.roomId(), 2), 200);
        assertEquals(List.of(sent.get(2), sent.get(1)), bodies(first));
        assertTrue(first.path("end").isTextual(), "a page with more behind it has an 'end' token: " + first);
        Response next = api.as(me).queryParam("dir", "b").queryParam("limit", 1)
                .queryParam("from", Segment.encode(first.path("end").asText()))
                .get(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/messages");
        assertEquals(List.of(sent.get(0)), bodies(spec.conforms(SpecOperation.MESSAGES, next, 200)));
    }

    @Test
    @SpecVersion("v1.1")
    void messagesWithTheTokenInTheQuery() {
        Response response = api.asWithQueryToken(me).queryParam("dir", "b").queryParam("limit", 3)
                .get(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/messages");
        assertEquals(List.of(sent.get(2), sent.get(1), sent.get(0)),
                bodies(spec.conforms(SpecOperation.MESSAGES, response, 200)));
    }

    @Test
    @SpecVersion("v1.1")
    void messagesWithoutATokenIsMissingToken() {
        Response response = api.anonymous().queryParam("dir", "b")
                .get(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/messages");
        spec.error(SpecOperation.MESSAGES, response, 401, "M_MISSING_TOKEN");
    }

    @Test
    @SpecVersion("v1.1")
    void messagesOfAnInviteOnlyRoomForAStrangerIsForbidden() {
        TestRoom closed = target.createRoom(me, false, false);
        TestAccount stranger = target.newUser("reading a room as a stranger");
        spec.error(SpecOperation.MESSAGES, api.messagesBackwards(stranger, closed.roomId(), 10), 403, "M_FORBIDDEN");
    }

    /** The bodies of the page's message events, in page order. */
    private static List<String> bodies(JsonNode page) {
        List<String> bodies = new ArrayList<>();
        for (JsonNode event : page.path("chunk")) {
            bodies.add(event.path("content").path("body").asText(null));
        }
        return bodies;
    }

    private static List<String> messageBodies(JsonNode page) {
        List<String> bodies = new ArrayList<>();
        for (JsonNode event : page.path("chunk")) {
            if ("m.room.message".equals(event.path("type").asText())) {
                bodies.add(event.path("content").path("body").asText(null));
            }
        }
        return bodies;
    }
}
