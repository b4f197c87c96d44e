package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.RoomEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal {@code /sync}: joined rooms' timelines, invites and leaves, {@code since} tokens and the
 * {@code timeout} long-poll, plus the filter upload clients do first. Enough for a real client to
 * read what was sent.
 */
public final class SyncEndpoint {
    private static final int DEFAULT_TIMELINE_LIMIT = 10;

    private final JsonCodec json;
    private final HomeserverState state;
    private final Map<String, JsonNode> filters = new ConcurrentHashMap<>();
    private final AtomicLong filterIds = new AtomicLong();

    public SyncEndpoint(JsonCodec json, HomeserverState state) {
        this.json = json;
        this.state = state;
    }

    /** {@code POST /user/{userId}/filter}: stores a filter, answers its id. */
    public Reply uploadFilter(Call call) {
        Session session = call.session();
        if (!session.userId().equals(call.param("userId"))) {
            throw MatrixError.forbidden("Cannot create filters for other users");
        }
        ObjectNode filter = call.jsonObject();
        FilterValidation.check(filter);
        String id = Long.toString(filterIds.incrementAndGet());
        filters.put(session.userId() + '\u0000' + id, filter);
        return Reply.ok(json.object().put("filter_id", id));
    }

    /** {@code GET /user/{userId}/filter/{filterId}}. */
    public Reply getFilter(Call call) {
        Session session = call.session();
        JsonNode filter = filters.get(session.userId() + '\u0000' + call.param("filterId"));
        if (filter == null || !session.userId().equals(call.param("userId"))) {
            throw MatrixError.notFound("No such filter");
        }
        return Reply.ok(filter.deepCopy());
    }

    /** {@code GET /sync}: answers at once without {@code since}; else waits up to {@code timeout} ms for news. */
    public Reply sync(Call call) {
        Session session = call.session();
        Long since = call.query("since").map(StreamToken::parse).orElse(null);
        long timeout = call.queryLong("timeout", 0, Long.MAX_VALUE).orElse(0L);
        timeout = Math.min(timeout, ControlEndpoints.MAX_WAIT_MS);
        int limit = timelineLimit(call, session);
        boolean fullState = call.query("full_state").map("true"::equals).orElse(false);
        if (since == null || fullState) {
            return Reply.ok(state.atomically(() -> build(session, since, limit)));
        }
        ObjectNode answer = state.await(() -> build(session, since, limit), this::hasNews, Duration.ofMillis(timeout));
        return Reply.ok(answer);
    }

    private int timelineLimit(Call call, Session session) {
        String filter = call.query("filter").orElse(null);
        if (filter == null) {
            return DEFAULT_TIMELINE_LIMIT;
        }
        JsonNode node;
        if (filter.startsWith("{")) {
            try {
                node = json.parse(filter);
            } catch (MatrixError e) { // Synapse's words
                throw new MatrixError(400, "M_UNKNOWN", "Invalid filter JSON: " + e.getMessage());
            }
            FilterValidation.check(node);
        } else {
            node = filters.get(session.userId() + '\u0000' + filter);
            if (node == null) { // Synapse answers 400 M_INVALID_PARAM, not 404
                throw MatrixError.invalidParam("No such filter: " + HomeserverState.abbreviate(filter));
            }
        }
        JsonNode limit = node.path("room").path("timeline").path("limit");
        return limit.isInt() && limit.asInt() > 0 ? limit.asInt() : DEFAULT_TIMELINE_LIMIT;
    }

    private boolean hasNews(ObjectNode response) {
        JsonNode rooms = response.path("rooms");
        return rooms.path("join").size() > 0 || rooms.path("invite").size() > 0 || rooms.path("leave").size() > 0
                || response.path("to_device").path("events").size() > 0
                || response.path("device_lists").path("changed").size() > 0;
    }

