package io.mxnotify.core.delivery.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.crypto.internal.CryptoException;
import io.mxnotify.core.crypto.internal.Curve25519KeyPair;
import io.mxnotify.core.crypto.internal.DeviceKeys;
import io.mxnotify.core.crypto.internal.Ed25519KeyPair;
import io.mxnotify.core.crypto.internal.MegolmOutboundSession;
import io.mxnotify.core.crypto.internal.OlmOutboundSession;
import io.mxnotify.core.crypto.internal.SignedJson;
import io.mxnotify.core.crypto.internal.UnpaddedBase64;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts notifications for rooms with {@code m.room.encryption} ({@code m.megolm.v1.aes-sha2}), sending only:
 * the device's keys are made once and uploaded; each room has one outbound Megolm session, shared with every
 * joined member device over Olm ({@code /keys/query}, signatures checked, {@code /keys/claim} of a signed
 * one-time key, an {@code m.room_key} pre-key message through {@code /sendToDevice}), and replaced after the
 * room's {@code rotation_period_msgs} / {@code rotation_period_ms} or whenever the member devices change.
 *
 * <p>Trust on first use: a recipient device's Ed25519 key is remembered the first time it is seen; a device
 * whose keys later verify under another key gets no room key (a warning says so), because that is what an
 * attacker swapping keys looks like. Cross-signing is not consulted.
 *
 * <p>Durability: every state change is written (0600, atomically) before anything depending on it leaves the
 * machine, and the session's advanced ratchet before the ciphertext is handed out, so no Megolm index is
 * ever used twice, whatever crash happens. Used only by the holder of the spool's flusher lock.
 */
final class RoomEncryptor {
    private static final Logger LOG = LoggerFactory.getLogger(RoomEncryptor.class);
    private static final long DEFAULT_ROTATION_MS = 604_800_000L;
    private static final long DEFAULT_ROTATION_MSGS = 100;

    private final EncryptionGateway gateway;
    private final EncryptionStore store;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();
    private ObjectNode state;
    private DeviceKeys keys;
    private EncryptionGateway.Identity me;
    /** Per room, the member devices found by the last {@link #prepare}: who a mid-pass rotation shares with. */
    private final Map<String, Map<String, Recipient>> devicesOf = new java.util.HashMap<>();

    RoomEncryptor(EncryptionGateway gateway, EncryptionStore store, Clock clock) {
        this.gateway = gateway;
        this.store = store;
        this.clock = clock;
    }

    /** The device's keys, made and uploaded on first use (and again for a new device id after a new login). */
    DeviceKeys deviceKeys() {
        if (keys != null) {
            return keys;
        }
        me = gateway.whoami();
        ObjectNode stored = store.readState();
        if (stored != null && me.userId().equals(stored.path("user_id").asText())
                && me.deviceId().equals(stored.path("device_id").asText())) {
            state = stored;
            keys = new DeviceKeys(Curve25519KeyPair.fromPrivate(bytes(state, "curve25519")),
                    Ed25519KeyPair.fromSeed(bytes(state, "ed25519")));
        } else {
            if (stored != null) {
                LOG.info("new device {} for {}: making new encryption keys", me.deviceId(), me.userId());
            }
            keys = DeviceKeys.generate(random);
            state = json.createObjectNode();
            state.put("user_id", me.userId()).put("device_id", me.deviceId())
                    .put("curve25519", UnpaddedBase64.encode(keys.identity().privateKey()))
                    .put("ed25519", UnpaddedBase64.encode(keys.fingerprint().seed()))
                    .put("keys_uploaded", false);
            state.putObject("trusted_devices");
            state.putObject("rooms");
            store.writeState(state);
        }
        if (!state.path("keys_uploaded").asBoolean()) {
            ObjectNode upload = json.createObjectNode();
            upload.set("device_keys", keys.signedDeviceKeys(me.userId(), me.deviceId()));
            gateway.uploadKeys(upload);
            state.put("keys_uploaded", true);
            store.writeState(state);
            LOG.info("uploaded the encryption keys of {} device {} (Ed25519 {})", me.userId(), me.deviceId(),
                    keys.fingerprint().publicKeyBase64());
        }
        return keys;
    }

