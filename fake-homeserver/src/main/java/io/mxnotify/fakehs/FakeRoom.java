package io.mxnotify.fakehs;

import io.mxnotify.fakehs.internal.EventQuery;
import io.mxnotify.fakehs.internal.HomeserverState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One room of a running fake, for assertions: what arrived, and waiting for it without {@code sleep}.
 * Reading never consumes anything.
 */
public final class FakeRoom {
    private final HomeserverState state;
    private final String roomId;

    FakeRoom(HomeserverState state, String roomId) {
        this.state = state;
        this.roomId = roomId;
    }

    public String roomId() {
        return roomId;
    }

    /** The room's members, aliases and counters now. */
    public RoomSummary summary() {
        return state.summary(roomId);
    }

    /** What clients sent to the room (no state events), oldest first. */
    public List<RoomEvent> events() {
        return state.events(roomId, false);
    }

    /** Every stored event including state events (creation, membership, name), oldest first. */
    public List<RoomEvent> allEvents() {
        return state.events(roomId, true);
    }

    /** The newest event clients sent, if any. */
    public Optional<RoomEvent> latestEvent() {
        List<RoomEvent> events = events();
        return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1));
    }

    /**
     * Waits until at least {@code count} client events are in the room and answers all of them, oldest
     * first; fails with an {@link AssertionError} listing what did arrive when {@code timeout} passes.
     */
    public List<RoomEvent> awaitEvents(int count, Duration timeout) {
        EventQuery query = EventQuery.MESSAGES;
        List<RoomEvent> events = state.await(() -> query.select(state, roomId), found -> found.size() >= count,
                timeout);
        if (events.size() < count) {
            throw new AssertionError("expected at least " + count + " event(s) in " + roomId + " within " + timeout
                    + ", got " + events.size() + ": " + bodies(events));
        }
        return events;
    }

    /** Waits for the newest client event; {@link AssertionError} when none arrives within {@code timeout}. */
    public RoomEvent awaitLatestEvent(Duration timeout) {
        List<RoomEvent> events = awaitEvents(1, timeout);
        return events.get(events.size() - 1);
    }

    private static List<String> bodies(List<RoomEvent> events) {
        return events.stream().map(event -> event.type() + ": " + event.body()).toList();
    }

    @Override
    public String toString() {
        return "FakeRoom[" + roomId + "]";
    }
}
