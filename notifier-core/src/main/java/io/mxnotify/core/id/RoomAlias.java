package io.mxnotify.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A room alias, {@code #localpart:server_name}: a human-friendly name that resolves to a room id. */
public final class RoomAlias implements RoomRef {
    private static final String KIND = "room alias";
    private static final String EXAMPLE = "'#alerts:example.org'";

    private final String value;
    private final String localpart;
    private final ServerName server;

    private RoomAlias(String value, String localpart, ServerName server) {
        this.value = value;
        this.localpart = localpart;
        this.server = server;
    }

    /**
     * Parses a room alias.
     *
     * @throws InvalidIdentifierException naming the offending character or rule
     */
    @JsonCreator
    public static RoomAlias parse(String input) {
        IdentifierText.requireSigil(KIND, input, '#', EXAMPLE);
        int colon = input.indexOf(':');
        if (colon < 0) {
            throw new InvalidIdentifierException(KIND, input,
                    "there is no ':' separating the localpart from the server name", EXAMPLE);
        }
        String local = input.substring(1, colon);
        if (local.isEmpty()) {
            throw new InvalidIdentifierException(KIND, input, "the localpart between '#' and ':' is empty", EXAMPLE);
        }
        IdentifierText.requireOpaqueLocalpart(KIND, input, local, 1, EXAMPLE);
        ServerName server;
        try {
            server = ServerName.parse(input.substring(colon + 1));
        } catch (InvalidIdentifierException e) {
            throw new InvalidIdentifierException(KIND, input, "its server name part is wrong: " + e.getMessage(), EXAMPLE);
        }
        IdentifierText.requireMaxLength(KIND, input, EXAMPLE);
        return new RoomAlias(input, local, server);
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }

    /** The part between {@code #} and the first {@code :}. */
    public String localpart() {
        return localpart;
    }

    /** The server that owns the alias and resolves it. */
    public ServerName server() {
        return server;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoomAlias other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
