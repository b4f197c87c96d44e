package io.mxnotify.core.id;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An event id as a server returns it: {@code $} followed by an opaque string. */
public final class EventId implements MatrixId {
    private static final String KIND = "event id";
    private static final String EXAMPLE = "'$YUwRidLecu:example.org' or '$acR1l0raoZnm60CBwAVgqbZqoO_mYU2NEd2eE7GA3fM'";

    private final String value;

    private EventId(String value) {
        this.value = value;
    }

    /**
     * Parses an event id.
     *
     * @throws InvalidIdentifierException if it lacks the {@code $} sigil, is empty after it, contains NUL
     *                                    or exceeds 255 bytes
     */
    @JsonCreator
    public static EventId parse(String input) {
        IdentifierText.requireSigil(KIND, input, '$', EXAMPLE);
        if (input.length() == 1) {
            throw new InvalidIdentifierException(KIND, input, "the part after '$' is empty", EXAMPLE);
        }
        IdentifierText.requireOpaqueLocalpart(KIND, input, input.substring(1).replace(':', '_'), 1, EXAMPLE);
        IdentifierText.requireMaxLength(KIND, input, EXAMPLE);
        return new EventId(input);
    }

    @Override
    @JsonValue
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventId other && other.value.equals(value);
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
