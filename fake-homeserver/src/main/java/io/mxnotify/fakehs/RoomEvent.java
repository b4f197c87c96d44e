package io.mxnotify.fakehs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One event stored in a room of the fake, as the server saw it.
 *
 * @param eventId        the event id ({@code $...})
 * @param roomId         the room it was sent to
 * @param type           the event type, e.g. {@code m.room.message}
 * @param stateKey       the state key for state events ({@code m.room.member}, ...), else {@code null}
 * @param sender         the sender's user id
 * @param content        the event content (a copy: changing it changes nothing on the server)
 * @param originServerTs when the server stored it, in milliseconds since the epoch
 * @param txnId          the client's transaction id when sent through the send endpoint, else {@code null}
 * @param deviceId       the sender's device when sent by a client, else {@code null}
 */
public record RoomEvent(String eventId, String roomId, String type, String stateKey, String sender,
                        JsonNode content, long originServerTs, String txnId, String deviceId) {

    public RoomEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sender, "sender");
        content = Objects.requireNonNull(content, "content").deepCopy();
    }

    @Override
    public JsonNode content() {
        return content.deepCopy();
    }

    /** The {@code body} of a message's content, or {@code null} when there is none. */
    public String body() {
        JsonNode body = content.get("body");
        return body != null && body.isTextual() ? body.asText() : null;
    }

    /** The {@code msgtype} of a message's content ({@code m.text}, {@code m.notice}, ...), or {@code null}. */
    public String msgtype() {
        JsonNode msgtype = content.get("msgtype");
        return msgtype != null && msgtype.isTextual() ? msgtype.asText() : null;
    }

    /** Whether this is a state event (room creation, membership, name, ...) rather than a message. */
    public boolean isState() {
        return stateKey != null;
    }
}
