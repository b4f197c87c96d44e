package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.RoomEvent;
import io.mxnotify.fakehs.RoomSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rooms, their aliases and memberships: creation with the usual state events, alias resolution, join,
 * invite, leave, and who may send to or read a room. Membership changes are written to the {@link EventLog}
 * as state events. Holds no lock of its own: every method that reads or changes state expects the
 * {@link StateLock} to be held (see there).
 */
final class RoomDirectory {
    private static final Pattern ALIAS_LOCALPART = Pattern.compile("[^:\\s]+");

    private final StateLock lock;
    private final String serverName;
    private final IdGenerator ids;
    private final JsonCodec json;
    private final ListenerHub hub;
    private final AccountRegistry accounts;
    private final EventLog log;
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, String> aliases = new HashMap<>();

    RoomDirectory(StateLock lock, String serverName, IdGenerator ids, JsonCodec json, ListenerHub hub,
                  AccountRegistry accounts, EventLog log) {
        this.lock = lock;
        this.serverName = serverName;
        this.ids = ids;
        this.json = json;
        this.hub = hub;
        this.accounts = accounts;
        this.log = log;
    }

    // ---------------------------------------------------------------- rooms and aliases

    /** Creates a room with its initial state events; answers {@code M_ROOM_IN_USE} for a taken alias. */
    String createRoom(RoomSpec spec) {
        lock.checkHeld();
        String alias = null;
        if (spec.aliasLocalpart() != null) {
            alias = aliasFor(spec.aliasLocalpart());
            if (aliases.containsKey(alias)) {
                throw new MatrixError(400, "M_ROOM_IN_USE", "Room alias " + alias + " already taken");
            }
        }
        List<String> invitees = new ArrayList<>();
        for (String invitee : spec.invite()) {
            String userId = accounts.localUserId(invitee).orElseThrow(() ->
                    MatrixError.invalidParam("Cannot invite " + invitee + ": not a user of " + serverName));
            if (!accounts.exists(userId)) {
                throw MatrixError.notFound("Cannot invite " + invitee + ": no such user");
            }
            invitees.add(userId);
        }
        String roomId = spec.fixedRoomId() != null ? spec.fixedRoomId() : newRoomId();
        if (rooms.containsKey(roomId)) {
            throw new IllegalArgumentException("room id " + roomId + " already exists");
        }
        String creator = spec.creator() != null ? spec.creator() : "@fakehs:" + serverName;
        Room room = new Room(roomId, creator, spec.isPublic());
        rooms.put(roomId, room);
        ObjectNode create = json.object();
        create.put("room_version", "10");
        if (spec.creator() == null) {
            create.put("creator", creator);
        }
        log.appendState(room, "m.room.create", "", creator, create);
        if (spec.creator() != null) {
            addMember(room, spec.creator(), creator);
        }
        ObjectNode powerLevels = json.object();
        powerLevels.putObject("users").put(creator, 100);
        powerLevels.put("users_default", 0).put("events_default", 0).put("state_default", 50)
                .put("invite", 0).put("kick", 50).put("ban", 50).put("redact", 50);
        log.appendState(room, "m.room.power_levels", "", creator, powerLevels);
        log.appendState(room, "m.room.join_rules", "", creator,
                json.object().put("join_rule", spec.isPublic() ? "public" : "invite"));
        log.appendState(room, "m.room.history_visibility", "", creator,
                json.object().put("history_visibility", "shared"));
        for (RoomSpec.StateEvent initial : spec.initialState()) {
            log.appendState(room, initial.type(), initial.stateKey(), creator, initial.content());
        }
        if (alias != null) {
            aliases.put(alias, roomId);
            room.aliases.add(alias);
            log.appendState(room, "m.room.canonical_alias", "", creator, json.object().put("alias", alias));
        }
        if (spec.name() != null) {
            room.name = spec.name();
            log.appendState(room, "m.room.name", "", creator, json.object().put("name", spec.name()));
        }
        if (spec.topic() != null) {
            room.topic = spec.topic();
            log.appendState(room, "m.room.topic", "", creator, json.object().put("topic", spec.topic()));
        }
        for (String invitee : invitees) {
            if (!room.joined.contains(invitee)) {
                room.invited.add(invitee);
                log.appendState(room, "m.room.member", invitee, creator, json.object().put("membership", "invite"));
            }
        }
        roomChanged(room);
        lock.signalChange();
        return roomId;
    }

