package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.RoomEvent;
import io.mxnotify.fakehs.RoomSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The inspection and control API under {@code /_fake/v1}: rooms, events (with waiting), users, reset, health. */
public final class ControlEndpoints {
    /** The longest a caller may wait for events in one request. */
    public static final long MAX_WAIT_MS = 300_000;

    private final JsonCodec json;
    private final HomeserverState state;
    private final Runnable reset;
    private final Supplier<String> baseUrl;
    private final long startedAt;

    public ControlEndpoints(JsonCodec json, HomeserverState state, Runnable reset, Supplier<String> baseUrl) {
        this.json = json;
        this.state = state;
        this.reset = reset;
        this.baseUrl = baseUrl;
        this.startedAt = System.currentTimeMillis();
    }

    public Reply health(Call call) {
        ObjectNode body = json.object();
        body.put("status", "ok");
        body.put("server_name", state.serverName());
        body.put("base_url", baseUrl.get());
        body.put("profile", call.profile().name().toLowerCase(java.util.Locale.ROOT));
        body.put("uptime_ms", System.currentTimeMillis() - startedAt);
        body.put("users", state.userCount());
        body.put("rooms", state.rooms().size());
        body.put("events_retained", state.retainedEventCount());
        body.put("events_dropped", state.droppedEventCount());
        return Reply.ok(body);
    }

    public Reply listRooms(Call call) {
        ObjectNode body = json.object();
        ArrayNode rooms = body.putArray("rooms");
        for (RoomSummary room : state.rooms()) {
            rooms.add(roomJson(room));
        }
        return Reply.ok(body);
    }

    public Reply getRoom(Call call) {
        return Reply.ok(roomJson(state.summary(call.param("roomIdOrAlias"))));
    }

    /** {@code POST /_fake/v1/rooms} {@code {"alias", "public", "name", "topic", "members", "invite"}}. */
    public Reply createRoom(Call call) {
        ObjectNode request = call.jsonObjectOrEmpty();
        String alias = Call.optionalString(request, "alias").orElse(null);
        boolean isPublic = Call.optionalBoolean(request, "public").orElse(true);
        String name = Call.optionalString(request, "name").orElse(null);
        String topic = Call.optionalString(request, "topic").orElse(null);
        List<String> members = stringList(request, "members");
        List<String> invite = stringList(request, "invite");
        List<RoomSpec.StateEvent> initialState = encryption(request);
        for (String member : members) {
            if (!state.userExists(member)) {
                throw MatrixError.notFound("Unknown user " + HomeserverState.abbreviate(member)
                        + " in 'members': create it first with POST /_fake/v1/users");
            }
        }
        String roomId = state.atomically(() -> {
            String id = state.createRoom(new RoomSpec(null, alias, name, topic, isPublic, invite, null, initialState));
            for (String member : members) {
                state.join(state.localUserId(member).orElseThrow(), id, true);
            }
            return id;
        });
        ObjectNode body = json.object();
        body.put("room_id", roomId);
        if (alias != null) {
            body.put("alias", state.aliasFor(alias));
        }
        return new Reply(200, body);
    }

    /**
     * {@code "encrypted": true} (Megolm with the spec's default rotation) or {@code "encryption": {content}}: the
     * room's {@code m.room.encryption} state event, as Element sets it for a private room.
     */
    private List<RoomSpec.StateEvent> encryption(ObjectNode request) {
        JsonNode custom = request.get("encryption");
        boolean encrypted = Call.optionalBoolean(request, "encrypted").orElse(false);
        if (custom != null && !custom.isNull()) {
            if (!custom.isObject() || !custom.path("algorithm").isTextual()) {
                throw MatrixError.badJson("'encryption' must be the content of an m.room.encryption event, e.g. "
                        + "{\"algorithm\": \"m.megolm.v1.aes-sha2\", \"rotation_period_msgs\": 100}");
            }
            if (request.has("encrypted") && !encrypted) {
                throw MatrixError.invalidParam("'encrypted': false contradicts the 'encryption' given");
            }
            return List.of(new RoomSpec.StateEvent("m.room.encryption", "", (ObjectNode) custom));
        }
        if (!encrypted) {
            return List.of();
        }
        ObjectNode content = json.object().put("algorithm", "m.megolm.v1.aes-sha2")
                .put("rotation_period_ms", 604_800_000L).put("rotation_period_msgs", 100);
        return List.of(new RoomSpec.StateEvent("m.room.encryption", "", content));
    }

