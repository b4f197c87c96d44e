package io.mxnotify.pbt;

import java.util.List;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Reporter;

/**
 * Turns a falsified property into an {@link AssertionError} that says the smallest counterexample, what
 * failed for it (the cause, with its stack trace, as the error's cause), the first counterexample found,
 * and the seed with the command line that replays the run. Prints nothing itself.
 */
final class ReplayableFailure implements Reporter {
    // QuickTheories 0.26 spells its two falsification callbacks "falisification".
    private final String test;

    ReplayableFailure(String test) {
        this.test = test;
    }

    @Override
    public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> examples,
            AsString<Object> toString) {
        throw new AssertionError(message(seed, count, smallest, String.valueOf(cause), examples, toString), cause);
    }

    @Override
    public void falisification(long seed, int count, Object smallest, List<Object> examples,
            AsString<Object> toString) {
        throw new AssertionError(message(seed, count, smallest, "the property answered false", examples, toString));
    }

    @Override
    public void valuesExhausted(int completedExamples) {
        throw new IllegalStateException("the generator gave up: only " + completedExamples
                + " tries found a value its filter accepts; loosen the filter or generate valid values directly");
    }

    /** {@code examples}: the larger counterexamples, from the next smallest to the first one found. */
    private String message(long seed, int count, Object smallest, String failure, List<Object> examples,
            AsString<Object> toString) {
        StringBuilder text = new StringBuilder()
                .append("Property falsified on try ").append(count).append(", shrunk ").append(examples.size())
                .append(examples.size() == 1 ? " time" : " times").append(" to:\n  ")
                .append(toString.asString(smallest))
                .append("\nFailure: ").append(failure);
        if (!examples.isEmpty()) {
            text.append("\nFirst counterexample found: ").append(toString.asString(examples.get(examples.size() - 1)));
        }
        return text.append("\nSeed: ").append(seed).append(" (replay: mvn ... -Dtest='").append(test)
                .append("' -D").append(PropertyRun.SEED).append('=').append(seed).append(')').toString();
    }
}
