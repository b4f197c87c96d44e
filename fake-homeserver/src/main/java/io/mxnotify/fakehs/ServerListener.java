package io.mxnotify.fakehs;

/**
 * Hears what changes on a running fake, e.g. to push it to a live page. Called on one notification
 * thread per server, in the order things happened; a slow listener delays only other listeners.
 * Register with {@link FakeHomeserver#subscribe(ServerListener)}.
 */
public interface ServerListener {

    /** A new event was stored in a room (message or state event). */
    default void eventStored(RoomEvent event) {
    }

    /** A room was created or its members, aliases or name changed. */
    default void roomChanged(RoomSummary room) {
    }

    /** Events were removed from a room (retention cap or {@code clearRoom}). */
    default void roomCleared(String roomId) {
    }

    /** The fault rules changed (added, fired their last time, cleared). */
    default void faultsChanged() {
    }

    /** One user's device count passed the warning threshold (a notifier that logs in on every run). */
    default void deviceThresholdExceeded(String userId, int deviceCount) {
    }

    /** The server went back to its seed state: everything shown before is gone. */
    default void reset() {
    }
}
