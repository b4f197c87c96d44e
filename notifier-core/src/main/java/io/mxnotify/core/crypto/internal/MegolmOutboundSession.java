package io.mxnotify.core.crypto.internal;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An outbound Megolm session ({@code m.megolm.v1.aes-sha2}), as libolm's {@code megolm.md} describes it.
 *
 * <p>The ratchet is four 32-byte parts R0..R3 and a 32-bit index i. Advancing to i+1 re-keys from part h,
 * the lowest part whose period divides i+1 (R0 every 2^24 steps, R1 every 2^16, R2 every 2^8, R3 every
 * step): each part j ≥ h becomes HMAC-SHA-256(R_h, j), with the old R_h as key. A message at index i is encrypted with the keys HKDF(R0||R1||R2||R3, info
 * "MEGOLM_KEYS") gives (AES-256-CBC key, HMAC key, IV), framed as version 3, the index, the ciphertext, an
 * 8-byte MAC, and an Ed25519 signature of all of it by the session's signing key (whose public half is the
 * session id). The {@code session_key} a recipient imports is version 2, the index, the ratchet, the public
 * signing key, signed.
 *
 * @param ratchet the 128 bytes R0||R1||R2||R3 at {@code index}
 * @param index   the index of the next message
 * @param signing the session's Ed25519 key pair
 */
public record MegolmOutboundSession(byte[] ratchet, long index, Ed25519KeyPair signing) {
    /** The {@code algorithm} of a Megolm-encrypted room event and of {@code m.room.encryption}. */
    public static final String ALGORITHM = "m.megolm.v1.aes-sha2";

    private static final int PART = 32;
    private static final int PARTS = 4;
    private static final int RATCHET_LENGTH = PART * PARTS;
    private static final int MESSAGE_VERSION = 3;
    private static final int SESSION_KEY_VERSION = 2;

    public MegolmOutboundSession {
        if (ratchet == null || ratchet.length != RATCHET_LENGTH) {
            throw new CryptoException("a Megolm ratchet has 128 bytes, got " + (ratchet == null ? "none" : ratchet.length));
        }
        if (index < 0 || index > 0xFFFF_FFFFL) {
            throw new CryptoException("a Megolm index is an unsigned 32-bit number, got " + index);
        }
        ratchet = ratchet.clone();
    }

    /** What {@link #encrypt} gives: the message in unpadded base64, its index, and the session's next state. */
    public record Encrypted(String ciphertext, long index, MegolmOutboundSession next) {
    }

    /** A new session: a random ratchet at index 0 and a new signing key. */
    public static MegolmOutboundSession create(SecureRandom random) {
        byte[] ratchet = new byte[RATCHET_LENGTH];
        random.nextBytes(ratchet);
        return new MegolmOutboundSession(ratchet, 0, Ed25519KeyPair.generate(random));
    }

    /** The session id: the public signing key in unpadded base64. */
    public String sessionId() {
        return signing.publicKeyBase64();
    }

    /** The {@code session_key} of {@code m.room_key}: lets a recipient decrypt from the current index on. */
    public String sessionKey() {
        byte[] body = ByteBuffer.allocate(1 + 4 + RATCHET_LENGTH + Ed25519KeyPair.KEY_LENGTH).put((byte) SESSION_KEY_VERSION)
                .putInt((int) index).put(ratchet).put(signing.publicKey()).array();
        return UnpaddedBase64.encode(Primitives.concat(body, signing.sign(body)));
    }

    /** Encrypts one message at the current index and answers it with the session advanced by one. */
    public Encrypted encrypt(byte[] plaintext) {
        if (index == 0xFFFF_FFFFL) {
            throw new CryptoException("this Megolm session has used all its indexes; start a new one");
        }
        MessageKeys keys = MessageKeys.derive(ratchet, "MEGOLM_KEYS");
        byte[] body = new ProtobufWriter(MESSAGE_VERSION).varintField(1, index).bytesField(2, keys.encrypt(plaintext))
                .toBytes();
        byte[] withMac = Primitives.concat(body, keys.mac(body));
        byte[] signed = Primitives.concat(withMac, signing.sign(withMac));
        return new Encrypted(UnpaddedBase64.encode(signed), index, new MegolmOutboundSession(advance(ratchet, index + 1),
                index + 1, signing));
    }

    /** The ratchet moved from {@code newIndex - 1} to {@code newIndex}. */
    static byte[] advance(byte[] ratchet, long newIndex) {
        byte[] out = ratchet.clone();
        long mask = 0x00FF_FFFFL;
        int from = 0;
        while (from < PARTS && (newIndex & mask) != 0) {
            from++;
            mask >>= 8;
        }
        byte[] source = Arrays.copyOfRange(out, from * PART, from * PART + PART);
        for (int part = PARTS - 1; part >= from; part--) {
            byte[] rehashed = Primitives.hmacSha256(source, new byte[] {(byte) part});
            System.arraycopy(rehashed, 0, out, part * PART, PART);
        }
        return out;
    }

    @Override
    public byte[] ratchet() {
        return ratchet.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MegolmOutboundSession s && index == s.index && Arrays.equals(ratchet, s.ratchet)
                && signing.equals(s.signing);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ratchet) * 31 + Long.hashCode(index);
    }

    @Override
    public String toString() {
        return "MegolmOutboundSession[" + sessionId() + ", index " + index + "]";
    }
}
