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
 * {@code formatted_body}. A notification counts as late when it is delivered more than {@code after} after
 * it was queued, whatever delayed it. A failed attempt alone does not make it late: a rate limit waited
 * out for a few seconds, or a retry after a lost answer, delivers a notification that is still current.
 *
 * @param enabled whether late notifications are labelled at all
 * @param after   how long a notification may wait before it counts as late ({@link #DEFAULT_THRESHOLD})
 * @param zone    the time zone the queued-since time is written in
 */
public record LateLabel(boolean enabled, Duration after, ZoneId zone) {

    /** The default threshold: a notification delivered more than a minute after it was queued is late. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofMinutes(1);

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

    /** On, after {@link #DEFAULT_THRESHOLD}, in the system time zone. */
    public static LateLabel defaults() {
        return after(DEFAULT_THRESHOLD);
    }

    /** On, after {@code threshold}, in the system time zone. */
    public static LateLabel after(Duration threshold) {
        return new LateLabel(true, threshold, ZoneId.systemDefault());
    }

    /** Never label. */
    public static LateLabel off() {
        return new LateLabel(false, DEFAULT_THRESHOLD, ZoneId.systemDefault());
    }

    /** Whether a notification queued at {@code enqueuedAt} and delivered at {@code now} gets the label. */
    public boolean applies(Instant enqueuedAt, Instant now) {
        return enabled && Duration.between(enqueuedAt, now).compareTo(after) > 0;
    }

    /** The sentence, e.g. "This message was queued since 2026-11-27 15:14:24 UTC and may be obsolete." */
    public String sentence(Instant enqueuedAt) {
        String when = zone.normalized().equals(ZoneOffset.UTC)
                ? LOCAL.format(enqueuedAt.atZone(zone)) + " UTC" : FORMAT.format(enqueuedAt.atZone(zone));
        return "This message was queued since " + when + " and may be obsolete.";
    }
}
