package io.mxnotify.core.crypto.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Signing JSON objects as the spec's "Signing JSON" says: the signature covers the canonical JSON of the
 * object without its {@code signatures} and {@code unsigned} members, and is stored under
 * {@code signatures.<user id>.ed25519:<device id>}.
 */
public final class SignedJson {
    private SignedJson() {
    }

    /** A copy of {@code object} with our signature added (other signatures kept). */
    public static ObjectNode sign(ObjectNode object, String userId, String deviceId, Ed25519KeyPair key) {
        ObjectNode signed = object.deepCopy();
        byte[] signature = key.sign(signedBytes(object));
        ObjectNode signatures = signed.has("signatures") && signed.get("signatures").isObject()
                ? (ObjectNode) signed.get("signatures") : signed.putObject("signatures");
        ObjectNode byUser = signatures.has(userId) && signatures.get(userId).isObject()
                ? (ObjectNode) signatures.get(userId) : signatures.putObject(userId);
        byUser.put("ed25519:" + deviceId, UnpaddedBase64.encode(signature));
        return signed;
    }

    /** Whether {@code object} carries a valid signature by {@code userId}'s device {@code deviceId} with {@code publicKey}. */
    public static boolean verify(JsonNode object, String userId, String deviceId, byte[] publicKey) {
        if (!object.isObject()) {
            return false;
        }
        JsonNode signature = object.path("signatures").path(userId).path("ed25519:" + deviceId);
        if (!signature.isTextual()) {
            return false;
        }
        byte[] raw;
        try {
            raw = UnpaddedBase64.decode(signature.asText());
        } catch (CryptoException e) {
            return false;
        }
        return Ed25519KeyPair.verify(publicKey, signedBytes((ObjectNode) object), raw);
    }

    private static byte[] signedBytes(ObjectNode object) {
        ObjectNode bare = object.deepCopy();
        bare.remove("signatures");
        bare.remove("unsigned");
        return CanonicalJson.encode(bare);
    }
}
