package io.mxnotify.conformance.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.pbt.Generators;
import java.util.ArrayList;
import java.util.List;
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
        List<String> atoms = new ArrayList<>(MatrixGenerators.URL_AND_HTML_SPECIALS);
        atoms.addAll(MatrixGenerators.NON_ASCII);
        atoms.addAll(MatrixGenerators.CONTROLS);
        assertEquals(List.of(), missing(atoms, localparts));
        assertTrue(localparts.stream().noneMatch(String::isEmpty));
        assertTrue(localparts.stream().noneMatch(l -> l.contains("\u0000") || l.contains(" ") || l.contains("\n")));
        assertTrue(localparts.stream().anyMatch(l -> l.matches("[a-z0-9]+")), "plain words too");
    }

    @Test
    void messageTextsHoldEverySpecialBreakAndNonAsciiAtomAndAreNeverBlank() {
        List<String> texts = Generators.sample(MatrixGenerators.messageText(), 400, SEED);
        List<String> atoms = new ArrayList<>(MatrixGenerators.MESSAGE_SPECIALS);
        atoms.addAll(MatrixGenerators.BREAKS);
        atoms.addAll(MatrixGenerators.NON_ASCII);
        atoms.addAll(MatrixGenerators.CONTROLS);
        assertEquals(List.of(), missing(atoms, texts));
        texts.forEach(text -> assertFalse(text.isBlank(), () -> "blank: " + VisibleText.of(text)));
        assertTrue(texts.stream().anyMatch(text -> text.chars().anyMatch(Character::isUpperCase)), "mixed-case words");
    }

    private static List<String> missing(List<String> atoms, List<String> values) {
        return atoms.stream().filter(atom -> values.stream().noneMatch(value -> value.contains(atom)))
                .map(VisibleText::of).toList();
    }
}
