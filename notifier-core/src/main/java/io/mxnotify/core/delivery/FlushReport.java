package io.mxnotify.core.delivery;

import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.spool.QuarantinedFile;
import io.mxnotify.core.spool.SpoolEntry;
import io.mxnotify.core.spool.SpoolId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a flush did.
 *
 * @param delivered     notifications that reached their rooms, in delivery order
 * @param died          notifications given up during this flush (now in {@code dead/}, with the reason)
 * @param stillQueued   how many notifications are still waiting in the spool
 * @param waiting       for each room with waiting notifications: why they wait
 * @param quarantined   unreadable files moved aside during this flush
 * @param flusherBusy   true when another flusher (process or thread) held the spool, so this call
 *                      delivered nothing itself; that flusher delivers what is queued before it stops
 * @param loginRequired true when delivery stopped because the access token is dead and nothing could renew
 *                      it (no refresh token works, no password configured, or the password was refused):
 *                      a person must log in again ({@code mxnotify login}); the notifications stay queued
 * @param failures      for notifications that died or still wait because of a failure in this flush: the
 *                      kind of that failure, so callers choose exit codes and advice without parsing text
 */
public record FlushReport(List<DeliveredNotification> delivered, List<SpoolEntry> died, int stillQueued,
                          Map<String, String> waiting, List<QuarantinedFile> quarantined, boolean flusherBusy,
                          boolean loginRequired, Map<SpoolId, FailureKind> failures) {

    /** A report of a flush that did not stop for want of a login. */
    public FlushReport(List<DeliveredNotification> delivered, List<SpoolEntry> died, int stillQueued,
                       Map<String, String> waiting, List<QuarantinedFile> quarantined, boolean flusherBusy) {
        this(delivered, died, stillQueued, waiting, quarantined, flusherBusy, false);
    }

    /** A report without failure kinds. */
    public FlushReport(List<DeliveredNotification> delivered, List<SpoolEntry> died, int stillQueued,
                       Map<String, String> waiting, List<QuarantinedFile> quarantined, boolean flusherBusy,
                       boolean loginRequired) {
        this(delivered, died, stillQueued, waiting, quarantined, flusherBusy, loginRequired, Map.of());
    }

    /** Takes immutable copies. */
    public FlushReport {
        delivered = List.copyOf(delivered);
        died = List.copyOf(died);
        waiting = Map.copyOf(waiting);
        quarantined = List.copyOf(quarantined);
        failures = Map.copyOf(failures);
    }


    /** The kind of failure that made this notification die or keeps it waiting, when this flush saw one. */
    public Optional<FailureKind> failureOf(SpoolId id) {
        return Optional.ofNullable(failures.get(id));
    }

    /** True when nothing is left waiting and nothing died. */
    public boolean clean() {
        return stillQueued == 0 && died.isEmpty();
    }
}
