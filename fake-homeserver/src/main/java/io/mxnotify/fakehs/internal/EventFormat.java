package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.RoomEvent;

/** Writes events in the shapes clients and the inspection API read. */
public final class EventFormat {
    private EventFormat() {
    }

    /**
     * The client-server API event format. {@code unsigned.transaction_id} is only shown to the device
     * that sent the event, as the spec says.
     *
     * @param viewer the session reading it, or {@code null}
     */
    public static ObjectNode client(JsonCodec json, RoomEvent event, Session viewer) {
        ObjectNode node = json.object();
        node.set("content", event.content());
        node.put("event_id", event.eventId());
        node.put("origin_server_ts", event.originServerTs());
        node.put("room_id", event.roomId());
        node.put("sender", event.sender());
        if (event.stateKey() != null) {
            node.put("state_key", event.stateKey());
        }
        node.put("type", event.type());
        if (viewer != null) {
            ObjectNode unsigned = node.putObject("unsigned");
            unsigned.put("age", Math.max(0, System.currentTimeMillis() - event.originServerTs()));
            if (event.txnId() != null && viewer.userId().equals(event.sender())
                    && viewer.deviceId().equals(event.deviceId())) {
                unsigned.put("transaction_id", event.txnId());
            }
        }
        return node;
    }

    /** The inspection API's format: everything the server knows, including txn_id and device_id. */
    public static ObjectNode inspection(JsonCodec json, RoomEvent event) {
        ObjectNode node = json.object();
        node.put("event_id", event.eventId());
        node.put("room_id", event.roomId());
        node.put("type", event.type());
        if (event.stateKey() != null) {
            node.put("state_key", event.stateKey());
        }
        node.put("sender", event.sender());
        node.set("content", event.content());
        node.put("origin_server_ts", event.originServerTs());
        if (event.txnId() != null) {
            node.put("txn_id", event.txnId());
        } else {
            node.putNull("txn_id");
        }
        if (event.deviceId() != null) {
            node.put("device_id", event.deviceId());
        }
        return node;
    }
}
