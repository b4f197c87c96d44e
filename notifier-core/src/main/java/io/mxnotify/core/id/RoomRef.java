package io.mxnotify.core.id;

/**
 * A room as a user names it: a room id ({@code !abc:example.org}) or a room alias
 * ({@code #alerts:example.org}). Notifications may target either; joining resolves an alias.
 */
public sealed interface RoomRef extends MatrixId permits RoomId, RoomAlias {

    /**
     * Parses a room id or alias by its sigil.
     *
     * @throws InvalidIdentifierException if the text starts with neither {@code !} nor {@code #}, or the
     *                                    id or alias after it is invalid
     */
    static RoomRef parse(String input) {
        if (input != null && input.startsWith("!")) {
            return RoomId.parse(input);
        }
        if (input != null && input.startsWith("#")) {
            return RoomAlias.parse(input);
        }
        throw new InvalidIdentifierException("room id or alias", input == null ? "" : input,
                "a room id starts with '!' and a room alias with '#' (quote it in a shell, where '#' starts a comment)",
                "'!abcdef:example.org' or '#alerts:example.org'");
    }
}
