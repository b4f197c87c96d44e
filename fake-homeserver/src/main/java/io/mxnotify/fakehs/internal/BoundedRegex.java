package io.mxnotify.fakehs.internal;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A caller's regular expression (a journal filter, a fault rule's path) matched at a bounded cost.
 * {@code java.util.regex} backtracks, so {@code (a+)+b} takes exponential time on {@code aaaa…!}; here
 * every character the matcher reads is counted against a {@link Budget}, and a match that runs out of it
 * stops with {@link TooCostly} instead of holding a thread (and whatever it locks) for minutes.
 */
public final class BoundedRegex {
    /** The longest regex taken (a fault rule's path or a journal filter needs far less). */
    public static final int MAX_LENGTH = 1_000;

    private final Pattern pattern;

    private BoundedRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** Compiles a regex; {@link PatternSyntaxException} when it is not one. */
    public static BoundedRegex compile(String regex) {
        if (regex.length() > MAX_LENGTH) { // compiling alone takes seconds at 70,000 characters
            throw new PatternSyntaxException("longer than " + MAX_LENGTH + " characters", HomeserverState.abbreviate(regex), -1);
        }
        try {
            return new BoundedRegex(Pattern.compile(regex));
        } catch (StackOverflowError e) {
            throw new PatternSyntaxException("nested too deeply", HomeserverState.abbreviate(regex), -1);
        }
    }

    public String source() {
        return pattern.pattern();
    }

    /** Whether the regex matches somewhere in {@code text}; {@link TooCostly} when the budget runs out first. */
    public boolean find(CharSequence text, Budget budget) {
        try {
            return pattern.matcher(new CountedChars(text, budget)).find();
        } catch (StackOverflowError e) { // java.util.regex recurses per repetition of some groups, e.g. (a|b)*
            throw new TooCostly(budget.steps);
        }
    }

    /**
     * How much matching may cost: a number of character reads and a deadline, shared by every match
     * made with it (one journal query filters many entries with one budget).
     */
    public static final class Budget {
        private static final int CLOCK_EVERY = 4096;

        private final long steps;
        private final long deadlineNanos;
        private long left;

        private Budget(long steps, long maxNanos) {
            this.steps = steps;
            this.left = steps;
            this.deadlineNanos = System.nanoTime() + maxNanos;
        }

        /** At most {@code steps} character reads and {@code maxMillis} of wall-clock time. */
        public static Budget of(long steps, long maxMillis) {
            return new Budget(steps, maxMillis * 1_000_000L);
        }

        /** The steps allowed in all, for error messages. */
        public long steps() {
            return steps;
        }

        private void spend() {
            left--;
            if (left < 0 || left % CLOCK_EVERY == 0 && System.nanoTime() - deadlineNanos > 0) {
                throw new TooCostly(steps);
            }
        }
    }

    /** A match gave up: the regex backtracks too much on this text (nested quantifiers such as {@code (a*)*}). */
    public static final class TooCostly extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooCostly(long steps) {
            super("the regex needed more than " + steps + " steps (or too long) to match: it backtracks"
                    + " catastrophically, usually through nested quantifiers such as (a+)+ or (a|a)*", null, false, false);
        }
    }

    /** The text as the matcher sees it, every read paid for. */
    private record CountedChars(CharSequence text, Budget budget) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            budget.spend();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountedChars(text.subSequence(start, end), budget);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
