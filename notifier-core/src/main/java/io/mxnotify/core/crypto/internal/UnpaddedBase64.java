package io.mxnotify.core.crypto.internal;

import java.util.Base64;

/** The spec's "unpadded base64": standard alphabet, no {@code =} padding; decoding accepts padding too. */
public final class UnpaddedBase64 {
    private UnpaddedBase64() {
    }

    public static String encode(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @throws CryptoException when the text is not base64 */
    public static byte[] decode(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new CryptoException("not unpadded base64: " + e.getMessage());
        }
    }
}
