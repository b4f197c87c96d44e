package io.mxnotify.core.delivery.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.auth.CredentialStoreException;
import io.mxnotify.core.auth.LoginRequiredException;
import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.client.MatrixClientException;
import io.mxnotify.core.client.MatrixException;
import io.mxnotify.core.delivery.DeliveredNotification;
import io.mxnotify.core.delivery.DeliveryPolicy;
import io.mxnotify.core.id.InvalidIdentifierException;
import io.mxnotify.core.spool.QuarantinedFile;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.SpoolEntry;
import io.mxnotify.core.spool.SpoolId;
import io.mxnotify.core.spool.SpoolScan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery pass over the spool, by the holder of its flusher lock: for every room, oldest first,
 * deliver until one fails, then decide per the failure whether that room waits (backoff), every room
 * waits (server unreachable, rate limited, token rejected), or the notification is given up.
 */
public final class DeliveryEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    /** How many times one pass may log in again (a token invalidated again right after a fresh login). */
    private static final int LOGINS_PER_PASS = 3;
    /** Delivered files are deleted at once, and their directory fsynced after this many (and at the end of a pass). */
    private static final int REMOVALS_PER_SYNC = 64;

    private final Spool spool;
    private final HomeserverGateway gateway;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final RandomGenerator random;
    private final LateLabelWriter labelWriter;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> aliasToRoomId = new ConcurrentHashMap<>();
    /** Rooms seen with {@code m.room.encryption}: the spec allows no way back, so this never needs forgetting. */
    private final Set<String> encryptedRooms = ConcurrentHashMap.newKeySet();
    /** Each encrypted room's {@code m.room.encryption} content (algorithm, rotation periods). */
    private final Map<String, ObjectNode> encryptionOf = new ConcurrentHashMap<>();
    private RoomEncryptor encryptor;

    public DeliveryEngine(Spool spool, HomeserverGateway gateway, DeliveryPolicy policy, Clock clock,
                          RandomGenerator random) {
        this.spool = spool;
        this.gateway = gateway;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
        this.labelWriter = new LateLabelWriter(policy.lateLabel());
    }

    /**
     * What one pass did and what is left.
     *
     * @param failures for each notification that died or still waits because of a failure: the kind of that
     *                 failure (absent for notifications that only wait for their backoff or expired)
     */
    public record PassResult(List<DeliveredNotification> delivered, List<SpoolEntry> died,
                             List<SpoolEntry> remaining, Map<String, String> waiting,
                             List<QuarantinedFile> quarantined, Instant earliestRetry, boolean loginRequired,
                             Map<SpoolId, FailureKind> failures) {

        /** A pass result without the login flag and failure kinds. */
        public PassResult(List<DeliveredNotification> delivered, List<SpoolEntry> died, List<SpoolEntry> remaining,
                          Map<String, String> waiting, List<QuarantinedFile> quarantined, Instant earliestRetry) {
            this(delivered, died, remaining, waiting, quarantined, earliestRetry, false, Map.of());
        }
    }

    /**
     * Runs one pass. The caller must hold the spool's flusher lock.
     *
     * @param honourBackoff false to try each room's first notification now even if its backoff has not
     *                      expired (a user asked for delivery); true for automatic retries
     */
    public PassResult runPass(boolean honourBackoff) {
        SpoolScan scan = spool.scan();
        Map<String, List<SpoolEntry>> rooms = new LinkedHashMap<>();
        for (SpoolEntry entry : scan.entries()) {
            rooms.computeIfAbsent(entry.room(), r -> new ArrayList<>()).add(entry);
        }
        Pass pass = new Pass();
        try {
            for (Map.Entry<String, List<SpoolEntry>> room : rooms.entrySet()) {
                deliverRoom(room.getKey(), room.getValue(), honourBackoff, pass);
            }
        } finally {
            if (pass.unsyncedRemovals > 0) {
                spool.sync();
            }
        }
        return new PassResult(pass.delivered, pass.died, pass.remaining, pass.waiting, scan.quarantined(),
                pass.earliestRetry, pass.loginRequired, pass.failures);
    }

    private void deliverRoom(String room, List<SpoolEntry> queue, boolean honourBackoff, Pass pass) {
        for (int i = 0; i < queue.size(); i++) {
            SpoolEntry entry = queue.get(i);
            Instant now = clock.instant();
            String expiry = expiryReason(entry, now);
            if (expiry != null) {
                pass.died.add(spool.bury(entry, expiry));
                LOG.warn("gave up on notification {} for {}: {}", entry.id(), room, expiry);
                continue;
            }
            if (pass.stopReason != null) {
                pass.hold(room, queue.subList(i, queue.size()), pass.stopReason, null, pass.stopKind);
                return;
            }
            if (honourBackoff && !entry.isDue(now)) {
                pass.hold(room, queue.subList(i, queue.size()), "waiting until " + entry.nextAttemptAt()
                        + " to retry" + (entry.lastError() != null ? " after: " + entry.lastError() : ""),
                        entry.nextAttemptAt(), null);
                return;
            }
            Verdict verdict = attempt(entry, pass);
            switch (verdict.kind) {
                case DELIVERED -> {
                    spool.remove(entry);
                    if (pass.encryptedDeliveries.contains(entry.id())) {
                        new EncryptionStore(spool.encryptionDirectory()).deletePayload(entry.id());
                    }
                    if (++pass.unsyncedRemovals >= REMOVALS_PER_SYNC) {
                        spool.sync();
                        pass.unsyncedRemovals = 0;
                    }
                    pass.delivered.add(new DeliveredNotification(entry.id(), room, verdict.eventId, verdict.late));
                }
                case DEAD -> {
                    pass.died.add(spool.bury(entry, verdict.error));
                    if (verdict.failure != null) {
                        pass.failures.put(entry.id(), verdict.failure);
                    }
                    LOG.warn("gave up on notification {} for {}: {}", entry.id(), room, verdict.error);
                }
                case RETRY_ROOM, STOP_ALL -> {
                    SpoolEntry updated = verdict.countsAttempt
                            ? entry.withFailedAttempt(verdict.error, verdict.retryAt)
                            : entry.withWait(verdict.error, verdict.retryAt);
                    spool.update(updated);
                    LOG.info("notification {} for {} not delivered yet: {}; next try after {}", entry.id(), room,
                            verdict.error, verdict.retryAt);
                    List<SpoolEntry> left = new ArrayList<>(queue.subList(i, queue.size()));
                    left.set(0, updated);
                    pass.hold(room, left, verdict.error, verdict.retryAt, verdict.failure);
                    if (verdict.kind == VerdictKind.STOP_ALL) {
                        pass.stopReason = "not tried: " + verdict.error;
                        pass.stopKind = verdict.failure;
                    }
                    return;
                }
            }
        }
    }

    private String expiryReason(SpoolEntry entry, Instant now) {
        String last = entry.lastError() != null ? "; last error: " + entry.lastError() : "";
        Duration age = Duration.between(entry.queuedSince(), now);
        if (age.compareTo(policy.maxAge()) > 0) {
            return "not delivered within the maximum age of " + readable(policy.maxAge()) + " (" + entry.attempts()
                    + " failed attempts" + last + ")";
        }
        if (entry.attempts() >= policy.maxAttempts()) {
            return "not delivered after the maximum of " + policy.maxAttempts() + " attempts" + last;
        }
        return null;
    }

    /** "3 days", "90 minutes", "45 seconds": a duration as a person writes it. */
    static String readable(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
        }
        return d.toSeconds() > 0 ? d.toSeconds() + " seconds" : d.toMillis() + " ms";
    }

    private Verdict attempt(SpoolEntry entry, Pass pass) {
        Instant now = clock.instant();
        boolean late = policy.lateLabel().applies(entry.enqueuedAt(), now);
        ObjectNode content = entry.content();
        if (late) {
            ObjectNode labelled = labelWriter.apply(content, sizeOf(content),
                    policy.lateLabel().sentence(entry.enqueuedAt()));
            late = labelled != content;
            content = labelled;
        }
        try {
            String roomId = resolve(entry.room(), pass);
            return Verdict.delivered(sendWithRecovery(roomId, entry, content, pass), late);
        } catch (EncryptedRoomRefusal refusal) {
            // Only a newer mxnotify helps an encrypted room: wait the longest backoff, not a send's patience.
            return Verdict.waitRoom(refusal.getMessage(), refusal.encrypted
                    ? clock.instant().plus(policy.backoff().max()) : backoffAt(entry));
        } catch (JoinRefused refused) {
            return Verdict.dead(refused.getMessage(), refused.kind);
        } catch (InvalidIdentifierException badRoom) {
            return Verdict.dead("the spooled room '" + entry.room() + "' is not a room id or alias: "
                    + badRoom.getMessage(), FailureKind.REJECTED);
        } catch (LoginRefused refused) {
            pass.loginRequired = true;
            return Verdict.stopAll(false, refused.getMessage(), backoffAt(entry), refused.kind);
        } catch (LoginRequiredException required) {
            pass.loginRequired = true;
            return Verdict.stopAll(false, required.getMessage() + "; the notification stays queued",
                    backoffAt(entry), FailureKind.UNKNOWN_TOKEN);
        } catch (CredentialStoreException storeFailure) {
            return Verdict.stopAll(false, storeFailure.getMessage(), backoffAt(entry), null);
        } catch (MatrixClientException failure) {
            return classify(failure, entry, now);
        }
    }

    private String resolve(String room, Pass pass) {
        if (!room.startsWith("#")) {
            return room;
        }
        String known = aliasToRoomId.get(room);
        if (known != null) {
            return known;
        }
        String roomId = withLogin(() -> gateway.join(room), pass);
        aliasToRoomId.put(room, roomId);
        return roomId;
    }

    private String sendWithRecovery(String roomId, SpoolEntry entry, ObjectNode content, Pass pass) {
        try {
            return withLogin(() -> sendUnlessEncrypted(roomId, entry, content, pass), pass);
        } catch (MatrixClientException e) {
            if (e.kind() != FailureKind.FORBIDDEN) {
                throw e;
            }
            // Not (or no longer) in the room: join once, then retry the same txnId.
            LOG.info("sending to {} was forbidden ({}); joining the room and retrying", roomId, e.getMessage());
            try {
                withLogin(() -> gateway.join(roomId), pass);
            } catch (MatrixClientException joinFailure) {
                if (joinFailure.kind() == FailureKind.FORBIDDEN || joinFailure.kind() == FailureKind.REJECTED) {
                    throw new JoinRefused("sending to " + roomId + " was forbidden (" + e.getMessage()
                            + ") and joining the room failed: " + joinFailure.getMessage(), joinFailure.kind());
                }
                throw joinFailure;
            }
            return withLogin(() -> sendUnlessEncrypted(roomId, entry, content, pass), pass);
        }
    }

    /**
     * Sends the plaintext content only into a room known not to be encrypted: the room's encryption state
     * is read once per pass (a room that turned encryption on after the notification was queued is
     * honoured), and an encrypted room, or one whose state cannot be read, gets nothing.
     */
    private String sendUnlessEncrypted(String roomId, SpoolEntry entry, ObjectNode content, Pass pass) {
        if (!pass.checkedRooms.contains(roomId) && !encryptedRooms.contains(roomId)) {
            Optional<ObjectNode> encryption;
            try {
                encryption = gateway.roomEncryption(roomId);
            } catch (MatrixClientException e) {
                if (e.kind().isRetryable() || e.kind() == FailureKind.FORBIDDEN
                        || e.kind() == FailureKind.UNKNOWN_TOKEN || e.kind() == FailureKind.ACCOUNT_UNUSABLE) {
                    throw e;
                }
                throw new EncryptedRoomRefusal("could not read whether " + roomId + " is encrypted ("
                        + e.getMessage() + "), so nothing is sent to it in plaintext; the notification stays queued", false);
            }
            if (encryption.isPresent()) {
                encryptedRooms.add(roomId);
                encryptionOf.put(roomId, encryption.get());
            }
            pass.checkedRooms.add(roomId);
        }
        if (encryptedRooms.contains(roomId)) {
            return sendEncrypted(roomId, entry, content, pass);
        }
        return gateway.send(roomId, entry.txnId(), content);
    }

    /**
     * Sends a notification into an encrypted room as {@code m.room.encrypted}: encrypted once, its ciphertext
     * stored beside the spool entry before the first send, so every retry sends the same bytes with the same
     * txnId. Anything that keeps the room key from being shared keeps the notification waiting, never plaintext.
     */
    private String sendEncrypted(String roomId, SpoolEntry entry, ObjectNode content, Pass pass) {
        EncryptionGateway e2ee = gateway.encryption().orElseThrow(() -> new EncryptedRoomRefusal(roomId
                + " is an end-to-end encrypted room (m.room.encryption) and this connection to the server cannot"
                + " encrypt, so it sends no plaintext there; the notification stays queued", true));
        ObjectNode encryption = encryptionOf.getOrDefault(roomId, json.createObjectNode());
        String algorithm = encryption.path("algorithm").asText("");
        if (!algorithm.equals(io.mxnotify.core.crypto.internal.MegolmOutboundSession.ALGORITHM)) {
            throw new EncryptedRoomRefusal(roomId + " is an end-to-end encrypted room whose algorithm '" + algorithm
                    + "' mxnotify does not speak (only m.megolm.v1.aes-sha2), so it sends nothing there; the"
                    + " notification stays queued", true);
        }
        EncryptionStore store = new EncryptionStore(spool.encryptionDirectory());
        ObjectNode payload = store.readPayload(entry.id());
        if (payload == null) {
            try {
                if (encryptor == null) {
                    encryptor = new RoomEncryptor(e2ee, store, clock);
                }
                if (!pass.preparedRooms.contains(roomId)) {
                    encryptor.prepare(roomId, encryption);
                    pass.preparedRooms.add(roomId);
                }
                payload = encryptor.encrypt(roomId, encryption, content);
            } catch (MatrixClientException e) {
                if (e.kind().isRetryable() || e.kind() == FailureKind.UNKNOWN_TOKEN) {
                    throw e;
                }
                throw new EncryptedRoomRefusal("could not share the room key of " + roomId + " (" + e.getMessage()
                        + "), so nothing is sent there; the notification stays queued", false);
            } catch (io.mxnotify.core.crypto.internal.CryptoException | IllegalStateException e) {
                throw new EncryptedRoomRefusal("could not encrypt for " + roomId + " (" + e.getMessage()
                        + "), so nothing is sent there; the notification stays queued", false);
            }
            store.writePayload(entry.id(), payload);
        }
        String eventId = e2ee.sendEncrypted(roomId, entry.txnId(), payload);
        pass.encryptedDeliveries.add(entry.id());
        return eventId;
    }

    private <T> T withLogin(java.util.function.Supplier<T> call, Pass pass) {
        while (true) {
            try {
                return call.get();
            } catch (MatrixClientException e) {
                if (e.kind() != FailureKind.UNKNOWN_TOKEN || !gateway.canLogInAgain()
                        || pass.logins >= LOGINS_PER_PASS) {
                    throw e;
                }
                pass.logins++;
                LOG.info("the access token was rejected ({}); renewing it for {}", e.getMessage(),
                        gateway.accountDescription());
                try {
                    gateway.renewToken(e);
                } catch (MatrixClientException loginFailure) {
                    if (loginFailure.isRetryable()) {
                        throw loginFailure;
                    }
                    throw new LoginRefused("the access token was rejected and logging in again as "
                            + gateway.accountDescription() + " failed: " + loginFailure.getMessage()
                            + "; check the password, or run `mxnotify login`", loginFailure.kind());
                }
            }
        }
    }

    private Verdict classify(MatrixClientException failure, SpoolEntry entry, Instant now) {
        FailureKind kind = failure.kind();
        String error = failure.getMessage();
        switch (kind) {
            case RATE_LIMITED: {
                Duration wait = failure instanceof MatrixException m && m.retryAfter().isPresent()
                        ? m.retryAfter().get() : policy.backoff().delayAfter(entry.attempts() + 1, random);
                return Verdict.stopAll(true, error, now.plus(wait), kind);
            }
            case NETWORK:
            case TIMEOUT:
            case TLS:
                return Verdict.stopAll(true, error, backoffAt(entry), kind);
            case SERVER_ERROR:
            case SERVER_LIMIT:
                return Verdict.retryRoom(error, backoffAt(entry), kind);
            case UNKNOWN_TOKEN:
                return Verdict.stopAll(false, gateway.canLogInAgain()
                        ? "the access token was rejected again right after logging in (" + error + ")"
                        : "the access token was rejected (" + error + "); run `mxnotify login` to get a new one"
                                + " (or configure a password so that mxnotify logs in again by itself); the"
                                + " notification stays queued", backoffAt(entry), kind);
            case ACCOUNT_UNUSABLE:
                return Verdict.stopAll(false, "the account " + gateway.accountDescription()
                        + " cannot send until an administrator acts (" + error + ")", backoffAt(entry), kind);
            case WRONG_ENDPOINT:
                return Verdict.stopAll(false, "the home server URL " + gateway.homeserverDescription() + " is not the"
                        + " root of a Matrix client API: " + error + "; give the server's base URL, without /_matrix"
                        + " and usually without any path (e.g. https://matrix.example.org; 'mxnotify discover"
                        + " @you:example.org' finds it); the notification stays queued", backoffAt(entry), kind);
            case FORBIDDEN:
                return Verdict.dead("the server refused the notification even after joining the room: " + error, kind);
            case REJECTED:
            default:
                return Verdict.dead("the server refused the notification: " + error, kind);
        }
    }

    private Instant backoffAt(SpoolEntry entry) {
        return clock.instant().plus(policy.backoff().delayAfter(entry.attempts() + 1, random));
    }

    private int sizeOf(ObjectNode content) {
        try {
            return json.writeValueAsBytes(content).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }

    private enum VerdictKind { DELIVERED, DEAD, RETRY_ROOM, STOP_ALL }

    private record Verdict(VerdictKind kind, String eventId, boolean late, String error, Instant retryAt,
                           boolean countsAttempt, FailureKind failure) {
        static Verdict delivered(String eventId, boolean late) {
            return new Verdict(VerdictKind.DELIVERED, eventId, late, null, null, false, null);
        }

        static Verdict dead(String error, FailureKind failure) {
            return new Verdict(VerdictKind.DEAD, null, false, error, null, true, failure);
        }

        static Verdict retryRoom(String error, Instant at, FailureKind failure) {
            return new Verdict(VerdictKind.RETRY_ROOM, null, false, error, at, true, failure);
        }

        /** The room waits without the attempt counting toward the maximum (nothing was sent). */
        static Verdict waitRoom(String error, Instant at) {
            return new Verdict(VerdictKind.RETRY_ROOM, null, false, error, at, false, null);
        }

        static Verdict stopAll(boolean countsAttempt, String error, Instant at, FailureKind failure) {
            return new Verdict(VerdictKind.STOP_ALL, null, false, error, at, countsAttempt, failure);
        }
    }

    private static final class Pass {
        final List<DeliveredNotification> delivered = new ArrayList<>();
        final List<SpoolEntry> died = new ArrayList<>();
        final List<SpoolEntry> remaining = new ArrayList<>();
        final Map<String, String> waiting = new LinkedHashMap<>();
        final Map<SpoolId, FailureKind> failures = new LinkedHashMap<>();
        final Set<String> checkedRooms = new java.util.HashSet<>();
        final Set<String> preparedRooms = new java.util.HashSet<>();
        final Set<SpoolId> encryptedDeliveries = new java.util.HashSet<>();
        Instant earliestRetry;
        String stopReason;
        FailureKind stopKind;
        int logins;
        int unsyncedRemovals;
        boolean loginRequired;

        void hold(String room, List<SpoolEntry> entries, String reason, Instant retryAt, FailureKind failure) {
            remaining.addAll(entries);
            if (failure != null) {
                entries.forEach(e -> failures.put(e.id(), failure));
            }
            waiting.put(room, entries.size() + " waiting: " + reason);
            if (retryAt != null && (earliestRetry == null || retryAt.isBefore(earliestRetry))) {
                earliestRetry = retryAt;
            }
        }
    }

    /** The room is encrypted (or its encryption state unreadable): no plaintext goes there. */
    private static final class EncryptedRoomRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** True for a room known to be encrypted, false when its state could not be read. */
        private final boolean encrypted;

        EncryptedRoomRefusal(String message, boolean encrypted) {
            super(message, null, false, false);
            this.encrypted = encrypted;
        }
    }

    /** Not in the room, and joining it was refused for good. */
    private static final class JoinRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final FailureKind kind;

        JoinRefused(String message, FailureKind kind) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    /** Logging in again was refused for good (wrong password, deactivated account). */
    private static final class LoginRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final FailureKind kind;

        LoginRefused(String message, FailureKind kind) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }
}
