package io.mxnotify.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.conformance.spec.SpecCheck;
import io.mxnotify.conformance.spec.SpecOperation;
import io.mxnotify.conformance.target.ConformanceSuite;
import io.mxnotify.conformance.target.NotInSpec;
import io.mxnotify.conformance.target.HomeserverTarget;
import io.mxnotify.conformance.target.MatrixApi;
import io.mxnotify.conformance.target.Segment;
import io.mxnotify.conformance.target.TestAccount;
import io.mxnotify.conformance.target.TestRoom;
import io.mxnotify.fakehs.FakeHomeserver;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the embedded fake stored, read through its inspection API ({@code /_fake/v1}): the storage side of
 * txnId idempotency and of room id decoding. Skipped (with the reason) on any other server.
 */
@ConformanceSuite
@NotInSpec("the embedded fake's inspection API (/_fake/v1, fake-homeserver/README.md)")
class FakeStorageConformanceTest {
    private final ObjectMapper json = new ObjectMapper();
    private HomeserverTarget target;
    private MatrixApi api;
    private SpecCheck spec;
    private TestAccount me;

    @BeforeEach
    void setUp(HomeserverTarget target, SpecCheck spec) {
        target.embeddedFake("reads what the server stored");
        this.target = target;
        this.api = target.api();
        this.spec = spec;
        this.me = target.primary();
    }

    @Test
    void repeatedTxnIdStoresOneEventWithThatTxnId() throws Exception {
        TestRoom room = target.createRoom();
        String txnId = target.uniqueLocalpart("txn");
        String first = spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txnId, "stored once"), 200)
                .path("event_id").asText();
        spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), txnId, "stored once"), 200);
        List<JsonNode> stored = storedMessages(room.roomId());
        assertEquals(1, stored.size(), "stored: " + stored);
        assertEquals(first, stored.get(0).path("event_id").asText());
        assertEquals(txnId, stored.get(0).path("txn_id").asText());
        assertEquals(me.deviceId(), stored.get(0).path("device_id").asText());
    }

    @Test
    void eventsAreStoredUnderTheDecodedRoomId() throws Exception {
        TestRoom room = target.createRoom();
        spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), target.uniqueLocalpart("txn"), "where"), 200);
        FakeHomeserver fake = target.embeddedFake("reads what the server stored");
        assertEquals(room.roomId(), fake.room(room.requireAlias()).roomId());
        assertEquals(List.of("where"), fake.events(room.roomId()).stream().map(e -> e.body()).toList());
    }

    @Test
    void inspectionByAliasAndByIdAgree() throws Exception {
        TestRoom room = target.createRoom();
        spec.conforms(SpecOperation.SEND, api.sendText(me, room.roomId(), target.uniqueLocalpart("txn"), "alias"), 200);
        assertEquals(storedMessages(room.roomId()), storedMessages(room.requireAlias()));
    }

    private List<JsonNode> storedMessages(String roomIdOrAlias) throws Exception {
        Response response = api.anonymous().get("/_fake/v1/rooms/" + Segment.encode(roomIdOrAlias) + "/events");
        assertEquals(200, response.statusCode(), response.asString());
        List<JsonNode> messages = new ArrayList<>();
        for (JsonNode event : json.readTree(response.asString()).path("events")) {
            if ("m.room.message".equals(event.path("type").asText())) {
                messages.add(event);
            }
        }
        return messages;
    }
}