    /**
     * Makes sure the room's outbound session is current and shared with every member device: rotates it when
     * its age or message count is up or the member devices changed, and shares it with devices that lack it.
     * Call once per room and delivery pass, before {@link #encrypt}.
     */
    void prepare(String roomId, JsonNode encryption) {
        deviceKeys();
        Map<String, Recipient> devices = memberDevices(roomId);
        devicesOf.put(roomId, devices);
        ObjectNode room = (ObjectNode) state.path("rooms").get(roomId);
        Set<String> shared = new LinkedHashSet<>();
        if (room != null) {
            room.path("shared_with").forEach(d -> shared.add(d.asText()));
        }
        String why = room == null ? "first message" : rotationReason(room, encryption, shared, devices.keySet());
        if (why != null) {
            room = newSession(roomId, why);
            shared.clear();
        }
        Map<String, Recipient> missing = new LinkedHashMap<>(devices);
        missing.keySet().removeAll(shared);
        if (!missing.isEmpty()) {
            shared.addAll(share(roomId, session(room), missing));
            ArrayNode sharedWith = room.putArray("shared_with");
            shared.forEach(sharedWith::add);
            store.writeState(state);
        }
    }

    private ObjectNode newSession(String roomId, String why) {
        MegolmOutboundSession session = MegolmOutboundSession.create(random);
        ObjectNode room = json.createObjectNode();
        putSession(room, session);
        room.put("created_ms", clock.millis());
        room.putArray("shared_with");
        ((ObjectNode) state.get("rooms")).set(roomId, room);
        store.writeState(state);
        LOG.info("new Megolm session {} for {} ({})", session.sessionId(), roomId, why);
        return room;
    }

    /**
     * Encrypts one {@code m.room.message} content for the room with its prepared session (replaced first, and
     * shared with the devices {@link #prepare} found, when its age or message count ran out meanwhile); the
     * advanced session is on disk before this returns the {@code m.room.encrypted} content.
     */
    ObjectNode encrypt(String roomId, JsonNode encryption, ObjectNode content) {
        ObjectNode room = (ObjectNode) state.path("rooms").get(roomId);
        Map<String, Recipient> devices = devicesOf.get(roomId);
        if (room == null || devices == null) {
            throw new IllegalStateException("prepare(" + roomId + ") first");
        }
        String why = expiry(room, encryption);
        if (why != null) {
            room = newSession(roomId, why);
            Set<String> reached = share(roomId, session(room), devices);
            ArrayNode sharedWith = room.putArray("shared_with");
            reached.forEach(sharedWith::add);
            store.writeState(state);
        }
        MegolmOutboundSession session = session(room);
        ObjectNode plaintext = json.createObjectNode();
        plaintext.put("type", "m.room.message");
        plaintext.set("content", content);
        plaintext.put("room_id", roomId);
        MegolmOutboundSession.Encrypted encrypted;
        try {
            encrypted = session.encrypt(json.writeValueAsBytes(plaintext));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the event", e);
        }
        putSession(room, encrypted.next());
        store.writeState(state);
        ObjectNode event = json.createObjectNode();
        event.put("algorithm", MegolmOutboundSession.ALGORITHM);
        event.put("sender_key", keys.identity().publicKeyBase64());
        event.put("ciphertext", encrypted.ciphertext());
        event.put("session_id", session.sessionId());
        event.put("device_id", me.deviceId());
        return event;
    }

    private String rotationReason(ObjectNode room, JsonNode encryption, Set<String> shared, Set<String> devices) {
        String expired = expiry(room, encryption);
        if (expired != null) {
            return expired;
        }
        if (!devices.containsAll(shared)) {
            return "a member device left";
        }
        if (!shared.isEmpty() && !shared.containsAll(devices)) {
            return "a member device joined";
        }
        return null;
    }

