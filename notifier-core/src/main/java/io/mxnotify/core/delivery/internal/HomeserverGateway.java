package io.mxnotify.core.delivery.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The things the delivery engine asks of a home server, as a seam between the engine and
 * {@code MatrixClient}. Every method throws {@code io.mxnotify.core.client.MatrixClientException} (or a
 * subclass) on failure, classified by its {@code kind()}.
 */
public interface HomeserverGateway {

    /** {@code PUT /rooms/{roomId}/send/m.room.message/{txnId}}; returns the event id. */
    String send(String roomId, String txnId, ObjectNode content);

    /**
     * The content of the room's {@code m.room.encryption} state event, or empty when the room has none
     * ({@code GET /rooms/{roomId}/state/m.room.encryption/} answered {@code 404 M_NOT_FOUND}).
     */
    java.util.Optional<ObjectNode> roomEncryption(String roomId);

    /** Joins a room by id or alias; returns the room id. */
    String join(String roomIdOrAlias);

    /** Whether {@link #logInAgain()} can work: a user and password are configured. */
    boolean canLogInAgain();

    /** Logs in again on the same device and uses the new access token from now on. */
    void logInAgain();

    /**
     * Gets a working access token after a call failed with {@code M_UNKNOWN_TOKEN}: refresh it, pick up
     * one renewed by another process, or log in again on the same device. By default {@link #logInAgain()}.
     *
     * @throws io.mxnotify.core.auth.LoginRequiredException when only a person can help ({@code mxnotify login})
     */
    default void renewToken(io.mxnotify.core.client.MatrixClientException rejection) {
        logInAgain();
    }

    /**
     * The end-to-end encryption endpoints, when this gateway has them; without, an encrypted room gets
     * nothing (its notifications wait).
     */
    default java.util.Optional<EncryptionGateway> encryption() {
        return java.util.Optional.empty();
    }

    /** Which account this is, for messages: a user id, or "the configured access token". */
    String accountDescription();

    /** Which home server this talks to, for messages: its base URL as configured. */
    default String homeserverDescription() {
        return "(as configured)";
    }
}
