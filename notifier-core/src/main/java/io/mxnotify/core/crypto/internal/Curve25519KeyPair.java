package io.mxnotify.core.crypto.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * An X25519 key pair as raw 32-byte strings (RFC 7748: little-endian u-coordinate, scalar as given), with
 * the Diffie-Hellman agreement through the JDK's {@code XDH}.
 *
 * @param publicKey  the 32-byte public key, as Matrix publishes it (unpadded base64 of these bytes)
 * @param privateKey the 32-byte private scalar (clamped by X25519 itself)
 */
public record Curve25519KeyPair(byte[] publicKey, byte[] privateKey) {
    public static final int KEY_LENGTH = 32;

    public Curve25519KeyPair {
        publicKey = checkedLength(publicKey, "public");
        privateKey = checkedLength(privateKey, "private");
    }

    /** A new key pair from {@code random}'s 32 bytes. */
    public static Curve25519KeyPair generate(SecureRandom random) {
        byte[] scalar = new byte[KEY_LENGTH];
        random.nextBytes(scalar);
        return fromPrivate(scalar);
    }

    /** The key pair of a 32-byte private scalar. */
    public static Curve25519KeyPair fromPrivate(byte[] scalar) {
        // the public key is X25519(scalar, 9): the agreement with the base point
        byte[] basePoint = new byte[KEY_LENGTH];
        basePoint[0] = 9;
        return new Curve25519KeyPair(agree(scalar, basePoint), scalar);
    }

    /** X25519 of our private key and their public key: the 32-byte shared secret. */
    public byte[] sharedSecret(byte[] theirPublicKey) {
        return agree(privateKey, checkedLength(theirPublicKey, "their public"));
    }

    /** The public key in unpadded base64, as in {@code keys.curve25519:DEVICE}. */
    public String publicKeyBase64() {
        return UnpaddedBase64.encode(publicKey);
    }

    private static byte[] agree(byte[] scalar, byte[] theirPublic) {
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
            PublicKey pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uCoordinate(theirPublic)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(priv);
            agreement.doPhase(pub, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new CryptoException("X25519 agreement failed: " + e.getMessage(), e);
        }
    }

    /** RFC 7748 decodeUCoordinate: little-endian, the top bit masked. */
    private static BigInteger uCoordinate(byte[] littleEndian) {
        byte[] bigEndian = new byte[KEY_LENGTH];
        for (int i = 0; i < KEY_LENGTH; i++) {
            bigEndian[i] = littleEndian[KEY_LENGTH - 1 - i];
        }
        bigEndian[0] &= 0x7F;
        return new BigInteger(1, bigEndian);
    }

    private static byte[] checkedLength(byte[] key, String what) {
        if (key == null || key.length != KEY_LENGTH) {
            throw new CryptoException("a Curve25519 " + what + " key has 32 bytes, got "
                    + (key == null ? "none" : key.length));
        }
        return key.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve25519KeyPair other && Arrays.equals(publicKey, other.publicKey)
                && Arrays.equals(privateKey, other.privateKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "Curve25519KeyPair[" + publicKeyBase64() + "]";
    }
}
