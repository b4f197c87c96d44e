package io.mxnotify.fakehs.internal;

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
 */
public record RoomSpec(String creator, String aliasLocalpart, String name, String topic, boolean isPublic,
                       List<String> invite, String fixedRoomId) {

    public RoomSpec {
        invite = List.copyOf(invite);
    }
}