    /** Why the session may not encrypt another message (the room's rotation periods), or null. */
    private String expiry(ObjectNode room, JsonNode encryption) {
        long maxMsgs = encryption.path("rotation_period_msgs").canConvertToLong()
                ? encryption.get("rotation_period_msgs").asLong() : DEFAULT_ROTATION_MSGS;
        long maxMs = encryption.path("rotation_period_ms").canConvertToLong()
                ? encryption.get("rotation_period_ms").asLong() : DEFAULT_ROTATION_MS;
        if (room.path("index").asLong() >= Math.max(1, maxMsgs)) {
            return "the room's rotation_period_msgs (" + maxMsgs + ") is reached";
        }
        if (clock.millis() - room.path("created_ms").asLong() >= Math.max(1, maxMs)) {
            return "the room's rotation_period_ms (" + maxMs + ") is up";
        }
        return null;
    }

    /** A device to share with: its user, id, and verified keys. */
    private record Recipient(String userId, String deviceId, byte[] curve25519, byte[] ed25519) {
        String slot() {
            return userId + '|' + deviceId + '|' + UnpaddedBase64.encode(curve25519);
        }
    }

    /** The joined members' devices whose keys verify (and match what was first seen), but our own device. */
    private Map<String, Recipient> memberDevices(String roomId) {
        List<String> members = gateway.joinedMembers(roomId);
        ObjectNode answer = gateway.queryKeys(members);
        ObjectNode trusted = (ObjectNode) state.get("trusted_devices");
        Map<String, Recipient> out = new LinkedHashMap<>();
        boolean trustChanged = false;
        for (String userId : members) {
            JsonNode devices = answer.path("device_keys").path(userId);
            for (Iterator<Map.Entry<String, JsonNode>> it = devices.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String deviceId = entry.getKey();
                JsonNode device = entry.getValue();
                if (userId.equals(me.userId()) && deviceId.equals(me.deviceId())) {
                    continue;
                }
                Recipient recipient = verified(userId, deviceId, device);
                if (recipient == null) {
                    continue;
                }
                String tofuKey = userId + '|' + deviceId;
                String ed = UnpaddedBase64.encode(recipient.ed25519());
                JsonNode known = trusted.get(tofuKey);
                if (known == null) {
                    trusted.put(tofuKey, ed);
                    trustChanged = true;
                } else if (!known.asText().equals(ed)) {
                    LOG.warn("device {} of {} now shows the Ed25519 key {} instead of {} first seen: it gets no room"
                            + " keys (trust on first use); if the change is genuine, remove its entry from"
                            + " trusted_devices in {}", deviceId, userId, ed, known.asText(), "the spool's e2ee/state.json");
                    continue;
                }
                out.put(recipient.slot(), recipient);
            }
        }
        if (trustChanged) {
            store.writeState(state);
        }
        return out;
    }

    private Recipient verified(String userId, String deviceId, JsonNode device) {
        String curve = device.path("keys").path("curve25519:" + deviceId).asText(null);
        String ed = device.path("keys").path("ed25519:" + deviceId).asText(null);
        if (!userId.equals(device.path("user_id").asText()) || !deviceId.equals(device.path("device_id").asText())
                || curve == null || ed == null) {
            LOG.warn("skipping device {} of {}: its keys do not name it, or lack a Curve25519 or Ed25519 key",
                    deviceId, userId);
            return null;
        }
        try {
            byte[] edKey = UnpaddedBase64.decode(ed);
            byte[] curveKey = UnpaddedBase64.decode(curve);
            if (!SignedJson.verify(device, userId, deviceId, edKey)) {
                LOG.warn("skipping device {} of {}: its device keys are not signed by its own Ed25519 key", deviceId, userId);
                return null;
            }
            return new Recipient(userId, deviceId, curveKey, edKey);
        } catch (CryptoException e) {
            LOG.warn("skipping device {} of {}: {}", deviceId, userId, e.getMessage());
            return null;
        }
    }

