package io.mxnotify.conformance.target;

import java.util.Optional;

/**
 * A room the suite created on the target.
 *
 * @param roomId the room id
 * @param alias  its alias when created with one
 */
public record TestRoom(String roomId, Optional<String> alias) {

    /** The alias; {@link IllegalStateException} when the room was created without one. */
    public String requireAlias() {
        return alias.orElseThrow(() -> new IllegalStateException("room " + roomId + " was created without an alias"));
    }
}
