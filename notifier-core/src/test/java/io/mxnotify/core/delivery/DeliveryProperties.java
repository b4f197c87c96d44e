package io.mxnotify.core.delivery;

import io.mxnotify.core.delivery.FaultProxy.Fault;
import io.mxnotify.fakehs.FaultRule;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.PerProperty;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * Never lose, never duplicate: random sequences of sends and flushes against the fake home server
 * under random faults (5xx, 429, delays, timeouts, connections dropped before and after the server
 * stored the event, invalidated tokens), with the notifier process crashing at random steps of the
 * spool's file operations and restarting; then a final clean flush. Every accepted notification must be
 * in its room exactly once, in enqueue order per room, nothing wrongly dead.
 *
 * <p>Kept small for the unit suite; raise with {@code -Dmxnotify.delivery.tries=200
 * -Dmxnotify.delivery.steps=60}.
 */
class DeliveryProperties {

    /** Reads the number of tries from {@code mxnotify.delivery.tries} (default 8). */
    static final class TriesFromSystemProperty implements PerProperty.Lifecycle {
        @Override
        public void before(PropertyLifecycleContext context) {
            context.attributes().setTries(Integer.getInteger("mxnotify.delivery.tries", 8));
        }
    }

    @Property(shrinking = net.jqwik.api.ShrinkingMode.OFF)
    @PerProperty(TriesFromSystemProperty.class)
    void everyAcceptedNotificationArrivesExactlyOnceInOrder(@ForAll("chains") ActionChain<DeliveryWorld> chain) {
        DeliveryWorld world = chain.run();
        try {
            world.drain();
            world.verify();
            Statistics.label("process crashes").collect(bucket(world.crashes()));
            Statistics.label("faults applied").collect(bucket(world.faultsInjected().values().stream()
                    .mapToInt(Integer::intValue).sum()));
            world.faultsInjected().keySet().forEach(kind -> Statistics.label("fault kinds").collect(kind));
        } finally {
            world.close();
        }
    }

    private static String bucket(int n) {
        return n == 0 ? "0" : n < 3 ? "1-2" : n < 10 ? "3-9" : "10+";
    }

    @Provide
    Arbitrary<ActionChain<DeliveryWorld>> chains() {
        return Arbitraries.longs().flatMap(seed ->
                ActionChain.<DeliveryWorld>startWith(() -> new DeliveryWorld(seed))
                        .withAction(6, action(sends()))
                        .withAction(2, action(Arbitraries.just(Transformer.mutate("flush", DeliveryWorld::flush))))
                        .withAction(2, action(faults()))
                        .withAction(2, action(serverFaults()))
                        .withAction(1, action(Arbitraries.of(
                                Transformer.mutate("server revokes the tokens (hard logout)", DeliveryWorld::revokeTokens),
                                Transformer.mutate("server expires the tokens (soft logout)", DeliveryWorld::expireTokens))))
                        .withAction(2, action(crashes()))
                        .withAction(1, action(Arbitraries.just(
                                Transformer.mutate("restart", w -> w.restart(0, false)))))
                        .withMaxTransformations(Integer.getInteger("mxnotify.delivery.steps", 25)));
    }

    private static Action.Independent<DeliveryWorld> action(Arbitrary<Transformer<DeliveryWorld>> transformers) {
        return () -> transformers;
    }

    private static Arbitrary<Transformer<DeliveryWorld>> sends() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(true, true, false))
                .as((room, flush) -> Transformer.mutate("send to room " + room + (flush ? " and flush" : ""),
                        w -> w.send(room, flush)));
    }

    private static Arbitrary<Transformer<DeliveryWorld>> faults() {
        return Arbitraries.of(Fault.class).list().ofMinSize(1).ofMaxSize(4)
                .map(list -> Transformer.mutate("next requests suffer " + list, w -> w.injectFaults(list)));
    }

    /** Faults of the fake home server's own engine on the next send, join or login. */
    private static Arbitrary<Transformer<DeliveryWorld>> serverFaults() {
        Arbitrary<String> paths = Arbitraries.of("/send/", "/join/", "/login");
        Arbitrary<FaultRule.Builder> kinds = Arbitraries.<java.util.function.Supplier<FaultRule.Builder>>of(
                () -> FaultRule.builder().respond(503, "M_UNKNOWN"),
                () -> FaultRule.builder().respond(429, "M_LIMIT_EXCEEDED").retryAfterMs(20),
                () -> FaultRule.builder().delayMs(40),
                () -> FaultRule.builder().dropConnection(FaultRule.DropConnection.BEFORE),
                () -> FaultRule.builder().dropConnection(FaultRule.DropConnection.AFTER),
                () -> FaultRule.builder().dropConnection(FaultRule.DropConnection.RESET),
                () -> FaultRule.builder().dropConnection(FaultRule.DropConnection.TRUNCATE))
                .map(java.util.function.Supplier::get);
        return Combinators.combine(kinds, paths, Arbitraries.integers().between(1, 3))
                .as((kind, path, times) -> {
                    FaultRule rule = kind.path(path).times(times).build();
                    return Transformer.mutate("server fault " + rule.kind() + " x" + times + " on " + path,
                            w -> w.serverFault(rule));
                });
    }

    private static Arbitrary<Transformer<DeliveryWorld>> crashes() {
        return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.of(true, false))
                .as((step, after) -> Transformer.mutate("restart; crash " + (after ? "after" : "before")
                        + " file step " + step, w -> w.restart(step, after)));
    }
}
