package io.mxnotify.core.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The JDK primitives through our raw-key encodings, against the RFCs' published test vectors. */
class PrimitivesVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    @Test
    void hkdfMatchesRfc5869Case1() {
        byte[] okm = Primitives.hkdfSha256(hex("000102030405060708090a0b0c"), hex("0b".repeat(22)),
                hex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", HEX.formatHex(okm));
    }

    @Test
    void hkdfWithoutSaltAndInfoMatchesRfc5869Case3() {
        byte[] okm = Primitives.hkdfSha256(new byte[0], hex("0b".repeat(22)), new byte[0], 42);
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8", HEX.formatHex(okm));
    }

    @Test
    void x25519MatchesRfc7748Section61() {
        Curve25519KeyPair alice = Curve25519KeyPair.fromPrivate(hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        Curve25519KeyPair bob = Curve25519KeyPair.fromPrivate(hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", HEX.formatHex(alice.publicKey()));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", HEX.formatHex(bob.publicKey()));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, HEX.formatHex(alice.sharedSecret(bob.publicKey())));
        assertEquals(shared, HEX.formatHex(bob.sharedSecret(alice.publicKey())));
    }

    @Test
    void ed25519MatchesRfc8032Test1And2() {
        Ed25519KeyPair one = Ed25519KeyPair.fromSeed(hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", HEX.formatHex(one.publicKey()));
        byte[] signature = one.sign(new byte[0]);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
                + "d25bf5f0595bbe24655141438e7a100b", HEX.formatHex(signature));
        assertTrue(Ed25519KeyPair.verify(one.publicKey(), new byte[0], signature));
        assertFalse(Ed25519KeyPair.verify(one.publicKey(), new byte[] {1}, signature));
        Ed25519KeyPair two = Ed25519KeyPair.fromSeed(hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        assertEquals("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", HEX.formatHex(two.publicKey()));
        assertEquals("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c"
                + "387b2eaeb4302aeeb00d291612bb0c00", HEX.formatHex(two.sign(hex("72"))));
    }

    @Test
    void aes256CbcMatchesNistSp80038aF25() {
        // NIST SP 800-38A F.2.5 CBC-AES256.Encrypt, first block (our cipher pads, so compare the first 16 bytes)
        byte[] ct = Primitives.aes256CbcEncrypt(hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"),
                hex("000102030405060708090a0b0c0d0e0f"), hex("6bc1bee22e409f96e93d7e117393172a"));
        assertEquals("f58c4c04d6e5f1ba779eabfb5f7bfbd6", HEX.formatHex(ct, 0, 16));
        assertEquals(32, ct.length, "PKCS#7 adds a whole block to a block-aligned plaintext");
    }

    @Test
    void megolmAdvanceRehashesFromThePartWhoseIndexByteWrapped() {
        byte[] ratchet = new byte[128];
        for (int i = 0; i < 128; i++) {
            ratchet[i] = (byte) i;
        }
        byte[] one = MegolmOutboundSession.advance(ratchet, 1);
        assertArrayEquals(java.util.Arrays.copyOfRange(ratchet, 0, 96), java.util.Arrays.copyOfRange(one, 0, 96),
                "a step that wraps no byte changes R3 only");
        assertArrayEquals(Primitives.hmacSha256(java.util.Arrays.copyOfRange(ratchet, 96, 128), new byte[] {3}),
                java.util.Arrays.copyOfRange(one, 96, 128));
        byte[] at256 = MegolmOutboundSession.advance(ratchet, 256);
        assertArrayEquals(java.util.Arrays.copyOfRange(ratchet, 0, 64), java.util.Arrays.copyOfRange(at256, 0, 64));
        byte[] r2 = java.util.Arrays.copyOfRange(ratchet, 64, 96);
        assertArrayEquals(Primitives.hmacSha256(r2, new byte[] {2}), java.util.Arrays.copyOfRange(at256, 64, 96));
        assertArrayEquals(Primitives.hmacSha256(r2, new byte[] {3}), java.util.Arrays.copyOfRange(at256, 96, 128));
        byte[] at2pow24 = MegolmOutboundSession.advance(ratchet, 1L << 24);
        byte[] r0 = java.util.Arrays.copyOfRange(ratchet, 0, 32);
        for (int part = 0; part < 4; part++) {
            assertArrayEquals(Primitives.hmacSha256(r0, new byte[] {(byte) part}),
                    java.util.Arrays.copyOfRange(at2pow24, part * 32, part * 32 + 32));
        }
    }

    @Test
    void canonicalJsonSortsKeysByCodePointAndDropsWhitespace() throws Exception {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{ \"b\": [1, true, null], \"a\": {\"\\uE000\": 1, \"\\uD83D\\uDE00\": 2, \"z\": \"\\u0007\\n\\\"é\"} }");
        assertEquals("{\"a\":{\"z\":\"\\u0007\\n\\\"é\",\"\uE000\":1,\"\uD83D\uDE00\":2},\"b\":[1,true,null]}",
                new String(CanonicalJson.encode(node), java.nio.charset.StandardCharsets.UTF_8));
    }
}
