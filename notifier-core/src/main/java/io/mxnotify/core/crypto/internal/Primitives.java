package io.mxnotify.core.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA-256, HKDF-SHA-256 (RFC 5869), AES-256-CBC with PKCS#7 padding and SHA-256, from the JDK. */
public final class Primitives {
    private static final int HASH_LENGTH = 32;

    private Primitives() {
    }

    public static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // HMAC with an empty key is HMAC with a key of zeros, which the JDK's key spec refuses to hold
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[HASH_LENGTH] : key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /** HKDF-SHA-256: extract with {@code salt} (empty: zeros), expand to {@code length} bytes with {@code info}. */
    public static byte[] hkdfSha256(byte[] salt, byte[] inputKey, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        byte[] prk = hmacSha256(salt, inputKey);
        byte[] out = new byte[length];
        byte[] previous = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            byte[] block = new byte[previous.length + info.length + 1];
            System.arraycopy(previous, 0, block, 0, previous.length);
            System.arraycopy(info, 0, block, previous.length, info.length);
            block[block.length - 1] = (byte) counter;
            previous = hmacSha256(prk, block);
            int n = Math.min(previous.length, length - written);
            System.arraycopy(previous, 0, out, written, n);
            written += n;
        }
        return out;
    }

    public static byte[] aes256CbcEncrypt(byte[] key, byte[] iv, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CBC/PKCS5Padding with 256-bit keys", e);
        }
    }

    public static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] slice(byte[] bytes, int from, int to) {
        return Arrays.copyOfRange(bytes, from, to);
    }
}
