package io.mxnotify.core.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the engine tries before giving a notification up (moving it to {@code dead/}), how long it
 * waits between tries, and how late notifications are labelled. The defaults suit notifications: keep
 * trying for three days, backing off up to ten minutes between tries.
 *
 * @param maxAge      give up on a notification queued longer than this (counted from enqueue or re-queue)
 * @param maxAttempts give up after this many failed attempts
 * @param backoff     waits after network errors and 5xx answers (and 429 answers without retry_after_ms)
 * @param lateLabel   the "queued since" line on late notifications
 * @param sendPatience how long {@link Notifier#send} keeps retrying before it answers "queued"
 */
public record DeliveryPolicy(Duration maxAge, int maxAttempts, Backoff backoff, LateLabel lateLabel,
                             Duration sendPatience) {

    /** Validates every field. */
    public DeliveryPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(lateLabel, "lateLabel");
        Objects.requireNonNull(sendPatience, "sendPatience");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max age must be positive, got " + maxAge);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        if (sendPatience.isNegative()) {
            throw new IllegalArgumentException("send patience must not be negative, got " + sendPatience);
        }
    }

    /** Three days, 10,000 attempts, {@link Backoff#defaults()}, {@link LateLabel#defaults()}, 10 s patience. */
    public static DeliveryPolicy defaults() {
        return new DeliveryPolicy(Duration.ofDays(3), 10_000, Backoff.defaults(), LateLabel.defaults(),
                Duration.ofSeconds(10));
    }

    /** This policy with another maximum age. */
    public DeliveryPolicy withMaxAge(Duration value) {
        return new DeliveryPolicy(value, maxAttempts, backoff, lateLabel, sendPatience);
    }

    /** This policy with another maximum number of attempts. */
    public DeliveryPolicy withMaxAttempts(int value) {
        return new DeliveryPolicy(maxAge, value, backoff, lateLabel, sendPatience);
    }

    /** This policy with another backoff. */
    public DeliveryPolicy withBackoff(Backoff value) {
        return new DeliveryPolicy(maxAge, maxAttempts, value, lateLabel, sendPatience);
    }

    /** This policy with another late label setting ({@link LateLabel#off()} to turn it off). */
    public DeliveryPolicy withLateLabel(LateLabel value) {
        return new DeliveryPolicy(maxAge, maxAttempts, backoff, value, sendPatience);
    }

    /** This policy with another send patience ({@link Duration#ZERO}: one try, then answer). */
    public DeliveryPolicy withSendPatience(Duration value) {
        return new DeliveryPolicy(maxAge, maxAttempts, backoff, lateLabel, value);
    }
}
