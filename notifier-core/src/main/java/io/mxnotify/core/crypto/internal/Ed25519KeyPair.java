package io.mxnotify.core.crypto.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;

/**
 * An Ed25519 key pair as raw strings (RFC 8032: the 32-byte encoded point, the 32-byte seed), signing and
 * verifying through the JDK's {@code EdDSA}.
 *
 * @param publicKey the 32-byte public key, as Matrix publishes it (unpadded base64 of these bytes)
 * @param seed      the 32-byte private seed
 */
public record Ed25519KeyPair(byte[] publicKey, byte[] seed) {
    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    public Ed25519KeyPair {
        if (publicKey == null || publicKey.length != KEY_LENGTH || seed == null || seed.length != KEY_LENGTH) {
            throw new CryptoException("an Ed25519 key pair is a 32-byte public key and a 32-byte seed");
        }
        publicKey = publicKey.clone();
        seed = seed.clone();
    }

    /** A new key pair from {@code random}'s 32 bytes. */
    public static Ed25519KeyPair generate(SecureRandom random) {
        byte[] seed = new byte[KEY_LENGTH];
        random.nextBytes(seed);
        return fromSeed(seed);
    }

    /** The key pair of a 32-byte seed (the JDK derives the public key when it is handed the seed as its randomness). */
    public static Ed25519KeyPair fromSeed(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new CryptoException("an Ed25519 seed has 32 bytes, got " + seed.length);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedAsRandom(seed));
            KeyPair pair = generator.generateKeyPair();
            return new Ed25519KeyPair(encode(((EdECPublicKey) pair.getPublic()).getPoint()), seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    }

    /** The 64-byte signature of {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone())));
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks Ed25519", e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by the raw {@code publicKey}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, decode(publicKey)));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public key in unpadded base64, as in {@code keys.ed25519:DEVICE}: the device's fingerprint. */
    public String publicKeyBase64() {
        return UnpaddedBase64.encode(publicKey);
    }

    /** RFC 8032 5.1.2: y little-endian, the top bit of the last byte the parity of x. */
    private static byte[] encode(EdECPoint point) {
        byte[] bigEndian = point.getY().toByteArray();
        byte[] out = new byte[KEY_LENGTH];
        for (int i = 0; i < bigEndian.length && i < KEY_LENGTH; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        if (point.isXOdd()) {
            out[KEY_LENGTH - 1] |= (byte) 0x80;
        }
        return out;
    }

    private static EdECPoint decode(byte[] encoded) {
        boolean xOdd = (encoded[KEY_LENGTH - 1] & 0x80) != 0;
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = encoded[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        return new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] seed() {
        return seed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519KeyPair other && Arrays.equals(publicKey, other.publicKey) && Arrays.equals(seed, other.seed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[" + publicKeyBase64() + "]";
    }

    /** Hands the JDK's key generator exactly the seed as its 32 random bytes. */
    private static final class SeedAsRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;
        private boolean used;

        SeedAsRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (used || bytes.length != KEY_LENGTH) {
                throw new IllegalStateException("the Ed25519 generator asked for more than one 32-byte seed");
            }
            used = true;
            System.arraycopy(seed, 0, bytes, 0, KEY_LENGTH);
        }
    }
}
