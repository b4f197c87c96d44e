package io.mxnotify.fakehs.internal;

import java.util.function.Supplier;

/**
 * What happens around routing a request: fault rules, rate limits, the journal and metrics.
 * {@link #around} may answer on its own (an injected error), let the request through, or take over
 * the connection (a dropped connection), in which case it answers {@code null}.
 */
@FunctionalInterface
public interface RequestPipeline {
    Reply around(Exchange exchange, Supplier<Reply> routing);

    /** No faults, no limits, no journal. */
    static RequestPipeline direct() {
        return (exchange, routing) -> routing.get();
    }
}
