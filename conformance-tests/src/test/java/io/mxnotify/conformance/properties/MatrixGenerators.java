package io.mxnotify.conformance.properties;

import io.mxnotify.pbt.Generators;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators for the texts that go through notifier-core: identifier localparts with every character the
 * spec allows (URL-reserved ones, percent signs, non-ASCII, control characters) and message texts full of
 * HTML specials, quotes, line breaks, emoji, right-to-left text and control characters. Both are lists
 * of small "atoms" joined together, so a counterexample shrinks atom by atom (each atom can be left out,
 * or become a plainer one) to a readable case.
 */
final class MatrixGenerators {
    /** Characters with a meaning in URLs or HTML: each must arrive as itself. */
    static final List<String> URL_AND_HTML_SPECIALS = List.of("!", "#", "%", "/", "?", "&", "+", "=", "@", "$", ";",
            ",", "'", "\"", "<", ">", "[", "]", "{", "}", "|", "\\", "^", "~", "`", "*", "(", ")", "%21", "%2F",
            "%25", "..", ".", "-", "_");
    /** Letters outside ASCII, right-to-left scripts, bidi controls, and emoji (surrogate pairs, ZWJ sequences). */
    static final List<String> NON_ASCII = List.of("é", "ß", "Ω", "ж", "日本", "한", "שלום", "مرحبا", "\u202E", "\u200F",
            "\u200B", "\uFEFF", "🚀", "👍🏽", "👨‍👩‍👧", "🇩🇪", "\u00A0", "\u0301");
    /** Control characters except NUL (forbidden in identifiers) and ASCII whitespace. */
    static final List<String> CONTROLS = List.of("\u0001", "\u0007", "\u0008", "\u001B", "\u001F", "\u007F", "\u0085");

    /** HTML, Markdown and template specials a message may hold. */
    static final List<String> MESSAGE_SPECIALS = List.of("<", ">", "&", "\"", "'", "<b>", "</p>",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;", "&lt;", "&#39;", "&nbsp;", "<!--", "-->", "<br/>",
            "*", "_", "**", "`", "[x](javascript:alert(1))", "# ", "> ", "- ", "1. ", "\\", "{{", "}}");
    /** Line breaks and white space. */
    static final List<String> BREAKS = List.of("\n", "\r\n", "\r", "\n\n", "\t", " ", "  ");

    /** Letters and digits, as words in identifiers. */
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    /** Letters of both cases and digits, as words in messages. */
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private MatrixGenerators() {
    }

    /**
     * A localpart for a room alias or the opaque part of a room id: any allowed character, 1 to 24 atoms.
     * ASCII whitespace is left out: the spec allows it in alias localparts, but Synapse refuses it
     * ("Invalid characters in room alias") and so does the fake, which follows Synapse.
     */
    static Gen<String> identifierLocalpart() {
        List<String> atoms = new ArrayList<>(URL_AND_HTML_SPECIALS);
        atoms.addAll(NON_ASCII);
        atoms.addAll(CONTROLS);
        Gen<String> word = Generators.wordOf(LOWER_ALNUM, 1, 6);
        Gen<String> atom = Generate.frequency(List.of(Pair.of(3, word), Pair.of(4, Generate.pick(atoms))));
        return Generators.listOf(atom, 1, 24).map(parts -> String.join("", parts));
    }

    /** A message text: words, spaces, HTML specials, quotes, line breaks, emoji, RTL, controls; never blank. */
    static Gen<String> messageText() {
        Gen<String> atom = Generate.frequency(List.of(
                Pair.of(5, Generators.wordOf(ALNUM, 1, 8)),
                Pair.of(3, Generate.pick(MESSAGE_SPECIALS)),
                Pair.of(3, Generate.pick(BREAKS)),
                Pair.of(2, Generate.pick(NON_ASCII)),
                Pair.of(1, Generate.pick(CONTROLS))));
        return Generators.listOf(atom, 1, 40).map(parts -> String.join("", parts)).assuming(text -> !text.isBlank());
    }
}
