package io.mxnotify.pbt;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators the project's properties share. */
public final class Generators {
    /** A fresh list element is left out with odds 1 in this (so that shrinking can leave it out). */
    private static final int LEAVE_OUT_ODDS = 4;

    private Generators() {
    }

    /**
     * A list of {@code minSize} to {@code maxSize} elements whose every element past the first
     * {@code minSize} can shrink away on its own, not only the tail: QuickTheories shrinks the recorded
     * random draws, and a plain list shrinks by dropping its tail only, so a failing step sequence would keep
     * every step before the one that matters. Here each element has a draw of its own that shrinks to "left
     * out"; a fresh list leaves out about one element in {@value #LEAVE_OUT_ODDS} (so its length spreads a
     * little below the size drawn). The elements' draws stay in place when one is left out, so what remains
     * is unchanged.
     */
    public static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        return listOf(element, minSize, minSize, maxSize);
    }

    /** {@code minSize} elements always, then up to {@code maxDrawn} in all, each of these left out or not. */
    private static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int minDrawn, int maxDrawn) {
        Gen<Integer> sizes = Generate.range(minDrawn, maxDrawn, minDrawn);
        Gen<Integer> keep = Generate.range(0, LEAVE_OUT_ODDS - 1, 0);
        Gen<List<T>> lists = in -> {
            int size = sizes.generate(in);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                boolean kept = i < minSize || keep.generate(in) != 0;
                T value = element.generate(in);
                if (kept) {
                    list.add(value);
                }
            }
            return list;
        };
        return lists.describedAs(list -> list.stream().map(element::asString)
                .collect(Collectors.joining(", ", "[", "]")));
    }

    /**
     * A sequence of {@code length} elements (steps of a stateful property: always that many, as a fresh
     * sequence of a model-based test should be) of which shrinking can leave out any: it draws a third more
     * elements, leaves out one in {@value #LEAVE_OUT_ODDS} of them as {@link #listOf} does, and keeps the first
     * {@code length}; the few fresh sequences that keep fewer are a little shorter.
     */
    public static <T> Gen<List<T>> sequenceOf(Gen<T> element, int length) {
        int drawn = length + (length + 2) / 3;
        return listOf(element, 0, drawn, drawn).map(list -> list.size() <= length ? list : List.copyOf(list.subList(0, length)));
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

    /** One of the values, shrinking to the first. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(T... values) {
        return Generate.pick(List.of(values));
    }
}
