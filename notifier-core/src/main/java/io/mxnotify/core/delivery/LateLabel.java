package io.mxnotify.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Whether and how a notification that arrives late says so, the way the RouterOS notification module
 * does: a line "This message was queued since ... and may be obsolete." appended to {@code body} and to
 * {@code formatted_body}. A notification counts as late when an earlier delivery attempt failed or when
 * it waited longer than {@code after}.
 *
 * @param enabled whether late notifications are labelled at all
 * @param after   how long a notification may wait (without failures) before it counts as late
 * @param zone    the time zone the queued-since time is written in
 */
public record LateLabel(boolean enabled, Duration after, ZoneId zone) {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    /** Validates. */
    public LateLabel {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(zone, "zone");
        if (after.isNegative()) {
            throw new IllegalArgumentException("late label threshold must not be negative, got " + after);
        }
    }

    /** On, after one minute, in the system time zone. */
    public static LateLabel defaults() {
        return new LateLabel(true, Duration.ofMinutes(1), ZoneId.systemDefault());
    }

    /** Never label. */
    public static LateLabel off() {
        return new LateLabel(false, Duration.ofMinutes(1), ZoneId.systemDefault());
    }

    /** Whether a notification with this history, delivered at {@code now}, gets the label. */
    public boolean applies(Instant enqueuedAt, int failedAttempts, Instant now) {
        return enabled && (failedAttempts > 0 || Duration.between(enqueuedAt, now).compareTo(after) > 0);
    }

    /** The sentence, e.g. "This message was queued since 2026-11-27 15:14:24 UTC and may be obsolete." */
    public String sentence(Instant enqueuedAt) {
        String when = zone.normalized().equals(ZoneOffset.UTC)
                ? LOCAL.format(enqueuedAt.atZone(zone)) + " UTC" : FORMAT.format(enqueuedAt.atZone(zone));
        return "This message was queued since " + when + " and may be obsolete.";
    }
}
