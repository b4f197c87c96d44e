package io.mxnotify.pbt;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.Gen;
import org.quicktheories.core.NoGuidance;
import org.quicktheories.core.Strategy;

/**
 * How every property test of the project runs on QuickTheories: a number of tries, a bounded shrink, and
 * a seed that a failure prints together with the command line that replays it.
 *
 * <p>System properties (Maven passes {@code -D...} on to the tests):
 * <ul>
 *   <li>{@value #SEED}: the seed of every property run (default: a fresh random one per run). A failure
 *       prints its seed; {@code -Dtest='Class#method' -Dmxnotify.pbt.seed=<seed>} replays it, shrinking
 *       included, when the code under test behaves the same.</li>
 *   <li>{@value #TRIES}: the tries of the properties that follow the suite's count ({@link #suiteTries});
 *       conformance-tests' pom sets it, {@code -Pthorough} raises it.</li>
 *   <li>{@value #SHRINKS}: overrides every property's shrink budget (e.g. more when replaying a seed).</li>
 * </ul>
 */
public final class PropertyRun {
    /** System property: the seed to replay. */
    public static final String SEED = "mxnotify.pbt.seed";
    /** System property: the suite's number of tries. */
    public static final String TRIES = "mxnotify.pbt.tries";
    /** System property: the shrink budget of every property. */
    public static final String SHRINKS = "mxnotify.pbt.shrinks";

    /** Tries of a suite property when nothing sets {@value #TRIES} (conformance-tests' pom default). */
    private static final int SUITE_DEFAULT_TRIES = 60;
    /**
     * QuickTheories first tries three boundary cases (every draw at its shrink target, at its minimum, at its
     * maximum), then random values: the tries asked for are the random ones, these come on top.
     */
    static final int BOUNDARY_TRIES = 3;
    /** Generation attempts per value when a generator filters ({@code assuming}). */
    private static final int GENERATE_ATTEMPTS = 100;

    private PropertyRun() {
    }

    /**
     * A theory of {@code tries} random tries (after the {@value #BOUNDARY_TRIES} boundary cases) that, on
     * failure, shrinks for up to {@code shrinkCycles} further runs of the property (each an execution of it:
     * keep it small for slow properties) and reports the smallest counterexample with its seed and replay
     * command.
     */
    public static QuickTheory checks(int tries, int shrinkCycles) {
        return theory(callingTest(), tries, Integer.getInteger(SHRINKS, shrinkCycles));
    }

    /**
     * Checks a stateful property over step sequences: {@code tries} random tries (after the boundary cases);
     * a failure is shrunk within {@code shrinkRuns} further runs of the property, a quarter of them by
     * QuickTheories (simpler values, fewer steps) and the rest by leaving out runs of steps and single steps
     * ({@link StepRemoval}), so that the counterexample keeps only the steps that matter.
     */
    public static <S, T extends StepSequence<S, T>> void checkSteps(int tries, int shrinkRuns, Gen<T> sequences,
            Consumer<T> property) {
        int budget = Integer.getInteger(SHRINKS, shrinkRuns);
        int byQuickTheories = budget / 4;
        try {
            theory(callingTest(), tries, byQuickTheories).forAll(sequences).checkAssert(property);
        } catch (PropertyFalsified falsified) {
            @SuppressWarnings("unchecked") // the value QuickTheories generated from sequences
            T smallest = (T) falsified.smallestValue();
            StepRemoval.Result<T> removal = StepRemoval.shrink(smallest, falsified.report().cause(), property,
                    budget - byQuickTheories);
            if (removal.stepsLeftOut() == 0) {
                throw falsified;
            }
            throw new PropertyFalsified(falsified.report().smaller(removal.value(), removal.cause(),
                    removal.stepsLeftOut()), removal.value());
        }
    }

    private static QuickTheory theory(String test, int tries, int shrinkCycles) {
        return QuickTheory.qt(() -> new Strategy(Configuration.defaultPRNG(seed()), tries + BOUNDARY_TRIES, -1,
                shrinkCycles, GENERATE_ATTEMPTS, new ReplayableFailure(test), prng -> new NoGuidance()));
    }

    /** The suite's number of tries: {@value #TRIES}, else 60. */
    public static int suiteTries() {
        return Integer.getInteger(TRIES, SUITE_DEFAULT_TRIES);
    }

    /** The number of tries from the given system property, else {@code fallback}. */
    public static int tries(String systemProperty, int fallback) {
        return Integer.getInteger(systemProperty, fallback);
    }

    private static long seed() {
        String configured = System.getProperty(SEED);
        if (configured != null && !configured.isBlank()) {
            try {
                return Long.parseLong(configured.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + SEED + " must be a whole number (the seed a failed run"
                        + " printed), not \"" + configured + "\"", e);
            }
        }
        long seed;
        do {
            seed = ThreadLocalRandom.current().nextLong();
        } while (seed == 0); // QuickTheories' generator turns seed 0 into 1: a printed 0 would not replay
        return seed;
    }

    /**
     * {@code Class#method} of the JUnit test that asked for the theory (the nearest caller annotated
     * {@code @Test}, else the nearest caller), for the replay command.
     */
    private static String callingTest() {
        List<StackWalker.StackFrame> callers = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(frame -> frame.getDeclaringClass() != PropertyRun.class).toList());
        StackWalker.StackFrame test = callers.stream().filter(PropertyRun::isTestMethod).findFirst()
                .orElse(callers.isEmpty() ? null : callers.get(0));
        return test == null ? "<test class>#<method>"
                : simpleName(test.getClassName()) + "#" + test.getMethodName();
    }

    private static boolean isTestMethod(StackWalker.StackFrame frame) {
        return Arrays.stream(frame.getDeclaringClass().getDeclaredMethods())
                .filter(method -> method.getName().equals(frame.getMethodName()))
                .anyMatch(method -> Arrays.stream(method.getAnnotations())
                        .anyMatch(annotation -> annotation.annotationType().getName().equals("org.junit.jupiter.api.Test")));
    }

    private static String simpleName(String className) {
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        return outer.substring(outer.lastIndexOf('.') + 1);
    }
}
