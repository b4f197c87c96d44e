package io.mxnotify.core.spool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One notification as stored in the spool: where it goes, the event content to send, the transaction id
 * chosen when it was enqueued (reused by every retry so the server deduplicates), and its delivery
 * history. Holds no credentials. Instances are immutable; the {@code with...} methods return changed
 * copies that the spool then writes.
 *
 * @param id            the spool's name for it: a sequence number (FIFO order) and the txnId
 * @param room          room id ({@code !...}) or alias ({@code #...}) as given by the sender
 * @param txnId         transaction id for {@code PUT /rooms/{roomId}/send/m.room.message/{txnId}}
 * @param content       the {@code m.room.message} event content, already rendered
 * @param enqueuedAt    when the sender handed it over (shown in the late-delivery label)
 * @param requeuedAt    when it was last taken back from {@code dead/}, or null; the age limit counts from here
 * @param attempts      how many delivery attempts failed so far
 * @param nextAttemptAt not to be tried before this instant
 * @param lastError     why the last attempt failed, or null
 * @param deadReason    set only for entries in {@code dead/}: why delivery was given up
 */
public record SpoolEntry(SpoolId id, String room, String txnId, ObjectNode content, Instant enqueuedAt,
                         Instant requeuedAt, int attempts, Instant nextAttemptAt, String lastError,
                         String deadReason) {

    /** Validates and takes a private copy of the content. */
    public SpoolEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        if (room == null || room.isBlank()) {
            throw new IllegalArgumentException("room must be a room id (!id:server) or alias (#alias:server)");
        }
        if (txnId == null || !txnId.equals(id.txnId())) {
            throw new IllegalArgumentException("txnId " + txnId + " does not match the spool id " + id);
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
        }
        content = content.deepCopy();
    }

    /** A copy of the event content (the stored one cannot be changed through it). */
    @Override
    public ObjectNode content() {
        return content.deepCopy();
    }

    /** The instant the age limit counts from: the last re-queue, else the enqueue. */
    public Instant queuedSince() {
        return requeuedAt != null ? requeuedAt : enqueuedAt;
    }

    /** Whether it may be tried at {@code now}. */
    public boolean isDue(Instant now) {
        return !nextAttemptAt.isAfter(now);
    }

    /** This entry after one more failed attempt. */
    public SpoolEntry withFailedAttempt(String error, Instant retryAt) {
        return new SpoolEntry(id, room, txnId, content, enqueuedAt, requeuedAt, attempts + 1, retryAt,
                error, deadReason);
    }

    /** This entry waiting for something other than its own failure (no attempt counted). */
    public SpoolEntry withWait(String reason, Instant retryAt) {
        return new SpoolEntry(id, room, txnId, content, enqueuedAt, requeuedAt, attempts, retryAt, reason,
                deadReason);
    }

    /** This entry given up, with the reason. */
    public SpoolEntry withDeadReason(String reason) {
        Objects.requireNonNull(reason, "reason");
        return new SpoolEntry(id, room, txnId, content, enqueuedAt, requeuedAt, attempts, nextAttemptAt,
                lastError, reason);
    }

    /** This entry taken back from {@code dead/}: attempts reset, due now, age counted from now. */
    public SpoolEntry requeued(Instant now) {
        return new SpoolEntry(id, room, txnId, content, enqueuedAt, now, 0, now, lastError, null);
    }

    /** Describes the entry without its content (which may be private). */
    @Override
    public String toString() {
        return "SpoolEntry[" + id + " room=" + room + " enqueuedAt=" + enqueuedAt + " attempts=" + attempts
                + " nextAttemptAt=" + nextAttemptAt + (lastError != null ? " lastError=" + lastError : "")
                + (deadReason != null ? " deadReason=" + deadReason : "") + "]";
    }
}
