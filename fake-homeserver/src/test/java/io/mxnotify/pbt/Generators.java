package io.mxnotify.pbt;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.ExceptionReporter;
import org.quicktheories.core.Gen;
import org.quicktheories.core.NoGuidance;
import org.quicktheories.core.Strategy;
import org.quicktheories.generators.Generate;

/** QuickTheories generators the project's properties share. */
public final class Generators {
    private Generators() {
    }

    /**
     * A list of {@code minSize} to {@code maxSize} elements (about halfway on average) whose every element
     * past the first {@code minSize} can shrink away on its own, not only the tail. QuickTheories shrinks the
     * recorded random draws, and a plain list shrinks by dropping its tail only, so a failing step sequence
     * would keep every step before the one that matters. Here the list has twice as many slots as extra
     * elements, each with a draw of its own that is "left out" or "kept" (half and half when fresh) and
     * shrinks to "left out"; the slots' draws stay in place, so leaving one out changes nothing else.
     */
    public static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        return slots(element, minSize, minSize, minSize + 2 * (maxSize - minSize), maxSize);
    }

    /**
     * A sequence of {@code length} elements (the steps of a stateful property: a fresh sequence has its full
     * length, or all but a step or two) of which shrinking can leave out any: {@code 2 * length} slots as in
     * {@link #listOf}, the first {@code length} kept ones taken.
     */
    public static <T> Gen<List<T>> sequenceOf(Gen<T> element, int length) {
        return slots(element, 0, 2 * length, 2 * length, length);
    }

    private static <T> Gen<List<T>> slots(Gen<T> element, int alwaysKept, int minSlots, int maxSlots, int maxSize) {
        Gen<Integer> slotCounts = Generate.range(minSlots, maxSlots, minSlots);
        Gen<Integer> kept = Generate.range(0, 1, 0);
        Gen<List<T>> lists = in -> {
            int slots = slotCounts.generate(in);
            List<T> list = new ArrayList<>(Math.min(slots, maxSize));
            for (int i = 0; i < slots; i++) {
                boolean keep = i < alwaysKept || kept.generate(in) == 1;
                T value = element.generate(in); // drawn either way, so that the later slots stay in place
                if (keep && list.size() < maxSize) {
                    list.add(value);
                }
            }
            return list;
        };
        return lists.describedAs(list -> list.stream().map(element::asString)
                .collect(Collectors.joining(", ", "[", "]")));
    }

    /** A string of {@code minLength} to {@code maxLength} characters of {@code alphabet}; shrinks to its first. */
    public static Gen<String> stringOf(String alphabet, int minLength, int maxLength) {
        Gen<Integer> lengths = Generate.range(minLength, maxLength, minLength);
        Gen<Integer> letters = Generate.range(0, alphabet.length() - 1, 0);
        return in -> {
            int length = lengths.generate(in);
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(letters.generate(in)));
            }
            return text.toString();
        };
    }

    /**
     * {@code count} values of the generator as a property would see them (the boundary cases first, then
     * random ones; repeats skipped), from a fixed seed: for tests that check what a generator reaches.
     */
    public static <T> List<T> sample(Gen<T> generator, int count, long seed) {
        List<T> values = new ArrayList<>();
        QuickTheory.qt(() -> new Strategy(Configuration.defaultPRNG(seed), count, -1, 0, 100,
                new ExceptionReporter(), prng -> new NoGuidance())).forAll(generator).checkAssert(values::add);
        return values;
    }

    /** One of the values, shrinking to the first. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(T... values) {
        return Generate.pick(List.of(values));
    }
}
