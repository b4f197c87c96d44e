package io.mxnotify.conformance.properties;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generators for the texts that go through notifier-core: identifier localparts with every character the
 * spec allows (URL-reserved ones, percent signs, non-ASCII, control characters) and message texts full of
 * HTML specials, quotes, line breaks, emoji, right-to-left text and control characters. Both are lists
 * of small "atoms" joined together, so jqwik shrinks them atom by atom to a readable case.
 */
final class MatrixArbitraries {
    /** Characters with a meaning in URLs or HTML: each must arrive as itself. */
    static final List<String> URL_AND_HTML_SPECIALS = List.of("!", "#", "%", "/", "?", "&", "+", "=", "@", "$", ";",
            ",", "'", "\"", "<", ">", "[", "]", "{", "}", "|", "\\", "^", "~", "`", "*", "(", ")", "%21", "%2F",
            "%25", "..", ".", "-", "_");
    /** Letters outside ASCII, right-to-left scripts, bidi controls, and emoji (surrogate pairs, ZWJ sequences). */
    static final List<String> NON_ASCII = List.of("é", "ß", "Ω", "ж", "日本", "한", "שלום", "مرحبا", "\u202E", "\u200F",
            "\u200B", "\uFEFF", "🚀", "👍🏽", "👨‍👩‍👧", "🇩🇪", "\u00A0", "\u0301");
    /** Control characters except NUL (forbidden in identifiers) and ASCII whitespace. */
    static final List<String> CONTROLS = List.of("\u0001", "\u0007", "\u0008", "\u001B", "\u001F", "\u007F", "\u0085");

    private MatrixArbitraries() {
    }

    /**
     * A localpart for a room alias or the opaque part of a room id: any allowed character, 1 to 24 atoms.
     * ASCII whitespace is left out: the spec allows it in alias localparts, but Synapse refuses it
     * ("Invalid characters in room alias") and so does the fake, which follows Synapse.
     */
    static Arbitrary<String> identifierLocalpart() {
        List<String> atoms = new ArrayList<>(URL_AND_HTML_SPECIALS);
        atoms.addAll(NON_ASCII);
        atoms.addAll(CONTROLS);
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1)
                .ofMaxLength(6);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, word),
                        net.jqwik.api.Tuple.of(4, Arbitraries.of(atoms)))
                .list().ofMinSize(1).ofMaxSize(24).map(parts -> String.join("", parts));
    }

    /** A message text: words, spaces, HTML specials, quotes, line breaks, emoji, RTL, controls; never blank. */
    static Arbitrary<String> messageText() {
        List<String> specials = List.of("<", ">", "&", "\"", "'", "<b>", "</p>", "<script>alert(1)</script>",
                "<img src=x onerror=alert(1)>", "&amp;", "&lt;", "&#39;", "&nbsp;", "<!--", "-->", "<br/>",
                "*", "_", "**", "`", "[x](javascript:alert(1))", "# ", "> ", "- ", "1. ", "\\", "{{", "}}");
        List<String> breaks = List.of("\n", "\r\n", "\r", "\n\n", "\t", " ", "  ");
        Arbitrary<String> word = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, word),
                        net.jqwik.api.Tuple.of(3, Arbitraries.of(specials)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.of(breaks)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.of(NON_ASCII)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.of(CONTROLS)))
                .list().ofMinSize(1).ofMaxSize(40).map(parts -> String.join("", parts))
                .filter(text -> !text.isBlank());
    }
}
