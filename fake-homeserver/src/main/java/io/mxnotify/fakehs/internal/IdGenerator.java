package io.mxnotify.fakehs.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Makes room ids, event ids, device ids, tokens and passwords. Unpredictable by default; with a seed,
 * the same sequence of calls gives the same ids (for snapshot tests). Callers serialise access.
 */
public final class IdGenerator {
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Random random;
    private final RandomGenerator eventIdRandom;

    private IdGenerator(Random random, RandomGenerator eventIdRandom) {
        this.random = random;
        this.eventIdRandom = eventIdRandom;
    }

    /**
     * Secrets (tokens, passwords, nonces) from {@link SecureRandom}; event ids, which need to be unique but
     * guard nothing, from a fast generator seeded once from it (a {@code SecureRandom} call per stored event
     * was a few per cent of a send).
     */
    public static IdGenerator unpredictable() {
        SecureRandom secure = new SecureRandom();
        return new IdGenerator(secure, new SplittableRandom(secure.nextLong()));
    }

    /** Every id from one generator seeded with {@code seed}: the same calls give the same ids. */
    public static IdGenerator seeded(long seed) {
        Random random = new Random(seed);
        return new IdGenerator(random, random);
    }

    public synchronized String roomId(String serverName) {
        return "!" + chars(ALNUM, 18) + ":" + serverName;
    }

    /** Event ids in the room-version-4+ shape: {@code $} and 43 URL-safe base64 characters. */
    public synchronized String eventId() {
        byte[] hash = new byte[32];
        eventIdRandom.nextBytes(hash);
        return "$" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    public synchronized String deviceId() {
        return chars(UPPER, 10);
    }

    /** Access tokens shaped like Synapse's ({@code syt_<localpart b64>_<random>_<check>}). */
    public synchronized String accessToken(String localpart) {
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(localpart.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "syt_" + encoded + "_" + chars(ALNUM, 20) + "_" + chars(ALNUM, 6);
    }

    /** Refresh tokens shaped like Synapse's ({@code syr_<localpart b64>_<random>_<check>}). */
    public synchronized String refreshToken(String localpart) {
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(localpart.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "syr_" + encoded + "_" + chars(ALNUM, 20) + "_" + chars(ALNUM, 6);
    }

    public synchronized String password() {
        return chars(ALNUM, 20);
    }

    /** {@code bytes} random bytes as lowercase hex (Synapse's nonce shape: 64 bytes). */
    public synchronized String hex(int bytes) {
        byte[] random = new byte[bytes];
        this.random.nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }

    public synchronized String nonce() {
        return chars(ALNUM, 32);
    }

    private String chars(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
