package io.mxnotify.pbt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The second stage of shrinking a step sequence: leaves out runs of steps, halving the run length down to
 * single steps, and keeps every removal after which the property still fails (a delta-debugging pass). It
 * runs the property once per attempt, within a budget, and is deterministic, so a replayed seed shrinks
 * the same way.
 */
final class StepRemoval {

    /** What is left: the value, the failure it still causes, and how many steps were left out. */
    record Result<T>(T value, Throwable cause, int stepsLeftOut) {
    }

    private StepRemoval() {
    }

    static <S, T extends StepSequence<S, T>> Result<T> shrink(T failing, Throwable cause, Consumer<T> property,
            int budget) {
        List<S> steps = failing.steps();
        T smallest = failing;
        Throwable smallestCause = cause;
        int runs = 0;
        int chunk = Math.max(1, steps.size() / 2);
        while (!steps.isEmpty() && runs < budget) {
            boolean removed = false;
            int start = 0;
            while (start < steps.size() && runs < budget) {
                List<S> candidate = new ArrayList<>(steps.subList(0, start));
                candidate.addAll(steps.subList(Math.min(steps.size(), start + chunk), steps.size()));
                T value = failing.withSteps(List.copyOf(candidate));
                runs++;
                Throwable failure = failureOf(property, value);
                if (failure != null) {
                    steps = candidate;
                    smallest = value;
                    smallestCause = failure;
                    removed = true;
                } else {
                    start += chunk;
                }
            }
            if (!removed) {
                if (chunk == 1) {
                    break;
                }
                chunk /= 2;
            } else {
                chunk = Math.max(1, Math.min(chunk, steps.size() / 2));
            }
        }
        return new Result<>(smallest, smallestCause, failing.steps().size() - steps.size());
    }

    private static <T> Throwable failureOf(Consumer<T> property, T value) {
        try {
            property.accept(value);
            return null;
        } catch (Throwable failure) { // what QuickTheories counts as falsified, too
            return failure;
        }
    }
}
