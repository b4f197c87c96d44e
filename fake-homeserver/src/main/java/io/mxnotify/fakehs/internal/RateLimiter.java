package io.mxnotify.fakehs.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A token bucket per caller (user id, or client address when unauthenticated), as Synapse's rate limiter:
 * {@code perSecond} requests per second on average, bursts up to {@code burst}.
 */
public final class RateLimiter {
    private final double perSecond;
    private final int burst;
    private final Map<String, double[]> buckets = new HashMap<>();

    public RateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code caller}; empty when allowed, else how long to wait in milliseconds. */
    public synchronized OptionalLong acquire(String caller, long nowNanos) {
        double[] bucket = buckets.computeIfAbsent(caller, key -> new double[] {burst, nowNanos});
        double elapsedSeconds = (nowNanos - bucket[1]) / 1e9;
        bucket[0] = Math.min(burst, bucket[0] + elapsedSeconds * perSecond);
        bucket[1] = nowNanos;
        if (bucket[0] >= 1) {
            bucket[0] -= 1;
            return OptionalLong.empty();
        }
        long waitMs = (long) Math.ceil((1 - bucket[0]) / perSecond * 1000);
        return OptionalLong.of(Math.max(1, waitMs));
    }

    public synchronized void clear() {
        buckets.clear();
    }
}
