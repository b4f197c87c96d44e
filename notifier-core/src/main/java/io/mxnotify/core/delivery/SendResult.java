package io.mxnotify.core.delivery;

import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.spool.SpoolId;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to {@link Notifier#send}: the notification is always durably spooled first, so the only
 * question is whether it already reached the room.
 *
 * @param status  delivered, still queued, or given up
 * @param id      its spool id (for {@code mxnotify queue} commands)
 * @param room    the room as given
 * @param eventId the event id in the room when delivered
 * @param reason  for queued and dead: why, in words a user can act on; empty when delivered
 * @param failure for queued and dead: the kind of failure behind it when there was one (a program picks an
 *                exit code or a remedy from it, e.g. {@link FailureKind#UNKNOWN_TOKEN}: log in again)
 */
public record SendResult(SendStatus status, SpoolId id, String room, Optional<String> eventId, String reason,
                         Optional<FailureKind> failure) {

    /** Validates. */
    public SendResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(reason, "reason");
        failure = Objects.requireNonNullElse(failure, Optional.empty());
        if (status == SendStatus.DELIVERED && eventId.isEmpty()) {
            throw new IllegalArgumentException("a delivered notification has an event id");
        }
    }

    /** A result without a failure kind. */
    public SendResult(SendStatus status, SpoolId id, String room, Optional<String> eventId, String reason) {
        this(status, id, room, eventId, reason, Optional.empty());
    }

    /** True when it is in the room. */
    public boolean delivered() {
        return status == SendStatus.DELIVERED;
    }
}
