package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.RoomEvent;

/** An event with its position in the server's stream (for sync and pagination tokens). */
public record StoredEvent(long position, RoomEvent event) {
}
