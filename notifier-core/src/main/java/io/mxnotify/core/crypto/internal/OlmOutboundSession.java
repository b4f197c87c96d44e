package io.mxnotify.core.crypto.internal;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The sending side of an Olm session ({@code m.olm.v1.curve25519-aes-sha2}) with one device, as libolm's
 * {@code olm.md} describes it, for a device that never receives.
 *
 * <p>Creation is Alice's 3DH: with our identity key I_A, a fresh base key E_A and the recipient's identity
 * key I_B and one-time key E_B, the secret S = ECDH(I_A, E_B) || ECDH(E_A, I_B) || ECDH(E_A, E_B) gives
 * HKDF(S, info "OLM_ROOT") = root key || first chain key, and a fresh ratchet key T_0 heads that sender chain.
 * Each message takes the chain's message key M = HMAC(C, 0x01) and moves the chain to HMAC(C, 0x02); M gives
 * the AES-256-CBC key, HMAC key and IV through HKDF(M, info "OLM_KEYS"). Until the recipient answers (we never
 * read answers) every message is a pre-key message (type 0) that carries E_B, E_A and I_A so the recipient can
 * build the session, around a normal message (version 3, T_0, chain index, ciphertext, 8-byte MAC).
 *
 * <p>Only what sending needs is kept: no private key (E_A and T_0 are not needed once the chain exists, and
 * a root key only serves the receiving ratchet step that a send-only device never takes).
 *
 * @param ourIdentityKey    I_A, our device's Curve25519 public key
 * @param theirIdentityKey  I_B, the recipient device's Curve25519 key
 * @param theirOneTimeKey   E_B, the one-time key claimed for this session
 * @param baseKey           E_A, the public half of our base key
 * @param ratchetKey        T_0, the public half of our sender chain's ratchet key
 * @param chainKey          the chain key for the next message
 * @param chainIndex        the index of the next message in the chain
 */
public record OlmOutboundSession(byte[] ourIdentityKey, byte[] theirIdentityKey, byte[] theirOneTimeKey, byte[] baseKey,
                                 byte[] ratchetKey, byte[] chainKey, long chainIndex) {
    /** The {@code algorithm} of an Olm-encrypted to-device event. */
    public static final String ALGORITHM = "m.olm.v1.curve25519-aes-sha2";

    private static final byte[] ROOT_INFO = "OLM_ROOT".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int PROTOCOL_VERSION = 3;

    public OlmOutboundSession {
        ourIdentityKey = key(ourIdentityKey);
        theirIdentityKey = key(theirIdentityKey);
        theirOneTimeKey = key(theirOneTimeKey);
        baseKey = key(baseKey);
        ratchetKey = key(ratchetKey);
        chainKey = key(chainKey);
        if (chainIndex < 0 || chainIndex > 0xFFFF_FFFFL) {
            throw new CryptoException("an Olm chain index is an unsigned 32-bit number, got " + chainIndex);
        }
    }

    /** A pre-key or normal Olm message: {@code type} 0 or 1 and the unpadded base64 {@code body}. */
    public record Message(int type, String body) {
    }

    /** What {@link #encrypt} gives: the message, and the session to use for the next one. */
    public record Encrypted(Message message, OlmOutboundSession next) {
    }

    /** Starts a session with a device from its identity key and a one-time key claimed from it. */
    public static OlmOutboundSession create(Curve25519KeyPair ourIdentity, byte[] theirIdentityKey, byte[] theirOneTimeKey,
                                            SecureRandom random) {
        Curve25519KeyPair base = Curve25519KeyPair.generate(random);
        Curve25519KeyPair ratchet = Curve25519KeyPair.generate(random);
        byte[] secret = Primitives.concat(ourIdentity.sharedSecret(theirOneTimeKey), base.sharedSecret(theirIdentityKey),
                base.sharedSecret(theirOneTimeKey));
        byte[] derived = Primitives.hkdfSha256(new byte[0], secret, ROOT_INFO, 64);
        Arrays.fill(secret, (byte) 0);
        return new OlmOutboundSession(ourIdentity.publicKey(), theirIdentityKey, theirOneTimeKey, base.publicKey(),
                ratchet.publicKey(), Primitives.slice(derived, 32, 64), 0);
    }

    /** Encrypts one message (a pre-key message, type 0) and answers it with the session's next state. */
    public Encrypted encrypt(byte[] plaintext) {
        byte[] messageKey = Primitives.hmacSha256(chainKey, new byte[] {0x01});
        byte[] nextChainKey = Primitives.hmacSha256(chainKey, new byte[] {0x02});
        MessageKeys keys = MessageKeys.derive(messageKey, "OLM_KEYS");
        byte[] body = new ProtobufWriter(PROTOCOL_VERSION).bytesField(1, ratchetKey).varintField(2, chainIndex)
                .bytesField(4, keys.encrypt(plaintext)).toBytes();
        byte[] normal = Primitives.concat(body, keys.mac(body));
        byte[] preKey = new ProtobufWriter(PROTOCOL_VERSION).bytesField(1, theirOneTimeKey).bytesField(2, baseKey)
                .bytesField(3, ourIdentityKey).bytesField(4, normal).toBytes();
        OlmOutboundSession next = new OlmOutboundSession(ourIdentityKey, theirIdentityKey, theirOneTimeKey, baseKey,
                ratchetKey, nextChainKey, chainIndex + 1);
        return new Encrypted(new Message(0, UnpaddedBase64.encode(preKey)), next);
    }

    private static byte[] key(byte[] key) {
        if (key == null || key.length != 32) {
            throw new CryptoException("Olm keys have 32 bytes, got " + (key == null ? "none" : key.length));
        }
        return key.clone();
    }

    @Override
    public byte[] ourIdentityKey() {
        return ourIdentityKey.clone();
    }

    @Override
    public byte[] theirIdentityKey() {
        return theirIdentityKey.clone();
    }

    @Override
    public byte[] theirOneTimeKey() {
        return theirOneTimeKey.clone();
    }

    @Override
    public byte[] baseKey() {
        return baseKey.clone();
    }

    @Override
    public byte[] ratchetKey() {
        return ratchetKey.clone();
    }

    @Override
    public byte[] chainKey() {
        return chainKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OlmOutboundSession s && Arrays.equals(chainKey, s.chainKey) && chainIndex == s.chainIndex
                && Arrays.equals(baseKey, s.baseKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(baseKey) * 31 + Long.hashCode(chainIndex);
    }

    @Override
    public String toString() {
        return "OlmOutboundSession[to " + UnpaddedBase64.encode(theirIdentityKey) + ", index " + chainIndex + "]";
    }
}
