package io.mxnotify.fakehs;

import java.util.List;

/**
 * A room of the fake at one moment.
 *
 * @param roomId        the room id ({@code !...:server})
 * @param aliases       its aliases ({@code #alerts:localhost}), the canonical one first
 * @param name          its {@code m.room.name}, or {@code null}
 * @param isPublic      whether anyone may join ({@code join_rule} public) or only invited users
 * @param members       user ids currently joined
 * @param invited       user ids invited and not yet joined
 * @param messageCount  stored non-state events (what clients sent), after the retention cap
 * @param droppedEvents events removed by the retention cap, oldest first
 * @param lastActivityTs timestamp of the newest stored event, or 0
 */
public record RoomSummary(String roomId, List<String> aliases, String name, boolean isPublic,
                          List<String> members, List<String> invited, int messageCount,
                          long droppedEvents, long lastActivityTs) {

    public RoomSummary {
        aliases = List.copyOf(aliases);
        members = List.copyOf(members);
        invited = List.copyOf(invited);
    }
}
