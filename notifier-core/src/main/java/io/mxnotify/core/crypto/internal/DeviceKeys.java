package io.mxnotify.core.crypto.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;

/**
 * A device's long-term keys: the Curve25519 identity key (Olm's I) and the Ed25519 fingerprint key that signs
 * the device's keys and that people compare to verify it. Made once per device and kept with its credentials.
 */
public record DeviceKeys(Curve25519KeyPair identity, Ed25519KeyPair fingerprint) {
    public DeviceKeys {
        if (identity == null || fingerprint == null) {
            throw new IllegalArgumentException("a device has both a Curve25519 and an Ed25519 key");
        }
    }

    public static DeviceKeys generate(SecureRandom random) {
        return new DeviceKeys(Curve25519KeyPair.generate(random), Ed25519KeyPair.generate(random));
    }

    /**
     * The signed {@code device_keys} object of {@code POST /keys/upload}: user and device, the algorithms this
     * device speaks, both public keys, and the device's signature.
     */
    public ObjectNode signedDeviceKeys(String userId, String deviceId) {
        ObjectNode keys = JsonNodeFactory.instance.objectNode();
        keys.put("user_id", userId).put("device_id", deviceId);
        keys.putArray("algorithms").add(OlmOutboundSession.ALGORITHM).add(MegolmOutboundSession.ALGORITHM);
        keys.putObject("keys").put("curve25519:" + deviceId, identity.publicKeyBase64())
                .put("ed25519:" + deviceId, fingerprint.publicKeyBase64());
        return SignedJson.sign(keys, userId, deviceId, fingerprint);
    }

    /**
     * The Ed25519 key as people compare it in their clients' session lists: unpadded base64 in groups of four
     * characters (Element shows it so).
     */
    public String fingerprintForPeople() {
        String key = fingerprint.publicKeyBase64();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(key, i, Math.min(key.length(), i + 4));
        }
        return out.toString();
    }
}
