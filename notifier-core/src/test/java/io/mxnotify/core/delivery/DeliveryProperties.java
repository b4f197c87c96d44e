package io.mxnotify.core.delivery;

import io.mxnotify.core.delivery.DeliveryStep.CrashingRestart;
import io.mxnotify.core.delivery.DeliveryStep.ExpireTokens;
import io.mxnotify.core.delivery.DeliveryStep.Flush;
import io.mxnotify.core.delivery.DeliveryStep.NetworkFaults;
import io.mxnotify.core.delivery.DeliveryStep.Restart;
import io.mxnotify.core.delivery.DeliveryStep.RevokeTokens;
import io.mxnotify.core.delivery.DeliveryStep.Send;
import io.mxnotify.core.delivery.DeliveryStep.ServerFault;
import io.mxnotify.core.delivery.DeliveryStep.ServerFaultKind;
import io.mxnotify.core.delivery.FaultProxy.Fault;
import io.mxnotify.pbt.Generators;
import io.mxnotify.pbt.PropertyRun;
import io.mxnotify.pbt.StepSequence;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Never lose, never duplicate: random sequences of sends and flushes against the fake home server
 * under random faults (5xx, 429, delays, timeouts, connections dropped before and after the server
 * stored the event, invalidated tokens), with the notifier process crashing at random steps of the
 * spool's file operations and restarting; then a final clean flush. Every accepted notification must be
 * in its room exactly once, in enqueue order per room, nothing wrongly dead.
 *
 * <p>A QuickTheories property over generated {@link Chain}s of {@link DeliveryStep}s. Kept small for the
 * unit suite (8 tries of 25 steps); raise with {@code -Dmxnotify.delivery.tries=200
 * -Dmxnotify.delivery.steps=60}. A failure shrinks the chain (simpler steps, then steps left out) within
 * 80 further runs and prints the seed that replays it (see {@link PropertyRun}).
 */
class DeliveryProperties {
    static final String TRIES = "mxnotify.delivery.tries";
    static final String STEPS = "mxnotify.delivery.steps";
    /** Each run takes a second or more (fault timeouts, restarts): a bounded shrink. */
    private static final int SHRINK_RUNS = 80;

    /** The seed of the world's own randomness (spool ids, backoff jitter) and the steps to take. */
    record Chain(long worldSeed, List<DeliveryStep> steps) implements StepSequence<DeliveryStep, Chain> {
        @Override
        public Chain withSteps(List<DeliveryStep> fewer) {
            return new Chain(worldSeed, fewer);
        }

        @Override
        public String toString() {
            return steps.size() + " steps (world seed " + worldSeed + "): " + steps;
        }
    }

    @Test
    void everyAcceptedNotificationArrivesExactlyOnceInOrder() {
        PropertyRun.checkSteps(PropertyRun.tries(TRIES, 8), SHRINK_RUNS, chains(Integer.getInteger(STEPS, 25)),
                DeliveryProperties::runAndVerify);
    }

    private static void runAndVerify(Chain chain) {
        try (DeliveryWorld world = new DeliveryWorld(chain.worldSeed())) {
            for (DeliveryStep step : chain.steps()) {
                step.applyTo(world);
            }
            world.drain();
            world.verify();
        }
    }

    /** Chains of {@code maxSteps} steps (fewer once shrunk), weighted as the delivery model has always been. */
    static Gen<Chain> chains(int maxSteps) {
        Gen<DeliveryStep> step = Generate.frequency(List.of(
                Pair.of(6, sends()),
                Pair.of(2, Generate.<DeliveryStep>constant(new Flush())),
                Pair.of(2, networkFaults()),
                Pair.of(2, serverFaults()),
                Pair.of(1, Generators.<DeliveryStep>oneOf(new RevokeTokens(), new ExpireTokens())),
                Pair.of(2, crashingRestarts()),
                Pair.of(1, Generate.<DeliveryStep>constant(new Restart()))));
        return Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE)
                .zip(Generators.sequenceOf(step, maxSteps), Chain::new);
    }

    private static Gen<DeliveryStep> sends() {
        return Generate.range(0, 2).zip(Generators.oneOf(true, true, false), Send::new);
    }

    private static Gen<DeliveryStep> networkFaults() {
        return Generators.listOf(Generate.enumValues(Fault.class), 1, 4).map(NetworkFaults::new);
    }

    /** Faults of the fake home server's own engine on the next send, join or login. */
    private static Gen<DeliveryStep> serverFaults() {
        return Generate.enumValues(ServerFaultKind.class)
                .zip(Generators.oneOf("/send/", "/join/", "/login"), Generate.range(1, 3), ServerFault::new);
    }

    private static Gen<DeliveryStep> crashingRestarts() {
        return Generate.range(1, 40).zip(Generators.oneOf(true, false), CrashingRestart::new);
    }
}
