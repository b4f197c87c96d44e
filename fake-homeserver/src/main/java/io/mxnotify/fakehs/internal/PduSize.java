package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The size an event has as the server stores and federates it, which is what the spec's 65,536-byte limit
 * counts (and what Synapse checks: the canonical JSON of the whole PDU): the content plus the envelope a
 * client never sees in its send request, namely {@code auth_events} and {@code prev_events} (event ids),
 * {@code depth}, {@code hashes}, {@code signatures}, {@code origin}, {@code origin_server_ts}, the room id,
 * sender and type. The fake signs nothing, so it measures a PDU of the same shape with values of the real
 * lengths (43-character sha256 hash, 86-character ed25519 signature, 44-character event ids; a message in
 * a room Synapse made has three auth events and one prev event).
 */
final class PduSize {
    private static final String EVENT_ID = "$" + "x".repeat(43);
    private static final int AUTH_EVENTS = 3;

    private PduSize() {
    }

    /** The byte length of the compact JSON of a PDU carrying this content into this room. */
    static int of(JsonCodec json, String roomId, String sender, String type, ObjectNode content, long depth,
                  long originServerTs) {
        ObjectNode pdu = json.object();
        ArrayNode auth = pdu.putArray("auth_events");
        for (int i = 0; i < AUTH_EVENTS; i++) {
            auth.add(EVENT_ID);
        }
        pdu.set("content", content);
        pdu.put("depth", depth);
        pdu.putObject("hashes").put("sha256", "x".repeat(43));
        String server = sender.substring(sender.indexOf(':') + 1);
        pdu.put("origin", server);
        pdu.put("origin_server_ts", originServerTs);
        pdu.putArray("prev_events").add(EVENT_ID);
        pdu.put("room_id", roomId);
        pdu.put("sender", sender);
        pdu.putObject("signatures").putObject(server).put("ed25519:a_test", "x".repeat(86));
        pdu.put("type", type);
        pdu.putObject("unsigned").put("age_ts", originServerTs);
        return json.write(pdu).length;
    }
}
