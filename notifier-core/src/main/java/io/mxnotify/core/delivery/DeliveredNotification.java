package io.mxnotify.core.delivery;

import io.mxnotify.core.spool.SpoolId;

/**
 * A notification that reached its room during a flush.
 *
 * @param id      its former spool id
 * @param room    the room as given by the sender
 * @param eventId the event id the server assigned
 * @param late    whether it carried the "queued since" label
 */
public record DeliveredNotification(SpoolId id, String room, String eventId, boolean late) {
}
