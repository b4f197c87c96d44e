package io.mxnotify.core.crypto.internal;

import java.nio.charset.StandardCharsets;

/**
 * The AES-256 key, HMAC-SHA-256 key and AES IV that Olm and Megolm derive from one secret: HKDF-SHA-256 with
 * an empty salt to 80 bytes, split 32 / 32 / 16. The MAC of a message is the first 8 bytes of its HMAC.
 */
record MessageKeys(byte[] aesKey, byte[] macKey, byte[] iv) {
    static final int MAC_LENGTH = 8;

    static MessageKeys derive(byte[] secret, String info) {
        byte[] keys = Primitives.hkdfSha256(new byte[0], secret, info.getBytes(StandardCharsets.US_ASCII), 80);
        return new MessageKeys(Primitives.slice(keys, 0, 32), Primitives.slice(keys, 32, 64), Primitives.slice(keys, 64, 80));
    }

    byte[] encrypt(byte[] plaintext) {
        return Primitives.aes256CbcEncrypt(aesKey, iv, plaintext);
    }

    byte[] mac(byte[] message) {
        return Primitives.slice(Primitives.hmacSha256(macKey, message), 0, MAC_LENGTH);
    }
}
