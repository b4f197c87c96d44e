package io.mxnotify.pbt;

/**
 * A property failed: says the smallest counterexample, what failed for it (also this error's cause, with
 * its stack trace), the first counterexample found, and the seed with the command line that replays the
 * run.
 */
final class PropertyFalsified extends AssertionError {
    private static final long serialVersionUID = 1L;

    /** What a failed run found. */
    record Report(String test, long seed, int tries, String smallest, Throwable cause, String firstFound,
            int shrinks, int stepsLeftOut) {

        /** This report with a smaller counterexample, after {@code leftOut} more steps were left out. */
        Report smaller(Object value, Throwable newCause, int leftOut) {
            return new Report(test, seed, tries, String.valueOf(value), newCause, firstFound, shrinks,
                    stepsLeftOut + leftOut);
        }

        String message() {
            StringBuilder text = new StringBuilder("Property falsified on try ").append(tries).append(", shrunk ")
                    .append(shrinks).append(shrinks == 1 ? " time" : " times");
            if (stepsLeftOut > 0) {
                text.append(" and ").append(stepsLeftOut).append(stepsLeftOut == 1 ? " step" : " steps")
                        .append(" left out");
            }
            text.append(" to:\n  ").append(smallest).append("\nFailure: ")
                    .append(cause == null ? "the property answered false" : cause.toString());
            if (firstFound != null) {
                text.append("\nFirst counterexample found: ").append(firstFound);
            }
            return text.append("\nSeed: ").append(seed).append(" (replay: mvn ... -Dtest='").append(test)
                    .append("' -D").append(PropertyRun.SEED).append('=').append(seed).append(')').toString();
        }
    }

    private final transient Report report;
    private final transient Object smallestValue;

    PropertyFalsified(Report report, Object smallestValue) {
        super(report.message(), report.cause());
        this.report = report;
        this.smallestValue = smallestValue;
    }

    Report report() {
        return report;
    }

    Object smallestValue() {
        return smallestValue;
    }
}
