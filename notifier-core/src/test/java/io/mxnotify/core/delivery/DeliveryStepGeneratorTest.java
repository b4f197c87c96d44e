package io.mxnotify.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.delivery.DeliveryStep.CrashingRestart;
import io.mxnotify.core.delivery.DeliveryStep.NetworkFaults;
import io.mxnotify.core.delivery.DeliveryStep.Send;
import io.mxnotify.core.delivery.DeliveryStep.ServerFault;
import io.mxnotify.core.delivery.DeliveryStep.ServerFaultKind;
import io.mxnotify.core.delivery.TokenRecoveryProperties.Schedule;
import io.mxnotify.core.delivery.TokenRecoveryProperties.Step;
import io.mxnotify.pbt.Generators;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What the delivery and token properties' generators reach, checked on many generated values (no world
 * is run): every kind of step, fault, server fault and crash point, so the properties keep the reach the
 * delivery model has always had.
 */
class DeliveryStepGeneratorTest {
    private static final long SEED = 20261203L;

    private final List<DeliveryProperties.Chain> chains = Generators.sample(DeliveryProperties.chains(25), 300, SEED);
    private final List<DeliveryStep> steps = chains.stream().flatMap(chain -> chain.steps().stream()).toList();

    @Test
    void chainsHaveTheirFullLengthUntilShrunk() {
        long full = chains.stream().filter(chain -> chain.steps().size() == 25).count();
        assertTrue(full > chains.size() / 2, () -> full + " of " + chains.size() + " chains have 25 steps");
        assertTrue(chains.stream().allMatch(chain -> chain.steps().size() <= 25));
    }

    @Test
    void everyKindOfStepOccurs() {
        Set<Class<?>> kinds = steps.stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(Set.of(DeliveryStep.Send.class, DeliveryStep.Flush.class, NetworkFaults.class, ServerFault.class,
                DeliveryStep.RevokeTokens.class, DeliveryStep.ExpireTokens.class, CrashingRestart.class,
                DeliveryStep.Restart.class), kinds);
        Set<String> sends = steps.stream().filter(Send.class::isInstance).map(Object::toString).collect(Collectors.toSet());
        assertEquals(Set.of("send to room 0", "send to room 1", "send to room 2", "send to room 0 and flush",
                "send to room 1 and flush", "send to room 2 and flush"), sends);
    }

    @Test
    void everyFaultOfTheProxyAndOfTheServerOccurs() {
        Set<FaultProxy.Fault> proxyFaults = steps.stream().filter(NetworkFaults.class::isInstance)
                .flatMap(step -> ((NetworkFaults) step).faults().stream()).collect(Collectors.toSet());
        assertEquals(EnumSet.allOf(FaultProxy.Fault.class), proxyFaults);
        Set<String> serverFaults = steps.stream().filter(ServerFault.class::isInstance).map(step -> (ServerFault) step)
                .map(fault -> fault.kind() + " on " + fault.path()).collect(Collectors.toSet());
        Set<String> expected = new HashSet<>();
        for (ServerFaultKind kind : ServerFaultKind.values()) {
            for (String path : List.of("/send/", "/join/", "/login")) {
                expected.add(kind + " on " + path);
            }
        }
        assertEquals(expected, serverFaults);
    }

    @Test
    void crashesHappenBeforeAndAfterEveryFileStep() {
        Set<String> crashes = steps.stream().filter(CrashingRestart.class::isInstance).map(Object::toString)
                .collect(Collectors.toSet());
        Set<String> expected = IntStream.rangeClosed(1, 40).boxed()
                .flatMap(step -> List.of("restart; crash before file step " + step,
                        "restart; crash after file step " + step).stream())
                .collect(Collectors.toSet());
        assertEquals(expected, crashes);
    }

    @Test
    void tokenSchedulesReachEveryStepWithAndWithoutPassword() {
        List<Schedule> schedules = Generators.sample(TokenRecoveryProperties.schedules(), 200, SEED);
        Set<Step> seen = schedules.stream().flatMap(schedule -> schedule.steps().stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Step.class)));
        assertEquals(EnumSet.allOf(Step.class), seen);
        assertEquals(Set.of(true, false), schedules.stream().map(Schedule::passwordConfigured).collect(Collectors.toSet()));
        assertTrue(schedules.stream().allMatch(schedule -> schedule.steps().size() >= 4 && schedule.steps().size() <= 24),
                () -> Arrays.toString(schedules.stream().mapToInt(schedule -> schedule.steps().size()).toArray()));
    }
}
