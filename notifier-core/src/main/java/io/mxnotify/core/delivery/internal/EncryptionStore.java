package io.mxnotify.core.delivery.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.io.OwnerOnlyFiles;
import io.mxnotify.core.spool.SpoolException;
import io.mxnotify.core.spool.SpoolId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files of end-to-end encryption in the spool's {@code e2ee/} directory, used only by the holder of the
 * flusher lock: {@code state.json} (the device's keys, trusted recipient devices, each room's outbound
 * Megolm session) and one {@code <spool id>.json} per waiting notification holding its {@code m.room.encrypted}
 * content, written before the first send so that every retry sends the same bytes. All files are 0600,
 * written atomically and durably.
 */
public final class EncryptionStore {
    private static final String STATE = "state.json";

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    EncryptionStore(Path dir) {
        this.dir = dir;
    }

    /**
     * The device keys kept in a spool's encryption directory for that user and device, if they were made
     * (on the first send into an encrypted room); read without the flusher lock (files are replaced atomically).
     */
    public static java.util.Optional<io.mxnotify.core.crypto.internal.DeviceKeys> deviceKeys(Path encryptionDirectory,
                                                                                           String userId, String deviceId) {
        ObjectNode state = new EncryptionStore(encryptionDirectory).readState();
        if (state == null || !userId.equals(state.path("user_id").asText()) || !deviceId.equals(state.path("device_id").asText())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new io.mxnotify.core.crypto.internal.DeviceKeys(
                io.mxnotify.core.crypto.internal.Curve25519KeyPair.fromPrivate(
                        io.mxnotify.core.crypto.internal.UnpaddedBase64.decode(state.path("curve25519").asText())),
                io.mxnotify.core.crypto.internal.Ed25519KeyPair.fromSeed(
                        io.mxnotify.core.crypto.internal.UnpaddedBase64.decode(state.path("ed25519").asText()))));
    }

    /** The stored state, or null when there is none yet. */
    ObjectNode readState() {
        return read(dir.resolve(STATE));
    }

    void writeState(ObjectNode state) {
        write(dir.resolve(STATE), state);
    }

    /** The ciphertext content stored for a notification, or null. */
    ObjectNode readPayload(SpoolId id) {
        return read(dir.resolve(id.fileName()));
    }

    void writePayload(SpoolId id, ObjectNode content) {
        write(dir.resolve(id.fileName()), content);
    }

    /** Forgets a delivered notification's ciphertext. */
    void deletePayload(SpoolId id) {
        try {
            Files.deleteIfExists(dir.resolve(id.fileName()));
        } catch (IOException e) {
            throw new SpoolException("delete the ciphertext of a delivered notification in", dir, e);
        }
    }

    private ObjectNode read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw new SpoolException("read the encryption file " + file.getFileName() + " in", dir, e);
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new SpoolException("read the damaged encryption file " + file.getFileName()
                    + " (move it away only if you accept re-keying) in", dir, e);
        }
    }

    private void write(Path file, ObjectNode content) {
        try {
            OwnerOnlyFiles.writeAtomically(file, json.writeValueAsBytes(content));
        } catch (IOException e) {
            throw new SpoolException("write the encryption file " + file.getFileName() + " in", dir, e);
        }
    }
}
