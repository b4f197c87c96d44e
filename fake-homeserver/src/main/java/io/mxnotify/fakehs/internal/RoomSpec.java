package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What to create a room with.
 *
 * @param creator        the creating user's id, or {@code null} for a room made by the server itself
 * @param aliasLocalpart the alias localpart ({@code alerts} for {@code #alerts:server}), or {@code null}
 * @param name           the room name, or {@code null}
 * @param topic          the room topic, or {@code null}
 * @param isPublic       join rule public (anyone may join) rather than invite
 * @param invite         user ids to invite
 * @param fixedRoomId    the room id to use (seeded rooms), or {@code null} to generate one
 * @param initialState   further state events set at creation, such as {@code m.room.encryption}
 *                       ({@code initial_state} of {@code /createRoom})
 */
public record RoomSpec(String creator, String aliasLocalpart, String name, String topic, boolean isPublic,
                       List<String> invite, String fixedRoomId, List<StateEvent> initialState) {

    public RoomSpec {
        invite = List.copyOf(invite);
        initialState = List.copyOf(initialState);
    }

    /** A room without further initial state. */
    public RoomSpec(String creator, String aliasLocalpart, String name, String topic, boolean isPublic,
                    List<String> invite, String fixedRoomId) {
        this(creator, aliasLocalpart, name, topic, isPublic, invite, fixedRoomId, List.of());
    }

    /** One state event to set: its type, state key ({@code ""} for most) and content. */
    public record StateEvent(String type, String stateKey, ObjectNode content) {
        public StateEvent {
            content = content.deepCopy();
        }
    }
}
