package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * What end-to-end encryption needs of a server, which only stores and forwards (it never sees a key that
 * decrypts): devices' identity keys, their one-time and fallback keys (claimed once each, as Synapse does),
 * to-device messages queued per device until the device's next {@code /sync} acknowledges them, and which
 * users' device lists changed when. Positions come from the server's one stream, so a sync token covers
 * these too. Holds no lock of its own: every method expects the {@link StateLock} to be held.
 */
final class DeviceKeyDirectory {
    /** To-device messages kept for one device before the oldest are dropped (a device that never syncs). */
    static final int TO_DEVICE_CAP = 10_000;
    /** Remembered {@code /sendToDevice} txnIds before the oldest are forgotten. */
    private static final int TXN_CAP = 100_000;

    /** A to-device message waiting for its device, at a stream position. */
    record ToDevice(long position, String sender, String type, JsonNode content) {
    }

    private final StateLock lock;
    private final LongSupplier nextPosition;
    private final Map<String, Map<String, ObjectNode>> deviceKeys = new HashMap<>();
    private final Map<String, Map<String, JsonNode>> oneTimeKeys = new HashMap<>();
    private final Map<String, Map<String, JsonNode>> fallbackKeys = new HashMap<>();
    private final Map<String, Long> keysChangedAt = new HashMap<>();
    private final Map<String, Deque<ToDevice>> inboxes = new HashMap<>();
    private final Set<String> sentTxns = new HashSet<>();
    private final Deque<String> txnOrder = new ArrayDeque<>();

    DeviceKeyDirectory(StateLock lock, LongSupplier nextPosition) {
        this.lock = lock;
        this.nextPosition = nextPosition;
    }

    private static String key(String userId, String deviceId) {
        return userId + '\u0000' + deviceId;
    }