    private ObjectNode build(Session session, Long since, int limit) {
        String userId = session.userId();
        long now = state.position();
        ObjectNode body = json.object();
        body.put("next_batch", StreamToken.format(now));
        ObjectNode rooms = body.putObject("rooms");
        ObjectNode join = rooms.putObject("join");
        ObjectNode invite = rooms.putObject("invite");
        ObjectNode leave = rooms.putObject("leave");
        for (var summary : state.rooms()) {
            String roomId = summary.roomId();
            List<StoredEvent> events = state.storedEvents(roomId);
            if (summary.members().contains(userId)) {
                List<StoredEvent> fresh = new ArrayList<>();
                for (StoredEvent event : events) {
                    if (since == null || event.position() > since) {
                        fresh.add(event);
                    }
                }
                if (since != null && fresh.isEmpty()) {
                    continue;
                }
                join.set(roomId, joinedRoom(session, events, fresh, limit, since));
            } else if (summary.invited().contains(userId)) {
                StoredEvent inviteEvent = latestMembership(events, userId);
                if (since == null || (inviteEvent != null && inviteEvent.position() > since)) {
                    ObjectNode room = invite.putObject(roomId);
                    ArrayNode stripped = room.putObject("invite_state").putArray("events");
                    for (RoomEvent stateEvent : currentState(events, Long.MAX_VALUE).values()) {
                        ObjectNode strippedEvent = stripped.addObject();
                        strippedEvent.put("type", stateEvent.type());
                        strippedEvent.put("state_key", stateEvent.stateKey());
                        strippedEvent.put("sender", stateEvent.sender());
                        strippedEvent.set("content", stateEvent.content());
                    }
                }
            } else if (since != null) {
                StoredEvent left = latestMembership(events, userId);
                if (left != null && left.position() > since
                        && "leave".equals(left.event().content().path("membership").asText())) {
                    ObjectNode room = leave.putObject(roomId);
                    room.putObject("timeline").putArray("events").add(EventFormat.client(json, left.event(), session));
                    room.putObject("state").putArray("events");
                }
            }
        }
        body.putObject("account_data").putArray("events");
        body.putObject("presence").putArray("events");
        HomeserverState.EncryptionNews news = state.encryptionNews(session, since);
        ArrayNode toDevice = body.putObject("to_device").putArray("events");
        for (var message : news.toDevice()) {
            toDevice.addObject().put("sender", message.sender()).put("type", message.type()).set("content", message.content());
        }
        ObjectNode deviceLists = body.putObject("device_lists");
        ArrayNode changed = deviceLists.putArray("changed");
        news.changedUsers().forEach(changed::add);
        deviceLists.putArray("left");
        ObjectNode counts = body.putObject("device_one_time_keys_count");
        counts.put("signed_curve25519", 0);
        news.oneTimeKeyCounts().forEach(counts::put);
        ArrayNode fallbackTypes = body.putArray("device_unused_fallback_key_types");
        news.fallbackKeyTypes().forEach(fallbackTypes::add);
        return body;
    }

    private ObjectNode joinedRoom(Session session, List<StoredEvent> all, List<StoredEvent> fresh, int limit, Long since) {
        boolean limited = fresh.size() > limit;
        List<StoredEvent> timeline = limited ? fresh.subList(fresh.size() - limit, fresh.size()) : fresh;
        ObjectNode room = json.object();
        ObjectNode timelineNode = room.putObject("timeline");
        ArrayNode events = timelineNode.putArray("events");
        for (StoredEvent event : timeline) {
            events.add(EventFormat.client(json, event.event(), session));
        }
        timelineNode.put("limited", limited || (since == null && timeline.size() < all.size()));
        long firstPosition = timeline.isEmpty() ? state.position() : timeline.get(0).position();
        timelineNode.put("prev_batch", StreamToken.format(firstPosition - 1));
        ArrayNode stateEvents = room.putObject("state").putArray("events");
        boolean newlyJoined = since != null && fresh.stream().anyMatch(stored ->
                "m.room.member".equals(stored.event().type()) && session.userId().equals(stored.event().stateKey())
                        && "join".equals(stored.event().content().path("membership").asText()));
        if (since == null || limited || newlyJoined) {
            for (RoomEvent stateEvent : currentState(all, firstPosition).values()) {
                stateEvents.add(EventFormat.client(json, stateEvent, session));
            }
        }
        room.putObject("ephemeral").putArray("events");
        room.putObject("account_data").putArray("events");
        room.putObject("unread_notifications").put("highlight_count", 0).put("notification_count", 0);
        return room;
    }

    /** The latest state event per (type, state_key) stored before {@code beforePosition}. */
    private static Map<String, RoomEvent> currentState(List<StoredEvent> events, long beforePosition) {
        Map<String, RoomEvent> current = new LinkedHashMap<>();
        for (StoredEvent stored : events) {
            RoomEvent event = stored.event();
            if (event.stateKey() != null && stored.position() < beforePosition) {
                current.put(event.type() + '\u0000' + event.stateKey(), event);
            }
        }
        return current;
    }

    private static StoredEvent latestMembership(List<StoredEvent> events, String userId) {
        StoredEvent latest = null;
        for (StoredEvent stored : events) {
            if ("m.room.member".equals(stored.event().type()) && userId.equals(stored.event().stateKey())) {
                latest = stored;
            }
        }
        return latest;
    }
}