    /** {@code POST /_fake/v1/rooms/{roomIdOrAlias}/members} {@code {"user_id"}}: joins, ignoring join rules. */
    public Reply addMember(Call call) {
        ObjectNode request = call.jsonObject();
        String user = Call.requiredString(request, "user_id");
        String userId = state.localUserId(user).orElseThrow(() ->
                MatrixError.invalidParam("Not a user of " + state.serverName() + ": " + HomeserverState.abbreviate(user)));
        String roomId = state.join(userId, call.param("roomIdOrAlias"), true);
        return Reply.ok(json.object().put("room_id", roomId).put("user_id", userId));
    }

    /**
     * {@code GET /_fake/v1/rooms/{roomIdOrAlias}/events}: oldest first; with {@code min} and
     * {@code timeout_ms} it waits until at least {@code min} events match or the time is up.
     */
    public Reply events(Call call) {
        String room = call.param("roomIdOrAlias");
        String roomId = state.roomIdOf(room);
        EventQuery query = eventQuery(call);
        long min = call.queryLong("min", 0, Integer.MAX_VALUE).orElse(0L);
        long timeoutMs = call.queryLong("timeout_ms", 0, MAX_WAIT_MS).orElse(0L);
        List<RoomEvent> events = state.await(() -> query.select(state, roomId), found -> found.size() >= min,
                Duration.ofMillis(timeoutMs));
        ObjectNode body = json.object();
        body.put("room_id", roomId);
        ArrayNode array = body.putArray("events");
        for (RoomEvent event : events) {
            array.add(EventFormat.inspection(json, event));
        }
        body.put("dropped_events", state.summary(roomId).droppedEvents());
        if (call.query("min").isPresent() || call.query("timeout_ms").isPresent()) {
            body.put("timed_out", events.size() < min);
        }
        return Reply.ok(body);
    }

    /** {@code GET /_fake/v1/rooms/{roomIdOrAlias}/events/latest}: the newest matching event (waits with timeout_ms). */
    public Reply latestEvent(Call call) {
        String roomId = state.roomIdOf(call.param("roomIdOrAlias"));
        EventQuery query = eventQuery(call);
        long timeoutMs = call.queryLong("timeout_ms", 0, MAX_WAIT_MS).orElse(0L);
        List<RoomEvent> events = state.await(() -> query.select(state, roomId), found -> !found.isEmpty(),
                Duration.ofMillis(timeoutMs));
        if (events.isEmpty()) {
            throw MatrixError.notFound("No matching event in " + roomId
                    + (timeoutMs > 0 ? " after waiting " + timeoutMs + " ms" : ""));
        }
        return Reply.ok(EventFormat.inspection(json, events.get(events.size() - 1)));
    }

    /** {@code DELETE /_fake/v1/rooms/{roomIdOrAlias}/events}: forgets a room's events, keeps its members. */
    public Reply clearRoom(Call call) {
        state.clearRoom(call.param("roomIdOrAlias"));
        return Reply.ok(json.object());
    }

