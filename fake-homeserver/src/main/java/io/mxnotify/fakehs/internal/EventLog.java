package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.RoomEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's event stream: appends events to their rooms at increasing stream positions, keeps at most
 * the retention cap of them (oldest dropped first, counted), and remembers each client event's txnId so a
 * retry stores nothing new. Holds no lock of its own: every method expects the {@link StateLock} to be held,
 * which makes a txnId's lookup, the event's storage and the txnId's record one atomic step.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    /** A retained event and the room that holds it (so dropping it needs no lookup). */
    private record Retained(Room room, StoredEvent stored) {
    }

    private final StateLock lock;
    private final IdGenerator ids;
    private final JsonCodec json;
    private final ListenerHub hub;
    private final LongSupplier clock;
    private final int retentionCap;
    private final Map<String, String> transactions = new HashMap<>();
    private final Deque<Retained> retention = new ArrayDeque<>();
    private long position;
    private long droppedEvents;
    private long storedEvents;

    EventLog(StateLock lock, IdGenerator ids, JsonCodec json, ListenerHub hub, LongSupplier clock, int retentionCap) {
        this.lock = lock;
        this.ids = ids;
        this.json = json;
        this.hub = hub;
        this.clock = clock;
        this.retentionCap = retentionCap;
    }

    /**
     * Stores a client's event once per (user, device, txnId): a retry with the same txnId answers the first
     * event's id and stores nothing, whatever {@code target} would say now. Otherwise {@code target} gives
     * the room (refusing when the sender may not send there) and the event must fit 65,536 bytes.
     *
     * @param txnId        the client's transaction id, or {@code null} for the legacy send without one
     * @param contentBytes the length of the JSON text {@code content} was parsed from, or -1 when unknown
     */
    String storeOnce(Session session, String txnId, Supplier<Room> target, String type, ObjectNode content,
                     int contentBytes) {
        lock.checkHeld();
        String key = txnId == null ? null : transactionKey(session.userId(), session.deviceId(), txnId);
        if (key != null && transactions.containsKey(key)) {
            return transactions.get(key);
        }
        Room room = target.get();
        if (type.length() > HomeserverState.MAX_IDENTIFIER_BYTES
                || type.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > HomeserverState.MAX_IDENTIFIER_BYTES) {
            throw new MatrixError(413, "M_TOO_LARGE", "'type' too large: an event type may have at most "
                    + HomeserverState.MAX_IDENTIFIER_BYTES + " bytes");
        }
        if (mayExceedEventLimit(contentBytes, room.roomId, type, session, txnId)) {
            int size = PduSize.of(json, room.roomId, session.userId(), type, content, room.events.size() + 1L,
                    clock.getAsLong());
            if (size > HomeserverState.MAX_EVENT_BYTES) {
                throw new MatrixError(413, "M_TOO_LARGE", "Event too large: " + size + " bytes as the server stores"
                        + " it (content plus envelope, signatures and hashes), the limit is "
                        + HomeserverState.MAX_EVENT_BYTES + " bytes; split the message or shorten it");
            }
        }
        StoredEvent stored = append(room, type, null, session.userId(), content, txnId, session.deviceId());
        if (key != null) {
            transactions.put(key, stored.event().eventId());
        }
        return stored.event().eventId();
    }

    /**
     * Whether the serialised event could exceed the limit, so that it must be serialised to know (most
     * notifications are far below it, and serialising each one again cost a few per cent of a send).
     * Serialising parsed JSON can lengthen it only by writing numbers out ({@code 1e9} becomes
     * {@code 1.0E9}; no number token is written more than 8 times its length) and never lengthens strings
     * (the parser's output has the escapes the input had, or shorter ones); every other field of the event
     * is at most its strings written with 6-byte escapes, plus a fixed frame. The PDU envelope
     * ({@link PduSize}) writes the server name twice more (origin, signatures), counted here through the
     * sender; its fixed fields (event ids, hashes, signature, depth, timestamps) stay under the frame.
     */
    private static boolean mayExceedEventLimit(int contentBytes, String roomId, String type, Session session,
                                               String txnId) {
        if (contentBytes < 0) {
            return true;
        }
        long strings = (long) roomId.length() + type.length() + 3L * session.userId().length()
                + (session.deviceId() == null ? 0 : session.deviceId().length()) + (txnId == null ? 0 : txnId.length());
        long bound = 8L * contentBytes + 6L * strings + 1024;
        return bound > HomeserverState.MAX_EVENT_BYTES;
    }

    /** Appends a state event (creation, membership, name, ...) to a room. */
    void appendState(Room room, String type, String stateKey, String sender, ObjectNode content) {
        append(room, type, stateKey, sender, content, null, null);
    }

    private StoredEvent append(Room room, String type, String stateKey, String sender, JsonNode content,
                               String txnId, String deviceId) {
        lock.checkHeld();
        RoomEvent event = new RoomEvent(ids.eventId(), room.roomId, type, stateKey, sender, content,
                clock.getAsLong(), txnId, deviceId);
        StoredEvent stored = new StoredEvent(++position, event);
        if (stateKey != null) {
            room.state.put(Room.stateKey(type, stateKey), event);
        }
        room.events.addLast(stored);
        if (stateKey == null) {
            room.messageCount++;
        }
        room.lastActivityTs = event.originServerTs();
        retention.addLast(new Retained(room, stored));
        storedEvents++;
        enforceRetention();
        lock.signalChange();
        hub.publish(listener -> listener.eventStored(event));
        return stored;
    }

    private static String transactionKey(String userId, String deviceId, String txnId) {
        return userId + '\u0000' + deviceId + '\u0000' + txnId;
    }

    /**
     * An event dropped by the retention cap takes its txnId with it, so the cap bounds the transaction map
     * too (Synapse also forgets txnIds, after 30 minutes); a retry that late stores a new event.
     */
    private void forgetTransaction(RoomEvent event) {
        if (event.txnId() != null) {
            transactions.remove(transactionKey(event.sender(), event.deviceId(), event.txnId()), event.eventId());
        }
    }

    private void enforceRetention() {
        boolean dropped = false;
        while (retention.size() > retentionCap) {
            Retained oldest = retention.removeFirst();
            forgetTransaction(oldest.stored().event());
            Room room = oldest.room();
            if (room.events.peekFirst() == oldest.stored()) {
                room.events.removeFirst();
                room.droppedEvents++;
                if (oldest.stored().event().stateKey() == null) {
                    room.messageCount--;
                }
                String roomId = room.roomId;
                hub.publish(listener -> listener.roomCleared(roomId));
            }
            droppedEvents++;
            dropped = true;
        }
        if (dropped) {
            LOG.debug("retention cap {} reached: {} events dropped so far", retentionCap, droppedEvents);
        }
    }

    /** A room's events in order; without {@code includeState} only what clients sent (no state events). */
    List<RoomEvent> events(Room room, boolean includeState) {
        lock.checkHeld();
        List<RoomEvent> out = new ArrayList<>();
        for (StoredEvent stored : room.events) {
            if (includeState || stored.event().stateKey() == null) {
                out.add(stored.event());
            }
        }
        return out;
    }

    /** Events of a room with their stream positions, oldest first. */
    List<StoredEvent> storedEvents(Room room) {
        lock.checkHeld();
        return List.copyOf(room.events);
    }

    /** Removes all events of a room (its members stay). */
    void clear(Room room) {
        lock.checkHeld();
        retention.removeIf(retained -> retained.stored().event().roomId().equals(room.roomId));
        room.events.clear();
        room.messageCount = 0;
    }

    /** Takes the next stream position for something that is not a room event (a to-device message, a key change). */
    long nextPosition() {
        lock.checkHeld();
        return ++position;
    }

    /** The position of the newest stored event (the sync stream token). */
    long position() {
        lock.checkHeld();
        return position;
    }

    long storedEventCount() {
        lock.checkHeld();
        return storedEvents;
    }

    long droppedEventCount() {
        lock.checkHeld();
        return droppedEvents;
    }

    long retainedEventCount() {
        lock.checkHeld();
        return retention.size();
    }

    /** Forgets every retained event and txnId; the stream position and the stored count go on. */
    void reset() {
        lock.checkHeld();
        transactions.clear();
        retention.clear();
        droppedEvents = 0;
    }
}
