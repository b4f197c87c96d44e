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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Joining by room id and by alias through both endpoints ({@code /join/{roomIdOrAlias}},
 * {@code /rooms/{roomId}/join}), alias lookup, and the refusals a bot meets. Room ids and aliases travel
 * percent-encoded ({@code !} as {@code %21}, {@code #} as {@code %23}, {@code :} as {@code %3A}).
 */
@ConformanceSuite
class JoinConformanceTest {
    private HomeserverTarget target;
    private MatrixApi api;
    private SpecCheck spec;

    @BeforeEach
    void setUp(HomeserverTarget target, SpecCheck spec) {
        this.target = target;
        this.api = target.api();
        this.spec = spec;
    }

    @Test
    @SpecVersion("v1.1")
    void joinByRoomIdThroughTheJoinEndpoint() {
        TestRoom room = target.createRoom();
        TestAccount joiner = outsiderOf(room);
        JsonNode answer = spec.conforms(SpecOperation.JOIN_BY_ID_OR_ALIAS, join(joiner, room.roomId()), 200);
        assertEquals(room.roomId(), answer.path("room_id").asText());
        assertCanSend(joiner, room);
    }

    @Test
    @SpecVersion("v1.1")
    void joinByAliasThroughTheJoinEndpoint() {
        TestRoom room = target.createRoom();
        TestAccount joiner = outsiderOf(room);
        JsonNode answer = spec.conforms(SpecOperation.JOIN_BY_ID_OR_ALIAS, join(joiner, room.requireAlias()), 200);
        assertEquals(room.roomId(), answer.path("room_id").asText(), "joining by alias answers the room id");
        assertCanSend(joiner, room);
    }

    @Test
    @SpecVersion("v1.1")
    void joinByRoomIdThroughTheRoomsEndpoint() {
        TestRoom room = target.createRoom();
        TestAccount joiner = outsiderOf(room);
        Response response = api.as(joiner).contentType("application/json").body("{}")
                .post(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/join");
        assertEquals(room.roomId(), spec.conforms(SpecOperation.JOIN_ROOM_BY_ID, response, 200).path("room_id").asText());
        assertCanSend(joiner, room);
    }

    @Test
    @SpecVersion("v1.1")
    void joinWithTheTokenInTheQuery() {
        TestRoom room = target.createRoom();
        TestAccount joiner = outsiderOf(room);
        Response response = api.asWithQueryToken(joiner).contentType("application/json").body("{}")
                .post(MatrixApi.V3 + "/join/" + Segment.encode(room.roomId()));
        assertEquals(room.roomId(), spec.conforms(SpecOperation.JOIN_BY_ID_OR_ALIAS, response, 200).path("room_id").asText());
    }

    @Test
    @SpecVersion("v1.1")
    void joiningARoomAlreadyJoinedSucceeds() {
        TestRoom room = target.createRoom();
        JsonNode answer = spec.conforms(SpecOperation.JOIN_BY_ID_OR_ALIAS, join(target.primary(), room.roomId()), 200);
        assertEquals(room.roomId(), answer.path("room_id").asText());
    }

    @Test
    @SpecVersion("v1.1")
    void joinWithoutATokenIsMissingToken() {
        TestRoom room = target.createRoom();
        Response response = api.anonymous().contentType("application/json").body("{}")
                .post(MatrixApi.V3 + "/join/" + Segment.encode(room.roomId()));
        spec.error(SpecOperation.JOIN_BY_ID_OR_ALIAS, response, 401, "M_MISSING_TOKEN");
    }

    @Test
    @SpecVersion("v1.1")
    void joinByUnknownAliasIsNotFound() {
        String alias = "#" + target.uniqueLocalpart("missing") + ":" + target.primary().serverName();
        spec.error(SpecOperation.JOIN_BY_ID_OR_ALIAS, join(target.primary(), alias), 404, "M_NOT_FOUND");
    }

    @Test
    @SpecVersion("v1.1")
    void joinOfAnInviteOnlyRoomWithoutInviteIsForbidden() {
        TestRoom room = target.createRoom(target.primary(), false, false);
        TestAccount stranger = target.newUser("joining an invite-only room as a stranger");
        spec.error(SpecOperation.JOIN_BY_ID_OR_ALIAS, join(stranger, room.roomId()), 403, "M_FORBIDDEN");
        Response byId = api.as(stranger).contentType("application/json").body("{}")
                .post(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/join");
        spec.error(SpecOperation.JOIN_ROOM_BY_ID, byId, 403, "M_FORBIDDEN");
    }

    @Test
    @SpecVersion("v1.1")
    void aliasResolvesToTheRoomIdAndItsServers() {
        TestRoom room = target.createRoom();
        Response response = api.anonymous().get(MatrixApi.V3 + "/directory/room/" + Segment.encode(room.requireAlias()));
        JsonNode answer = spec.conforms(SpecOperation.RESOLVE_ALIAS, response, 200);
        assertEquals(room.roomId(), answer.path("room_id").asText());
        assertTrue(answer.path("servers").isArray() && !answer.path("servers").isEmpty(), "servers: " + answer);
    }

    @Test
    @SpecVersion("v1.1")
    void unknownAliasIsNotFoundInTheDirectory() {
        String alias = "#" + target.uniqueLocalpart("missing") + ":" + target.primary().serverName();
        spec.error(SpecOperation.RESOLVE_ALIAS, api.anonymous().get(MatrixApi.V3 + "/directory/room/"
                + Segment.encode(alias)), 404, "M_NOT_FOUND");
    }

    @Test
    @SpecVersion("v1.1")
    void leaveAnswersAnEmptyObject() {
        TestRoom room = target.createRoom();
        Response response = api.as(target.primary()).contentType("application/json").body("{}")
                .post(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/leave");
        assertEquals(0, spec.conforms(SpecOperation.LEAVE, response, 200).size());
    }

    private Response join(TestAccount account, String roomIdOrAlias) {
        return api.as(account).contentType("application/json").body("{}")
                .post(MatrixApi.V3 + "/join/" + Segment.encode(roomIdOrAlias));
    }

    /**
     * A user not in the public room: a new user where the server lets the suite create one, else the
     * room's creator after leaving it (a public room can be joined again).
     */
    private TestAccount outsiderOf(TestRoom room) {
        if (target.canRegister()) {
            return target.newUser("a second user");
        }
        TestAccount creator = target.primary();
        Response left = api.as(creator).contentType("application/json").body("{}")
                .post(MatrixApi.V3 + "/rooms/" + Segment.encode(room.roomId()) + "/leave");
        assertEquals(200, left.statusCode(), "leaving " + room.roomId() + ": " + left.asString());
        return creator;
    }

    private void assertCanSend(TestAccount account, TestRoom room) {
        Response sent = api.sendText(account, room.roomId(), target.uniqueLocalpart("txn"), "joined");
        spec.conforms(SpecOperation.SEND, sent, 200);
    }
}