    public Reply listUsers(Call call) {
        ObjectNode body = json.object();
        ArrayNode users = body.putArray("users");
        for (UserInfo user : state.users()) {
            ObjectNode node = users.addObject();
            node.put("user_id", user.userId());
            node.put("admin", user.admin());
            node.put("created_by", user.createdBy());
            node.put("created_ts", user.createdTs());
            node.put("device_count", user.devices().size());
            node.put("device_warning", user.deviceWarning());
            ArrayNode devices = node.putArray("devices");
            for (DeviceInfo device : user.devices()) {
                ObjectNode deviceNode = devices.addObject();
                deviceNode.put("device_id", device.deviceId());
                if (device.displayName() != null) {
                    deviceNode.put("display_name", device.displayName());
                }
                deviceNode.put("created_by", device.createdBy());
                deviceNode.put("created_ts", device.createdTs());
                deviceNode.put("last_seen_ts", device.lastSeenTs());
            }
        }
        ArrayNode warnings = body.putArray("device_warnings");
        state.deviceWarnings().forEach(warnings::add);
        return Reply.ok(body);
    }

    /** {@code POST /_fake/v1/users} {@code {"username", "password", "admin"}}: a user logged in on one device. */
    public Reply createUser(Call call) {
        ObjectNode request = call.jsonObject();
        String username = Call.requiredString(request, "username");
        String password = Call.optionalString(request, "password").orElse(null);
        boolean admin = Call.optionalBoolean(request, "admin").orElse(false);
        FakeUser user = state.register(username, password, admin, "control-api", null, null);
        ObjectNode body = json.object();
        body.put("user_id", user.userId());
        body.put("access_token", user.accessToken());
        body.put("device_id", user.deviceId());
        body.put("password", user.password());
        return Reply.ok(body);
    }

    /**
     * {@code POST /_fake/v1/users/{userId}/logout}: a hard logout. Every access and refresh token of the user
     * is revoked; its next request gets 401 {@code M_UNKNOWN_TOKEN} with {@code soft_logout: false}.
     */
    public Reply logoutUser(Call call) {
        String userId = knownUser(call.param("userId"));
        state.revokeTokens(userId);
        return Reply.ok(json.object().put("user_id", userId).put("soft_logout", false));
    }

    /**
     * {@code POST /_fake/v1/users/{userId}/expire}: a soft logout. Every access token of the user expires
     * now (401 {@code M_UNKNOWN_TOKEN} with {@code soft_logout: true}); refresh tokens keep working.
     */
    public Reply expireTokens(Call call) {
        String userId = knownUser(call.param("userId"));
        state.expireTokens(userId);
        return Reply.ok(json.object().put("user_id", userId).put("soft_logout", true));
    }

    private String knownUser(String userIdOrLocalpart) {
        return state.localUserId(userIdOrLocalpart).filter(state::userExists).orElseThrow(() ->
                MatrixError.notFound("Unknown user " + HomeserverState.abbreviate(userIdOrLocalpart)
                        + " on " + state.serverName()));
    }

    public Reply reset(Call call) {
        reset.run();
        return Reply.ok(json.object());
    }

    private EventQuery eventQuery(Call call) {
        boolean includeState = call.query("state").map(value -> value.equals("true") || value.equals("1"))
                .orElse(false);
        return new EventQuery(includeState, call.query("type").orElse(null), call.query("sender").orElse(null),
                call.query("body_contains").orElse(null));
    }

    private ObjectNode roomJson(RoomSummary room) {
        ObjectNode node = json.object();
        node.put("room_id", room.roomId());
        ArrayNode aliases = node.putArray("aliases");
        room.aliases().forEach(aliases::add);
        if (room.name() != null) {
            node.put("name", room.name());
        } else {
            node.putNull("name");
        }
        node.put("public", room.isPublic());
        ArrayNode members = node.putArray("members");
        room.members().forEach(members::add);
        ArrayNode invited = node.putArray("invited");
        room.invited().forEach(invited::add);
        node.put("message_count", room.messageCount());
        node.put("dropped_events", room.droppedEvents());
        node.put("last_activity_ts", room.lastActivityTs());
        return node;
    }

    static List<String> stringList(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw MatrixError.badJson("'" + field + "' must be a list of strings");
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw MatrixError.badJson("'" + field + "' must be a list of strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
