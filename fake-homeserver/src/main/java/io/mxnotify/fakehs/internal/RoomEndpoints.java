package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Rooms: create, look up aliases, join, invite, leave, list, send, read and set state, page through messages. */
public final class RoomEndpoints {
    private static final int DEFAULT_MESSAGES_LIMIT = 10;
    private static final int MAX_MESSAGES_LIMIT = 1000;

    private final JsonCodec json;
    private final HomeserverState state;

    public RoomEndpoints(JsonCodec json, HomeserverState state) {
        this.json = json;
        this.state = state;
    }

    /** {@code POST /createRoom}: {@code room_alias_name}, {@code name}, {@code topic}, {@code invite}, {@code preset}. */
    public Reply createRoom(Call call) {
        Session session = call.session();
        ObjectNode request = call.jsonObjectOrEmpty();
        String visibility = Call.optionalString(request, "visibility").orElse("private");
        if (!visibility.equals("public") && !visibility.equals("private")) {
            throw MatrixError.invalidParam("'visibility' must be \"public\" or \"private\"");
        }
        String preset = Call.optionalString(request, "preset")
                .orElse(visibility.equals("public") ? "public_chat" : "private_chat");
        boolean isPublic = switch (preset) {
            case "public_chat" -> true;
            case "private_chat", "trusted_private_chat" -> false;
            default -> throw MatrixError.invalidParam("Unknown 'preset' " + HomeserverState.abbreviate(preset)
                    + ": use private_chat, trusted_private_chat or public_chat");
        };
        Call.optionalString(request, "room_version").ifPresent(version -> {
            if (!List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11").contains(version)) {
                throw new MatrixError(400, "M_UNSUPPORTED_ROOM_VERSION", "Your homeserver does not support the "
                        + "features required to join this room (room version " + HomeserverState.abbreviate(version)
                        + ")");
            }
        });
        List<String> invite = new ArrayList<>();
        JsonNode inviteNode = request.get("invite");
        if (inviteNode != null && !inviteNode.isNull()) {
            if (!inviteNode.isArray()) {
                throw MatrixError.badJson("'invite' must be a list of user ids");
            }
            for (JsonNode invitee : inviteNode) {
                if (!invitee.isTextual()) {
                    throw MatrixError.badJson("'invite' must be a list of user ids (strings)");
                }
                if (!invitee.asText().startsWith("@")) {
                    throw MatrixError.invalidParam("Invalid user id in 'invite': "
                            + HomeserverState.abbreviate(invitee.asText()));
                }
                invite.add(invitee.asText());
            }
        }
        String aliasName = Call.optionalString(request, "room_alias_name").orElse(null);
        String name = Call.optionalString(request, "name").orElse(null);
        String topic = Call.optionalString(request, "topic").orElse(null);
        List<RoomSpec.StateEvent> initialState = initialState(request);
        String roomId = state.createRoom(new RoomSpec(session.userId(), aliasName, name, topic, isPublic, invite, null,
                initialState));
        ObjectNode body = json.object();
        body.put("room_id", roomId);
        if (aliasName != null) {
            body.put("room_alias", state.aliasFor(aliasName));
        }
        return Reply.ok(body);
    }