    /** Claims a signed one-time key of each device and sends it the session's key in an Olm pre-key message. */
    private Set<String> share(String roomId, MegolmOutboundSession session, Map<String, Recipient> recipients) {
        Set<String> reached = new LinkedHashSet<>();
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        recipients.values().forEach(r -> wanted.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r.deviceId()));
        ObjectNode claimed = gateway.claimKeys(wanted, "signed_curve25519");
        ObjectNode messages = json.createObjectNode();
        int count = 0;
        for (Recipient recipient : recipients.values()) {
            byte[] oneTimeKey = claimedKey(claimed.path("one_time_keys").path(recipient.userId()).path(recipient.deviceId()),
                    recipient);
            if (oneTimeKey == null) {
                continue;
            }
            OlmOutboundSession olm = OlmOutboundSession.create(keys.identity(), recipient.curve25519(), oneTimeKey, random);
            ObjectNode payload = json.createObjectNode();
            payload.put("type", "m.room_key");
            payload.putObject("content").put("algorithm", MegolmOutboundSession.ALGORITHM).put("room_id", roomId)
                    .put("session_id", session.sessionId()).put("session_key", session.sessionKey());
            payload.put("sender", me.userId()).put("sender_device", me.deviceId());
            payload.putObject("keys").put("ed25519", keys.fingerprint().publicKeyBase64());
            payload.put("recipient", recipient.userId());
            payload.putObject("recipient_keys").put("ed25519", UnpaddedBase64.encode(recipient.ed25519()));
            OlmOutboundSession.Message message;
            try {
                message = olm.encrypt(json.writeValueAsBytes(payload)).message();
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise the room key", e);
            }
            ObjectNode content = json.createObjectNode();
            content.put("algorithm", OlmOutboundSession.ALGORITHM);
            content.put("sender_key", keys.identity().publicKeyBase64());
            content.putObject("ciphertext").putObject(UnpaddedBase64.encode(recipient.curve25519()))
                    .put("type", message.type()).put("body", message.body());
            ObjectNode byUser = messages.has(recipient.userId()) ? (ObjectNode) messages.get(recipient.userId())
                    : messages.putObject(recipient.userId());
            byUser.set(recipient.deviceId(), content);
            reached.add(recipient.slot());
            count++;
        }
        if (count > 0) {
            byte[] txn = new byte[12];
            random.nextBytes(txn);
            gateway.sendToDevice("m.room.encrypted", "mxnkeys" + java.util.HexFormat.of().formatHex(txn), messages);
        }
        LOG.info("shared Megolm session {} of {} with {} of {} member devices", session.sessionId(), roomId, count,
                recipients.size());
        return reached;
    }

    private static byte[] claimedKey(JsonNode keysOfDevice, Recipient recipient) {
        for (Iterator<Map.Entry<String, JsonNode>> it = keysOfDevice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getKey().startsWith("signed_curve25519:")) {
                continue;
            }
            JsonNode key = entry.getValue();
            if (key.path("key").isTextual()
                    && SignedJson.verify(key, recipient.userId(), recipient.deviceId(), recipient.ed25519())) {
                return UnpaddedBase64.decode(key.get("key").asText());
            }
            LOG.warn("the one-time key claimed for device {} of {} is not signed by it: it gets no room key",
                    recipient.deviceId(), recipient.userId());
            return null;
        }
        LOG.warn("device {} of {} has no one-time key left: it gets no room key this time", recipient.deviceId(),
                recipient.userId());
        return null;
    }

    private static void putSession(ObjectNode room, MegolmOutboundSession session) {
        room.put("session_id", session.sessionId());
        room.put("ratchet", UnpaddedBase64.encode(session.ratchet()));
        room.put("index", session.index());
        room.put("signing", UnpaddedBase64.encode(session.signing().seed()));
    }

    private static MegolmOutboundSession session(ObjectNode room) {
        return new MegolmOutboundSession(UnpaddedBase64.decode(room.path("ratchet").asText()), room.path("index").asLong(),
                Ed25519KeyPair.fromSeed(UnpaddedBase64.decode(room.path("signing").asText())));
    }

    private static byte[] bytes(ObjectNode state, String field) {
        return UnpaddedBase64.decode(state.path(field).asText());
    }

}
