package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.SeedConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link SeedConfig} into state. Generated values (passwords, device ids, tokens, room ids) are
 * fixed once, so a reset brings back exactly the same users, tokens and rooms.
 */
public final class SeedApplier {
    private final List<SeedConfig.User> users;
    private final List<SeedConfig.Room> rooms;
    private final List<SeedConfig.Membership> memberships;

    private SeedApplier(List<SeedConfig.User> users, List<SeedConfig.Room> rooms, List<SeedConfig.Membership> memberships) {
        this.users = users;
        this.rooms = rooms;
        this.memberships = memberships;
    }

    /** Fixes every value the seed leaves open, using the server's id generator. */
    public static SeedApplier materialize(SeedConfig seed, HomeserverState state) {
        IdGenerator ids = state.ids();
        List<SeedConfig.User> users = new ArrayList<>();
        for (SeedConfig.User user : seed.users()) {
            String localpart = state.validLocalpart(user.username());
            users.add(new SeedConfig.User(localpart,
                    user.password() != null ? user.password() : ids.password(), user.admin(),
                    user.deviceId() != null ? user.deviceId() : ids.deviceId(),
                    user.accessToken() != null ? user.accessToken() : ids.accessToken(localpart)));
        }
        List<SeedConfig.Room> rooms = new ArrayList<>();
        for (SeedConfig.Room room : seed.rooms()) {
            rooms.add(new SeedConfig.Room(room.alias(),
                    room.roomId() != null ? room.roomId() : ids.roomId(state.serverName()),
                    room.name(), room.topic(), room.isPublic(), room.members(), room.invite()));
        }
        return new SeedApplier(users, rooms, seed.memberships());
    }

    /** Creates the seed's users, rooms and memberships in {@code state} (expected empty). */
    public void apply(HomeserverState state) {
        for (SeedConfig.User user : users) {
            state.register(user.username(), user.password(), user.admin(), "seed", user.deviceId(), user.accessToken());
        }
        for (SeedConfig.Room room : rooms) {
            String roomId = state.createRoom(new RoomSpec(null, room.alias(), room.name(), room.topic(), room.isPublic(),
                    room.invite(), room.roomId()));
            for (String member : room.members()) {
                state.join(userId(state, member), roomId, true);
            }
        }
        for (SeedConfig.Membership membership : memberships) {
            String room = membership.room().startsWith("#") || membership.room().startsWith("!")
                    ? membership.room() : state.aliasFor(membership.room());
            state.join(userId(state, membership.user()), room, true);
        }
    }

    private static String userId(HomeserverState state, String user) {
        return state.localUserId(user).orElseThrow(() ->
                new IllegalArgumentException("seed member " + user + " is not a user of " + state.serverName()));
    }
}
