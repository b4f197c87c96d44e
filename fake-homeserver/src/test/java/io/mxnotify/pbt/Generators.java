package io.mxnotify.pbt;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
     * A list of {@code minSize} to {@code maxSize} elements (about halfway on average) of which shrinking
     * can leave out any, not only the tail. QuickTheories shrinks the recorded random draws, and a plain
     * list shrinks by dropping its tail only, so a failing step sequence would keep every step before the
     * one that matters. Here the list has twice as many slots as elements past {@code minSize}, each with a
     * draw of its own that is "left out" or "kept" (half and half when fresh) and shrinks to "left out"; the
     * slots' draws stay in place, so leaving one out changes nothing else. When fewer than {@code minSize}
     * are kept, the first ones left out come back.
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

    private static <T> Gen<List<T>> slots(Gen<T> element, int minSize, int minSlots, int maxSlots, int maxSize) {
        Gen<Integer> slotCounts = Generate.range(minSlots, maxSlots, minSlots);
        Gen<Integer> kept = Generate.range(0, 1, 0);
        Gen<List<T>> lists = in -> {
            int slots = slotCounts.generate(in);
            List<T> values = new ArrayList<>(slots);
            boolean[] keep = new boolean[slots];
            int keeping = 0;
            for (int i = 0; i < slots; i++) {
                keep[i] = kept.generate(in) == 1;
                values.add(element.generate(in)); // drawn either way, so that the later slots stay in place
                keeping += keep[i] ? 1 : 0;
            }
            List<T> list = new ArrayList<>(Math.min(slots, maxSize));
            for (int i = 0; i < slots && list.size() < maxSize; i++) {
                if (keep[i] || keeping < minSize) {
                    keeping += keep[i] ? 0 : 1; // too few kept: a left-out one comes back
                    list.add(values.get(i));
                }
            }
            return list;
        };
        return lists.describedAs(list -> list.stream().map(element::asString)
                .collect(Collectors.joining(", ", "[", "]")));
    }

    /**
     * A word of {@code minLength} to {@code maxLength} characters of {@code alphabet}, drawn as a length and
     * one seed rather than a draw per character (which would keep a shrink busy turning letters into others).
     */
    public static Gen<String> wordOf(String alphabet, int minLength, int maxLength) {
        return Generate.range(minLength, maxLength, minLength).zip(Generate.longRange(0, Long.MAX_VALUE, 0),
                (length, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    StringBuilder word = new StringBuilder(length);
                    for (int i = 0; i < length; i++) {
                        word.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    return word.toString();
                });
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
