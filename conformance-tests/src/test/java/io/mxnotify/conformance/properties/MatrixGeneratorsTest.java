package io.mxnotify.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.pbt.Generators;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the escaping and markup properties' generators reach, checked on many generated values: every
 * atom of the corpus (URL and HTML specials, non-ASCII, RTL, emoji, controls, line breaks) turns up, and
 * the texts keep the shape the properties rely on.
 */
class MatrixGeneratorsTest {
    private static final long SEED = 20261203L;

    @Test
    void identifierLocalpartsHoldEveryAllowedAtom() {
        List<String> localparts = Generators.sample(MatrixGenerators.identifierLocalpart(), 400, SEED);
        assertEquals(List.of(), missing(localparts, MatrixGenerators.URL_AND_HTML_SPECIALS, MatrixGenerators.NON_ASCII,
                MatrixGenerators.CONTROLS));
        assertTrue(localparts.stream().noneMatch(String::isEmpty));
        assertTrue(localparts.stream().noneMatch(l -> l.contains("\u0000") || l.contains(" ") || l.contains("\n")));
        assertTrue(localparts.stream().anyMatch(l -> l.matches("[a-z0-9]+")), "plain words too");
    }

    @Test
    void messageTextsHoldEverySpecialBreakAndNonAsciiAtomAndAreNeverBlank() {
        List<String> texts = Generators.sample(MatrixGenerators.messageText(), 400, SEED);
        assertEquals(List.of(), missing(texts, MatrixGenerators.MESSAGE_SPECIALS, MatrixGenerators.BREAKS,
                MatrixGenerators.NON_ASCII, MatrixGenerators.CONTROLS));
        texts.forEach(text -> assertFalse(text.isBlank(), () -> "blank: " + VisibleText.of(text)));
        assertTrue(texts.stream().anyMatch(text -> text.chars().anyMatch(Character::isUpperCase)), "mixed-case words");
    }

    /** The atoms of the corpora that no value holds, shown with invisible characters spelled out. */
    @SafeVarargs
    private static List<String> missing(List<String> values, List<String>... corpora) {
        return Stream.of(corpora).flatMap(List::stream)
                .filter(atom -> values.stream().noneMatch(value -> value.contains(atom)))
                .map(VisibleText::of).toList();
    }
}
