/**
 * Send-only end-to-end encryption for Matrix from JDK primitives alone (X25519 through {@code XDH}, Ed25519
 * through {@code EdDSA}, AES-256-CBC, HMAC-SHA-256 and HKDF over it): no native library.
 *
 * <p>What is here is what a device that only sends needs, written to libolm's protocol descriptions
 * ({@code olm.md}, {@code megolm.md}) and checked against libolm itself in the tests:
 * <ul>
 *   <li>{@link io.mxnotify.core.crypto.internal.DeviceKeys}: the device's Curve25519 identity key and Ed25519
 *       fingerprint key, and its signed {@code device_keys} for {@code /keys/upload};</li>
 *   <li>{@link io.mxnotify.core.crypto.internal.OlmOutboundSession}: the 3DH handshake and the sending half of
 *       the double ratchet, encoding pre-key messages as libolm does (to share a room key with one device);</li>
 *   <li>{@link io.mxnotify.core.crypto.internal.MegolmOutboundSession}: the Megolm ratchet R0..R3 and
 *       {@code m.megolm.v1.aes-sha2} messages (AES-CBC, truncated HMAC, Ed25519 signature), and the
 *       {@code session_key} a recipient imports;</li>
 *   <li>{@link io.mxnotify.core.crypto.internal.CanonicalJson} and
 *       {@link io.mxnotify.core.crypto.internal.SignedJson}: the spec's canonical JSON and its signatures.</li>
 * </ul>
 * Keys and sessions are immutable values: encrypting answers the ciphertext and the session's next state, so
 * the caller persists that state before anything leaves the machine and no ratchet step is ever reused.
 * Receiving (inbound sessions, decryption) is out of scope. Nothing here is API for users.
 */
package io.mxnotify.core.crypto.internal;