    /**
     * {@code /keys/upload}: stores the device's keys (a change marks the user's device list changed) and new
     * one-time and fallback keys; a one-time key id uploaded again with other content is refused, as Synapse does.
     */
    Map<String, Integer> upload(String userId, String deviceId, ObjectNode device, ObjectNode oneTime, ObjectNode fallback) {
        lock.checkHeld();
        String slot = key(userId, deviceId);
        Map<String, JsonNode> otks = oneTimeKeys.computeIfAbsent(slot, k -> new LinkedHashMap<>());
        if (oneTime != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = oneTime.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode old = otks.get(entry.getKey());
                if (old != null && !old.equals(entry.getValue())) {
                    throw MatrixError.invalidParam("One time key " + entry.getKey() + " already exists. Old key: "
                            + old + "; new key: " + entry.getValue());
                }
            }
        }
        if (device != null) {
            Map<String, ObjectNode> devices = deviceKeys.computeIfAbsent(userId, k -> new LinkedHashMap<>());
            if (!device.equals(devices.get(deviceId))) {
                devices.put(deviceId, device.deepCopy());
                keysChangedAt.put(userId, nextPosition.getAsLong());
            }
        }
        if (oneTime != null) {
            oneTime.fields().forEachRemaining(e -> otks.putIfAbsent(e.getKey(), e.getValue().deepCopy()));
        }
        if (fallback != null && fallback.size() > 0) {
            Map<String, JsonNode> fallbacks = fallbackKeys.computeIfAbsent(slot, k -> new LinkedHashMap<>());
            fallbacks.clear();
            fallback.fields().forEachRemaining(e -> fallbacks.put(e.getKey(), e.getValue().deepCopy()));
        }
        lock.signalChange();
        return oneTimeKeyCounts(userId, deviceId);
    }

    /** How many unclaimed one-time keys a device has, per algorithm. */
    Map<String, Integer> oneTimeKeyCounts(String userId, String deviceId) {
        lock.checkHeld();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String keyId : oneTimeKeys.getOrDefault(key(userId, deviceId), Map.of()).keySet()) {
            counts.merge(keyId.substring(0, Math.max(0, keyId.indexOf(':'))), 1, Integer::sum);
        }
        return counts;
    }

    /** The algorithms of a device's fallback keys. */
    List<String> fallbackKeyTypes(String userId, String deviceId) {
        lock.checkHeld();
        List<String> types = new ArrayList<>();
        for (String keyId : fallbackKeys.getOrDefault(key(userId, deviceId), Map.of()).keySet()) {
            types.add(keyId.substring(0, Math.max(0, keyId.indexOf(':'))));
        }
        return types;
    }

    /** A user's devices' keys, restricted to {@code live} devices (a deleted device's keys go with it). */
    Map<String, ObjectNode> deviceKeysOf(String userId, Set<String> live) {
        lock.checkHeld();
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        deviceKeys.getOrDefault(userId, Map.of()).forEach((device, keys) -> {
            if (live.contains(device)) {
                out.put(device, keys.deepCopy());
            }
        });
        return out;
    }

    /** Claims one key of {@code algorithm}: a one-time key (removed) or else the fallback key (kept); null when none. */
    Map.Entry<String, JsonNode> claim(String userId, String deviceId, String algorithm) {
        lock.checkHeld();
        String slot = key(userId, deviceId);
        for (Map<String, JsonNode> keys : List.of(oneTimeKeys.getOrDefault(slot, new LinkedHashMap<>()),
                fallbackKeys.getOrDefault(slot, new LinkedHashMap<>()))) {
            for (Map.Entry<String, JsonNode> entry : keys.entrySet()) {
                if (entry.getKey().startsWith(algorithm + ":")) {
                    Map.Entry<String, JsonNode> claimed = Map.entry(entry.getKey(), entry.getValue().deepCopy());
                    if (keys == oneTimeKeys.get(slot)) {
                        keys.remove(entry.getKey());
                        lock.signalChange();
                    }
                    return claimed;
                }
            }
        }
        return null;
    }

    /**
     * Queues to-device messages once per (sender, sender's device, txnId): a retry queues nothing new.
     *
     * @param recipients per user, the device ids to deliver to (already expanded from {@code *})
     * @param contents   per user and device, the content for that device
     */
    void sendToDevice(String sender, String senderDevice, String txnId, String type,
                      Map<String, Map<String, JsonNode>> contents) {
        lock.checkHeld();
        String txn = sender + '\u0000' + senderDevice + '\u0000' + txnId;
        if (sentTxns.contains(txn)) {
            return;
        }
        sentTxns.add(txn);
        txnOrder.addLast(txn);
        while (txnOrder.size() > TXN_CAP) {
            sentTxns.remove(txnOrder.removeFirst());
        }
        contents.forEach((userId, devices) -> devices.forEach((deviceId, content) -> {
            Deque<ToDevice> inbox = inboxes.computeIfAbsent(key(userId, deviceId), k -> new ArrayDeque<>());
            inbox.addLast(new ToDevice(nextPosition.getAsLong(), sender, type, content.deepCopy()));
            while (inbox.size() > TO_DEVICE_CAP) {
                inbox.removeFirst();
            }
        }));
        lock.signalChange();
    }

    /**
     * The device's waiting to-device messages after {@code since}; those at or before {@code since} were
     * seen by the device's previous sync, so they are dropped now (the sync token acknowledges them).
     */
    List<ToDevice> toDevice(String userId, String deviceId, Long since) {
        lock.checkHeld();
        Deque<ToDevice> inbox = inboxes.get(key(userId, deviceId));
        if (inbox == null) {
            return List.of();
        }
        if (since != null) {
            while (!inbox.isEmpty() && inbox.peekFirst().position() <= since) {
                inbox.removeFirst();
            }
        }
        return List.copyOf(inbox);
    }

    /** Whether a user's device list changed after {@code since}. */
    boolean changedSince(String userId, long since) {
        lock.checkHeld();
        Long at = keysChangedAt.get(userId);
        return at != null && at > since;
    }

    /** A device was deleted: its keys and messages go, and its user's device list changed. */
    void deviceDeleted(String userId, String deviceId) {
        lock.checkHeld();
        Map<String, ObjectNode> devices = deviceKeys.get(userId);
        boolean had = devices != null && devices.remove(deviceId) != null;
        oneTimeKeys.remove(key(userId, deviceId));
        fallbackKeys.remove(key(userId, deviceId));
        inboxes.remove(key(userId, deviceId));
        if (had) {
            keysChangedAt.put(userId, nextPosition.getAsLong());
            lock.signalChange();
        }
    }

    void clear() {
        lock.checkHeld();
        deviceKeys.clear();
        oneTimeKeys.clear();
        fallbackKeys.clear();
        keysChangedAt.clear();
        inboxes.clear();
        sentTxns.clear();
        txnOrder.clear();
    }
}
