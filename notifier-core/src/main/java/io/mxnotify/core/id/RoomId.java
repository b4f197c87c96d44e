package io.mxnotify.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A room id: {@code !opaque_id:server_name} in older room versions, or {@code !opaque_id} without a
 * server in room versions that derive the id from the create event. Treated as an opaque,
 * case-sensitive string.
 */
public final class RoomId implements RoomRef {
    private static final String KIND = "room id";
    private static final String EXAMPLE = "'!WUcxpSjKyxSGelouhA:matrix.org'";

    private final String value;
    private final ServerName server;

    private RoomId(String value, ServerName server) {
        this.value = value;
        this.server = server;
    }

    /**
     * Parses a room id.
     *
     * @throws InvalidIdentifierException naming the offending character or rule
     */
    @JsonCreator
    public static RoomId parse(String input) {
        IdentifierText.requireSigil(KIND, input, '!', EXAMPLE);
        int colon = input.indexOf(':');
        String opaque = colon < 0 ? input.substring(1) : input.substring(1, colon);
        if (opaque.isEmpty()) {
            throw new InvalidIdentifierException(KIND, input, "the part after '!' is empty", EXAMPLE);
        }
        IdentifierText.requireOpaqueLocalpart(KIND, input, opaque, 1, EXAMPLE);
        ServerName server = null;
        if (colon >= 0) {
            try {
                server = ServerName.parse(input.substring(colon + 1));
            } catch (InvalidIdentifierException e) {
                throw new InvalidIdentifierException(KIND, input, "its server name part is wrong: " + e.getMessage(), EXAMPLE);
            }
        }
        IdentifierText.requireMaxLength(KIND, input, EXAMPLE);
        return new RoomId(input, server);
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }

    /** The server name in the id, if this room version puts one there (it says nothing about reachability). */
    public Optional<ServerName> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoomId other && other.value.equals(value);
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