    /** {@code initial_state}: a list of {@code {type, state_key, content}}, the state key defaulting to "". */
    private static List<RoomSpec.StateEvent> initialState(ObjectNode request) {
        JsonNode node = request.get("initial_state");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw MatrixError.badJson("'initial_state' must be a list of {\"type\", \"state_key\", \"content\"} objects");
        }
        List<RoomSpec.StateEvent> events = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw MatrixError.badJson("each entry of 'initial_state' must be an object with 'type' and 'content'");
            }
            ObjectNode event = (ObjectNode) item;
            String type = Call.requiredString(event, "type");
            String stateKey = Call.optionalString(event, "state_key").orElse("");
            JsonNode content = event.get("content");
            if (content == null || !content.isObject()) {
                throw MatrixError.badJson("'content' of the initial_state event " + HomeserverState.abbreviate(type)
                        + " must be a JSON object");
            }
            if (type.equals("m.room.member") || type.equals("m.room.create")) {
                throw MatrixError.invalidParam("'initial_state' may not set " + type + "; use 'invite' and "
                        + "'creation_content'");
            }
            events.add(new RoomSpec.StateEvent(type, stateKey, (ObjectNode) content));
        }
        return events;
    }

    /** {@code GET /rooms/{roomId}/joined_members}: {@code joined: {user: {display_name, avatar_url}}}, for members. */
    public Reply joinedMembers(Call call) {
        Session session = call.session();
        String roomId = roomIdParam(call);
        if (!state.isJoined(session.userId(), roomId)) {
            throw MatrixError.forbidden("User " + session.userId() + " not in room " + HomeserverState.abbreviate(roomId));
        }
        ObjectNode body = json.object();
        ObjectNode joined = body.putObject("joined");
        for (String member : state.summary(roomId).members()) {
            joined.putObject(member).put("display_name", member.substring(1, member.indexOf(':'))).putNull("avatar_url");
        }
        return Reply.ok(body);
    }

    /** {@code GET /rooms/{roomId}/state/{eventType}/{stateKey}}: the content, or {@code 404 M_NOT_FOUND}. */
    public Reply getState(Call call) {
        Session session = call.session();
        String roomId = roomIdParam(call);
        String type = call.param("eventType");
        String stateKey = stateKeyParam(call);
        ObjectNode content = state.stateContent(session.userId(), roomId, type, stateKey)
                .orElseThrow(() -> MatrixError.notFound("Event not found."));
        return Reply.ok(content);
    }

    /** {@code PUT /rooms/{roomId}/state/{eventType}/{stateKey}}: sets a state event, answers its id. */
    public Reply putState(Call call) {
        Session session = call.session();
        String roomId = roomIdParam(call);
        String type = call.param("eventType");
        if (type.isEmpty()) {
            throw MatrixError.invalidParam("The eventType path segment may not be empty");
        }
        ObjectNode content = call.jsonObject();
        String eventId = state.setState(session.userId(), roomId, type, stateKeyParam(call), content);
        return Reply.ok(json.object().put("event_id", eventId));
    }

    /** The {@code {stateKey}} path parameter; the route without it (or an empty segment) is the empty key. */
    private static String stateKeyParam(Call call) {
        String stateKey = call.paramOrNull("stateKey");
        return stateKey == null ? "" : stateKey;
    }

    /** {@code GET /directory/room/{roomAlias}}: the room id and the servers that know it. */
    public Reply resolveAlias(Call call) {
        String alias = call.param("roomAlias");
        if (!alias.startsWith("#") || alias.indexOf(':') < 0) {
            throw MatrixError.invalidParam("Room alias must look like #name:server, got '"
                    + HomeserverState.abbreviate(alias) + "' (encode '#' as %23 in the path)");
        }
        String roomId = state.resolveAlias(alias).orElseThrow(() ->
                MatrixError.notFound("Room alias " + HomeserverState.abbreviate(alias) + " not found"));
        ObjectNode body = json.object();
        body.put("room_id", roomId);
        body.putArray("servers").add(state.serverName());
        return Reply.ok(body);
    }

    /** {@code POST /join/{roomIdOrAlias}}. */
    public Reply joinByIdOrAlias(Call call) {
        return join(call, call.param("roomIdOrAlias"));
    }

    /** {@code POST /rooms/{roomId}/join}. */
    public Reply joinRoom(Call call) {
        return join(call, roomIdParam(call));
    }

    private Reply join(Call call, String roomIdOrAlias) {
        Session session = call.session();
        if (call.strict()) {
            if (call.bodyIsBlank()) {
                throw MatrixError.notJson("Refused by the strict profile (rule: join needs a JSON object body): "
                        + "send {} (tuwunel refuses an empty or null body)");
            }
            call.jsonObject();
        } else {
            call.jsonObjectOrEmpty();
        }
        String roomId = state.join(session.userId(), roomIdOrAlias, false);
        return Reply.ok(json.object().put("room_id", roomId));
    }

    public Reply invite(Call call) {
        Session session = call.session();
        ObjectNode request = call.jsonObject();
        String invitee = Call.requiredString(request, "user_id");
        state.invite(session.userId(), roomIdParam(call), invitee);
        return Reply.ok(json.object());
    }

    public Reply leave(Call call) {
        Session session = call.session();
        call.jsonObjectOrEmpty();
        state.leave(session.userId(), roomIdParam(call));
        return Reply.ok(json.object());
    }

    public Reply joinedRooms(Call call) {
        Session session = call.session();
        ObjectNode body = json.object();
        ArrayNode rooms = body.putArray("joined_rooms");
        state.joinedRooms(session.userId()).forEach(rooms::add);
        return Reply.ok(body);
    }

    /** {@code PUT /rooms/{roomId}/send/{eventType}/{txnId}}: idempotent per device and txnId. */
    public Reply send(Call call) {
        Session session = call.session();
        String roomId = roomIdParam(call);
        String eventType = call.param("eventType");
        String txnId = call.param("txnId");
        if (txnId.isEmpty()) {
            throw MatrixError.invalidParam("The txnId path segment may not be empty");
        }
        ObjectNode content = call.jsonObject();
        String eventId = state.send(session, roomId, eventType, content, txnId, call.body().length);
        return Reply.ok(json.object().put("event_id", eventId));
    }

    /** The legacy {@code POST /rooms/{roomId}/send/{eventType}} without txnId (refused by the strict profile). */
    public Reply sendWithoutTxnId(Call call) {
        if (call.strict()) {
            throw new MatrixError(405, "M_UNRECOGNIZED", "Refused by the strict profile (rule: no send without "
                    + "txnId): POST .../send/{eventType} is not in the spec (Conduit refuses it); use PUT "
                    + ".../send/{eventType}/{txnId}");
        }
        Session session = call.session();
        String roomId = roomIdParam(call);
        ObjectNode content = call.jsonObject();
        String eventId = state.send(session, roomId, call.param("eventType"), content, null, call.body().length);
        return Reply.ok(json.object().put("event_id", eventId));
    }

    /**
     * {@code GET /rooms/{roomId}/messages} with {@code from}, {@code to}, {@code dir} and {@code limit}.
     * Without {@code dir}, Synapse pages forwards; the strict profile requires it, as the spec does.
     */
    public Reply messages(Call call) {
        Session session = call.session();
        String roomId = roomIdParam(call);
        String dir = call.query("dir").orElse(call.strict() ? null : "f");
        if (dir == null) {
            throw MatrixError.missingParam("Refused by the strict profile (rule: /messages needs dir): missing "
                    + "query parameter 'dir' (b or f); Synapse pages forwards without it, the spec requires it");
        }
        if (!dir.equals("b") && !dir.equals("f")) {
            throw MatrixError.invalidParam("Query parameter 'dir' must be b or f");
        }
        int limit = call.queryLong("limit", 0, Integer.MAX_VALUE).map(Long::intValue).orElse(DEFAULT_MESSAGES_LIMIT);
        limit = Math.min(limit, MAX_MESSAGES_LIMIT);
        state.roomIdOf(roomId);
        if (!state.mayRead(session.userId(), roomId)) {
            throw MatrixError.forbidden("User " + session.userId() + " not in room " + roomId);
        }
        List<StoredEvent> events = state.storedEvents(roomId);
        long newest = state.position();
        boolean backwards = dir.equals("b");
        long from = call.query("from").map(StreamToken::parse).orElse(backwards ? newest : 0L);
        Long to = call.query("to").map(StreamToken::parse).orElse(null);
        List<StoredEvent> chunk = new ArrayList<>();
        boolean more = false;
        if (backwards) {
            for (int i = events.size() - 1; i >= 0; i--) {
                long position = events.get(i).position();
                if (position > from || (to != null && position <= to)) {
                    continue;
                }
                if (chunk.size() == limit) {
                    more = true;
                    break;
                }
                chunk.add(events.get(i));
            }
        } else {
            for (StoredEvent event : events) {
                long position = event.position();
                if (position <= from || (to != null && position > to)) {
                    continue;
                }
                if (chunk.size() == limit) {
                    more = true;
                    break;
                }
                chunk.add(event);
            }
        }
        ObjectNode body = json.object();
        body.put("start", StreamToken.format(from));
        if (more && !chunk.isEmpty()) {
            StoredEvent last = chunk.get(chunk.size() - 1);
            body.put("end", StreamToken.format(backwards ? last.position() - 1 : last.position()));
        }
        ArrayNode array = body.putArray("chunk");
        for (StoredEvent event : chunk) {
            array.add(EventFormat.client(json, event.event(), session));
        }
        body.putArray("state");
        return Reply.ok(body);
    }

    /** A {@code {roomId}} path parameter that must be a room id (aliases belong to {@code /join} and directory). */
    private static String roomIdParam(Call call) {
        String roomId = call.param("roomId");
        if (!roomId.startsWith("!") || roomId.indexOf(':') < 0) {
            throw MatrixError.invalidParam("'" + HomeserverState.abbreviate(roomId) + "' is not a room id "
                    + "(!opaque:server; encode '!' as %21): resolve an alias with GET /directory/room/{roomAlias} "
                    + "or join it with POST /join/{roomIdOrAlias}");
        }
        return roomId;
    }
}
