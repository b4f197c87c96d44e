package io.mxnotify.core.delivery.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * What end-to-end encryption asks of a home server, beside {@link HomeserverGateway}: who we are, who is in a
 * room, the key endpoints and to-device messages, and sending an {@code m.room.encrypted} event. Every method
 * throws {@code io.mxnotify.core.client.MatrixClientException} on failure, classified by its {@code kind()}.
 */
public interface EncryptionGateway {

    /** The user and device the access token belongs to. */
    Identity whoami();

    /** {@code GET /rooms/{roomId}/joined_members}: the joined members' user ids. */
    List<String> joinedMembers(String roomId);

    /** {@code POST /keys/upload}; answers the server's reply. */
    ObjectNode uploadKeys(ObjectNode request);

    /** {@code POST /keys/query} for every device of these users; answers the server's reply. */
    ObjectNode queryKeys(List<String> userIds);

    /** {@code POST /keys/claim} of one {@code algorithm} key per user and device; answers the server's reply. */
    ObjectNode claimKeys(Map<String, List<String>> devicesByUser, String algorithm);

    /** {@code PUT /sendToDevice/{eventType}/{txnId}}. */
    void sendToDevice(String eventType, String txnId, ObjectNode messages);

    /** {@code PUT /rooms/{roomId}/send/m.room.encrypted/{txnId}}; answers the event id. */
    String sendEncrypted(String roomId, String txnId, ObjectNode content);

    /** A user id and the device id of the session. */
    record Identity(String userId, String deviceId) {
    }
}
