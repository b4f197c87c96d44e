package io.mxnotify.core.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: after the n-th consecutive failure wait about
 * {@code initial * 2^(n-1)}, capped at {@code max}, of which a random half is jitter so that many
 * notifiers recovering at once do not hit the server in step.
 *
 * @param initial the wait after the first failure (before jitter)
 * @param max     the longest wait
 */
public record Backoff(Duration initial, Duration max) {

    /** Validates: both positive, initial not above max. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be positive, got " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max " + max + " must not be below initial " + initial);
        }
    }

    /** 2 seconds, doubling up to 10 minutes. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));
    }

    /** The wait after {@code failures} consecutive failures (1 for the first), jittered by {@code random}. */
    public Duration delayAfter(int failures, RandomGenerator random) {
        int exponent = Math.max(0, Math.min(failures - 1, 30));
        long initialMillis = Math.max(1, Math.min(initial.toMillis(), 1L << 32));
        long capped = Math.min(max.toMillis(), initialMillis << exponent);
        long half = capped / 2;
        return Duration.ofMillis(capped - half + (half > 0 ? random.nextLong(half + 1) : 0));
    }
}
