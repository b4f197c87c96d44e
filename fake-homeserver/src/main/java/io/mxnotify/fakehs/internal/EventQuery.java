package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.RoomEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which events of a room a test wants to see or wait for.
 *
 * @param includeState include state events (creation, membership, ...) and not only what clients sent
 * @param type         only this event type, or {@code null}
 * @param sender       only this sender, or {@code null}
 * @param bodyContains only events whose {@code content.body} contains this text, or {@code null}
 */
public record EventQuery(boolean includeState, String type, String sender, String bodyContains)
        implements Predicate<RoomEvent> {

    public static final EventQuery MESSAGES = new EventQuery(false, null, null, null);

    @Override
    public boolean test(RoomEvent event) {
        if (!includeState && event.isState()) {
            return false;
        }
        if (type != null && !type.equals(event.type())) {
            return false;
        }
        if (sender != null && !sender.equals(event.sender())) {
            return false;
        }
        return bodyContains == null || (event.body() != null && event.body().contains(bodyContains));
    }

    /** The matching events of a room, oldest first. */
    public List<RoomEvent> select(HomeserverState state, String roomIdOrAlias) {
        List<RoomEvent> out = new ArrayList<>();
        for (RoomEvent event : state.events(roomIdOrAlias, true)) {
            if (test(event)) {
                out.add(event);
            }
        }
        return out;
    }
}
