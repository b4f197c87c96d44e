package io.mxnotify.pbt;

import java.util.List;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Reporter;

/** Turns a falsified property into a {@link PropertyFalsified} error; prints nothing itself. */
final class ReplayableFailure implements Reporter {
    // QuickTheories 0.26 spells its two falsification callbacks "falisification".
    private final String test;

    ReplayableFailure(String test) {
        this.test = test;
    }

    @Override
    public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> examples,
            AsString<Object> toString) {
        throw falsified(seed, count, smallest, cause, examples, toString);
    }

    @Override
    public void falisification(long seed, int count, Object smallest, List<Object> examples,
            AsString<Object> toString) {
        throw falsified(seed, count, smallest, null, examples, toString);
    }

    @Override
    public void valuesExhausted(int completedExamples) {
        throw new IllegalStateException("the generator gave up: only " + completedExamples
                + " tries found a value its filter accepts; loosen the filter or generate valid values directly");
    }

    /** {@code examples}: the larger counterexamples, from the next smallest to the first one found. */
    private PropertyFalsified falsified(long seed, int count, Object smallest, Throwable cause, List<Object> examples,
            AsString<Object> toString) {
        String firstFound = examples.isEmpty() ? null : toString.asString(examples.get(examples.size() - 1));
        return new PropertyFalsified(new PropertyFalsified.Report(test, seed, count, toString.asString(smallest), cause,
                firstFound, examples.size(), 0), smallest);
    }
}