    private String newRoomId() {
        String id;
        do {
            id = ids.roomId(serverName);
        } while (rooms.containsKey(id));
        return id;
    }

    /** {@code #localpart:server} for a localpart, or the alias itself when it is already a full alias. */
    String aliasFor(String aliasOrLocalpart) {
        String localpart = aliasOrLocalpart;
        if (aliasOrLocalpart.startsWith("#")) {
            int colon = aliasOrLocalpart.indexOf(':');
            if (colon < 0) {
                localpart = aliasOrLocalpart.substring(1);
            } else {
                if (!aliasOrLocalpart.substring(colon + 1).equals(serverName)) {
                    throw MatrixError.invalidParam("Alias " + aliasOrLocalpart + " is not on this server ("
                            + serverName + ")");
                }
                localpart = aliasOrLocalpart.substring(1, colon);
            }
        }
        if (!ALIAS_LOCALPART.matcher(localpart).matches()) {
            throw MatrixError.invalidParam("Invalid characters in room alias '" + HomeserverState.abbreviate(localpart)
                    + "': it may not be empty or contain ':' or whitespace");
        }
        String alias = "#" + localpart + ":" + serverName;
        int bytes = alias.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > HomeserverState.MAX_IDENTIFIER_BYTES) {
            // Synapse's status and errcode (it counts characters; the spec's limit is bytes)
            throw MatrixError.invalidParam("Can't create aliases longer than " + HomeserverState.MAX_IDENTIFIER_BYTES
                    + " bytes: " + HomeserverState.abbreviate(alias) + " is " + bytes + " bytes, '#' and ':"
                    + serverName + "' included");
        }
        return alias;
    }

    /** The room id an alias points to, if any. */
    Optional<String> resolveAlias(String alias) {
        lock.checkHeld();
        return Optional.ofNullable(aliases.get(alias));
    }

    /** The room for a room id or alias; {@code M_INVALID_PARAM} or {@code M_NOT_FOUND} otherwise. */
    Room room(String roomIdOrAlias) {
        lock.checkHeld();
        if (roomIdOrAlias == null || roomIdOrAlias.isEmpty()) {
            throw MatrixError.invalidParam("A room id (!...) or alias (#...) is required");
        }
        if (roomIdOrAlias.startsWith("#")) {
            if (roomIdOrAlias.indexOf(':') < 0) {
                throw MatrixError.invalidParam("Room alias " + HomeserverState.abbreviate(roomIdOrAlias)
                        + " has no server part: write #name:" + serverName);
            }
            String roomId = aliases.get(roomIdOrAlias);
            if (roomId == null) {
                throw MatrixError.notFound("Room alias " + HomeserverState.abbreviate(roomIdOrAlias) + " not found");
            }
            return rooms.get(roomId);
        }
        if (!roomIdOrAlias.startsWith("!") || roomIdOrAlias.indexOf(':') < 0) {
            throw MatrixError.invalidParam("'" + HomeserverState.abbreviate(roomIdOrAlias)
                    + "' is neither a room id (!opaque:server) nor a room alias (#name:server)");
        }
        Room room = rooms.get(roomIdOrAlias);
        if (room == null) {
            throw MatrixError.notFound("Unknown room " + HomeserverState.abbreviate(roomIdOrAlias));
        }
        return room;
    }

    // ---------------------------------------------------------------- membership

    /**
     * Joins a user to a room. Joining twice is harmless. Without {@code force}, invite-only rooms refuse
     * users who were not invited ({@code M_FORBIDDEN}).
     */
    String join(String userId, String roomIdOrAlias, boolean force) {
        lock.checkHeld();
        if (!accounts.exists(userId)) {
            throw MatrixError.notFound("Unknown user " + userId);
        }
        Room room = room(roomIdOrAlias);
        if (room.joined.contains(userId)) {
            return room.roomId;
        }
        if (!force && !room.isPublic && !room.invited.contains(userId)) {
            throw MatrixError.forbidden("You are not invited to this room.");
        }
        addMember(room, userId, userId);
        roomChanged(room);
        lock.signalChange();
        return room.roomId;
    }

    private void addMember(Room room, String userId, String sender) {
        room.invited.remove(userId);
        room.joined.add(userId);
        room.everJoined.add(userId);
        String localpart = userId.substring(1, userId.indexOf(':'));
        log.appendState(room, "m.room.member", userId, sender,
                json.object().put("membership", "join").put("displayname", localpart));
    }

    /** Leaves a room; leaving a room one is not in is an error. */
    void leave(String userId, String roomId) {
        lock.checkHeld();
        Room room = room(roomId);
        if (!room.joined.contains(userId) && !room.invited.contains(userId)) {
            throw MatrixError.forbidden("User " + userId + " is not in room " + room.roomId);
        }
        room.joined.remove(userId);
        room.invited.remove(userId);
        log.appendState(room, "m.room.member", userId, userId, json.object().put("membership", "leave"));
        roomChanged(room);
        lock.signalChange();
    }

    /** Invites a user; the inviter must be joined, the invitee must exist and not be joined yet. */
    void invite(String inviter, String roomId, String invitee) {
        lock.checkHeld();
        Room room = room(roomId);
        if (!room.joined.contains(inviter)) {
            throw MatrixError.forbidden("User " + inviter + " not in room " + room.roomId);
        }
        String inviteeId = accounts.localUserId(invitee).orElseThrow(() -> MatrixError.invalidParam("Cannot invite "
                + HomeserverState.abbreviate(invitee) + ": not a user of " + serverName));
        if (!accounts.exists(inviteeId)) {
            throw MatrixError.notFound("Unknown user " + HomeserverState.abbreviate(invitee));
        }
        if (room.joined.contains(inviteeId)) {
            throw MatrixError.forbidden(inviteeId + " is already in the room.");
        }
        if (room.invited.add(inviteeId)) {
            log.appendState(room, "m.room.member", inviteeId, inviter, json.object().put("membership", "invite"));
            roomChanged(room);
            lock.signalChange();
        }
    }

    List<String> joinedRooms(String userId) {
        lock.checkHeld();
        List<String> out = new ArrayList<>();
        for (Room room : rooms.values()) {
            if (room.joined.contains(userId)) {
                out.add(room.roomId);
            }
        }
        return out;
    }

    boolean isJoined(String userId, String roomId) {
        lock.checkHeld();
        Room room = rooms.get(roomId);
        return room != null && room.joined.contains(userId);
    }

    /** The room a user may send to: {@code M_FORBIDDEN} when there is no such room or the user is not joined. */
    Room roomForSending(String userId, String roomId) {
        lock.checkHeld();
        Room room = rooms.get(roomId);
        if (room == null || !room.joined.contains(userId)) {
            throw MatrixError.forbidden("User " + userId + " not in room " + HomeserverState.abbreviate(roomId)
                    + (room == null ? " (no such room)" : "") + ": join it first");
        }
        return room;
    }

    /** Whether a user may read a room's history: joined now, or joined at some point. */
    boolean mayRead(String userId, String roomId) {
        lock.checkHeld();
        Room room = rooms.get(roomId);
        return room != null && (room.joined.contains(userId) || room.everJoined.contains(userId));
    }

    // ---------------------------------------------------------------- state

    /**
     * The content of a room's current state event of that type and key, as a member sees it: {@code M_FORBIDDEN}
     * for a user not in the room (as Synapse, whatever the room), empty when the room has no such state.
     */
    Optional<ObjectNode> stateContent(String userId, String roomId, String type, String stateKey) {
        lock.checkHeld();
        Room room = rooms.get(roomId);
        if (room == null || !room.joined.contains(userId)) {
            throw MatrixError.forbidden("User " + userId + " not in room " + HomeserverState.abbreviate(roomId));
        }
        RoomEvent event = room.state.get(Room.stateKey(type, stateKey));
        return event == null ? Optional.empty() : Optional.of((ObjectNode) event.content());
    }

    /**
     * Sets a state event as a member, if the room's power levels allow it (the event type's level, else
     * {@code state_default}); memberships go through join, invite and leave instead. Answers the event id.
     */
    String setState(String userId, String roomId, String type, String stateKey, ObjectNode content) {
        lock.checkHeld();
        if (type.equals("m.room.member")) {
            throw MatrixError.forbidden("Change memberships with /join, /invite and /leave, not by setting "
                    + "m.room.member state");
        }
        Room room = rooms.get(roomId);
        if (room == null || !room.joined.contains(userId)) {
            throw MatrixError.forbidden("User " + userId + " not in room " + HomeserverState.abbreviate(roomId));
        }
        int needed = powerNeeded(room, type);
        int has = powerOf(room, userId);
        if (has < needed) {
            throw MatrixError.forbidden("You don't have permission to post that to the room. user_level ("
                    + has + ") < send_level (" + needed + ")");
        }
        log.appendState(room, type, stateKey, userId, content);
        if (type.equals("m.room.name") && stateKey.isEmpty()) {
            room.name = content.path("name").isTextual() ? content.get("name").asText() : null;
        } else if (type.equals("m.room.topic") && stateKey.isEmpty()) {
            room.topic = content.path("topic").isTextual() ? content.get("topic").asText() : null;
        }
        roomChanged(room);
        lock.signalChange();
        return room.state.get(Room.stateKey(type, stateKey)).eventId();
    }

    private static com.fasterxml.jackson.databind.JsonNode powerLevels(Room room) {
        RoomEvent levels = room.state.get(Room.stateKey("m.room.power_levels", ""));
        return levels == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : levels.content();
    }

    private static int powerNeeded(Room room, String type) {
        com.fasterxml.jackson.databind.JsonNode levels = powerLevels(room);
        com.fasterxml.jackson.databind.JsonNode specific = levels.path("events").path(type);
        return specific.canConvertToInt() ? specific.asInt() : levels.path("state_default").asInt(50);
    }

    private static int powerOf(Room room, String userId) {
        com.fasterxml.jackson.databind.JsonNode levels = powerLevels(room);
        com.fasterxml.jackson.databind.JsonNode own = levels.path("users").path(userId);
        return own.canConvertToInt() ? own.asInt() : levels.path("users_default").asInt(0);
    }

    // ---------------------------------------------------------------- summaries

    List<RoomSummary> summaries() {
        lock.checkHeld();
        List<RoomSummary> out = new ArrayList<>();
        for (Room room : rooms.values()) {
            out.add(summary(room));
        }
        return out;
    }

    /** Tells listeners that a room's summary changed (members, messages, name). */
    void roomChanged(Room room) {
        RoomSummary summary = summary(room);
        hub.publish(listener -> listener.roomChanged(summary));
    }

    RoomSummary summary(Room room) {
        lock.checkHeld();
        return new RoomSummary(room.roomId, room.aliases, room.name, room.isPublic, List.copyOf(room.joined),
                List.copyOf(room.invited), room.messageCount, room.droppedEvents, room.lastActivityTs);
    }

    /** Forgets every room and alias. */
    void clear() {
        lock.checkHeld();
        rooms.clear();
        aliases.clear();
    }
}
