package io.mxnotify.fakehs.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import io.mxnotify.fakehs.RoomEvent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A room: members, aliases and its stored events in order. Mutable, guarded by the {@link StateLock}. */
final class Room {
    final String roomId;
    final String creator;
    final List<String> aliases = new ArrayList<>();
    String name;
    String topic;
    boolean isPublic;
    final Set<String> joined = new LinkedHashSet<>();
    final Set<String> invited = new LinkedHashSet<>();
    /** Users who were joined at some point: they may still read history up to their leave. */
    final Set<String> everJoined = new LinkedHashSet<>();
    final Deque<StoredEvent> events = new ArrayDeque<>();
    /** The current state: the newest state event per type and state key (kept when the retention cap drops events). */
    final Map<String, RoomEvent> state = new LinkedHashMap<>();
    int messageCount;
    long droppedEvents;
    long lastActivityTs;

    /** The key of {@link #state} for an event type and state key. */
    static String stateKey(String type, String stateKey) {
        return type + '\u0000' + stateKey;
    }

    Room(String roomId, String creator, boolean isPublic) {
        this.roomId = roomId;
        this.creator = creator;
        this.isPublic = isPublic;
    }
}
