package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.RoomEvent;
import io.mxnotify.fakehs.RoomSummary;
import java.time.Duration;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Everything the fake home server knows, behind one lock: the entry point that the endpoints, the Java API
 * and the seed use. The work is done by {@link AccountRegistry} (accounts, devices, tokens),
 * {@link RoomDirectory} (rooms, aliases, memberships) and {@link EventLog} (events, retention, txnIds); this
 * class takes the {@link StateLock} around each operation, so every operation is atomic (concurrent retries
 * of one txnId store one event) and waiters wake when something is stored.
 */
public final class HomeserverState {
    /** The spec's limit on the size of an event, serialised. */
    public static final int MAX_EVENT_BYTES = 65_536;
    /** The spec's limit for user ids, room aliases, event types and state keys, in bytes. */
    public static final int MAX_IDENTIFIER_BYTES = 255;

    private final StateLock lock = new StateLock();
    private final String serverName;
    private final IdGenerator ids;
    private final LongSupplier clock;
    private final ListenerHub hub;
    private final AccountRegistry accounts;
    private final EventLog log;
    private final RoomDirectory rooms;
    private final DeviceKeyDirectory keys;

    public HomeserverState(String serverName, IdGenerator ids, JsonCodec json, ListenerHub hub, LongSupplier clock,
                           int retentionCap, int deviceWarningThreshold) {
        this(serverName, ids, json, hub, clock, retentionCap, deviceWarningThreshold, 0);
    }

    /**
     * @param tokenLifetimeMs how long access tokens of clients that ask for a refresh token live; 0: forever
     */
    public HomeserverState(String serverName, IdGenerator ids, JsonCodec json, ListenerHub hub, LongSupplier clock,
                           int retentionCap, int deviceWarningThreshold, long tokenLifetimeMs) {
        this.serverName = serverName;
        this.ids = ids;
        this.clock = clock;
        this.hub = hub;
        this.accounts = new AccountRegistry(lock, serverName, ids, hub, clock, deviceWarningThreshold, tokenLifetimeMs);
        this.log = new EventLog(lock, ids, json, hub, clock, retentionCap);
        this.rooms = new RoomDirectory(lock, serverName, ids, json, hub, accounts, log);
        this.keys = new DeviceKeyDirectory(lock, log::nextPosition);
    }

    public String serverName() {
        return serverName;
    }

    public IdGenerator ids() {
        return ids;
    }

    public long now() {
        return clock.getAsLong();
    }

    // ---------------------------------------------------------------- accounts, devices, tokens

    /** The full user id for a localpart or user id of this server, or empty when it names another server. */
    public Optional<String> localUserId(String userIdOrLocalpart) {
        return accounts.localUserId(userIdOrLocalpart);
    }

    /** Checks a wished-for localpart the way Synapse does; answers {@code M_INVALID_USERNAME} otherwise. */
    public String validLocalpart(String localpart) {
        return accounts.validLocalpart(localpart);
    }

    /**
     * Creates an account and logs it in on one device.
     *
     * @param deviceId fixed device id, or {@code null} to generate one
     * @param token    fixed access token, or {@code null} to generate one
     */
    public FakeUser register(String localpart, String password, boolean admin, String createdBy,
                             String deviceId, String token) {
        return lock.locked(() -> accounts.register(localpart, password, admin, createdBy, deviceId, token));
    }

    /** Creates an account without logging it in (registration with {@code inhibit_login}). */
    public String createAccountOnly(String localpart, String password, boolean admin, String createdBy) {
        return lock.locked(() -> accounts.createAccount(localpart, password, admin, createdBy).userId);
    }

    public boolean userExists(String userIdOrLocalpart) {
        return lock.locked(() -> accounts.userExists(userIdOrLocalpart));
    }

    /**
     * Password login. An existing {@code deviceId} of this user is reused (its other tokens stay
     * valid, as on Synapse); an unknown one is created with that id.
     */
    public Session login(String userIdOrLocalpart, String password, String deviceId, String displayName) {
        return lock.locked(() -> accounts.login(userIdOrLocalpart, password, deviceId, displayName));
    }

    /**
     * Password login of a client that may ask for a refresh token. With a token lifetime configured, such
     * a client gets an expiring access token and a refresh token; any other client gets a token that
     * never expires (as Synapse does).
     */
    public IssuedSession login(String userIdOrLocalpart, String password, String deviceId, String displayName,
                               boolean wantsRefreshToken) {
        return lock.locked(() -> accounts.login(userIdOrLocalpart, password, deviceId, displayName,
                wantsRefreshToken));
    }

    /**
     * {@code POST /refresh}: a new access token and refresh token on the same device. The old refresh token
     * keeps working until the new pair is first used. An unknown, revoked or replaced refresh token gets
     * 401 {@code M_UNKNOWN_TOKEN}.
     */
    public IssuedSession refresh(String refreshToken) {
        return lock.locked(() -> accounts.refresh(refreshToken));
    }

    /** Expires every access token of a user now (a soft logout: refresh tokens and devices stay). */
    public void expireTokens(String userId) {
        lock.locked(() -> accounts.expireTokens(userId));
    }

    /**
     * Revokes every access and refresh token of a user (a hard logout, as when an administrator ends the
     * sessions); the devices stay, so a client may log in again on the same device.
     */
    public void revokeTokens(String userId) {
        lock.locked(() -> accounts.revokeTokens(userId));
    }

    /** How many refresh tokens of a user are live. */
    public int refreshTokenCount(String userId) {
        return lock.locked(() -> accounts.refreshTokenCount(userId));
    }

    /** Logs a user in on a (new or existing) device without a password: for the Java and control API. */
    public Session loginWithoutPassword(String userId, String deviceId, String createdBy) {
        return lock.locked(() -> accounts.loginWithoutPassword(userId, deviceId, createdBy));
    }

    /**
     * The session of an access token for a request that needs one: 401 {@code M_UNKNOWN_TOKEN} with
     * {@code soft_logout: true} when it has expired, with {@code soft_logout: false} when it is unknown.
     */
    public Session authenticateOrRefuse(String token) {
        return lock.locked(() -> accounts.authenticateOrRefuse(token));
    }

    /**
     * The session of an access token, marking its device as seen; empty when the token is unknown or
     * expired. The first use of a refreshed token revokes the refresh token it replaced.
     */
    public Optional<Session> authenticate(String token) {
        return lock.locked(() -> accounts.authenticate(token));
    }

    /** Invalidates one access token and deletes its device, as {@code /logout} does. */
    public void logout(Session session) {
        lock.locked(() -> {
            keys.deviceDeleted(session.userId(), session.deviceId());
            return accounts.deleteDevice(session.userId(), session.deviceId());
        });
    }

    /** Invalidates every token of a user and deletes all devices ({@code /logout/all}). */
    public void logoutAll(String userId) {
        lock.locked(() -> {
            accounts.devices(userId).forEach(device -> keys.deviceDeleted(userId, device.deviceId()));
            accounts.logoutAll(userId);
            return null;
        });
    }

    /** Deletes a device and its tokens; false when the user has no such device. */
    public boolean deleteDevice(String userId, String deviceId) {
        return lock.locked(() -> {
            keys.deviceDeleted(userId, deviceId);
            return accounts.deleteDevice(userId, deviceId);
        });
    }

    public void renameDevice(String userId, String deviceId, String displayName) {
        lock.locked(() -> accounts.renameDevice(userId, deviceId, displayName));
    }

    /** A user's devices, oldest first. */
    public List<DeviceInfo> devices(String userId) {
        return lock.locked(() -> accounts.devices(userId));
    }

    /** Every account with its devices, in creation order. */
    public List<UserInfo> users() {
        return lock.locked(accounts::users);
    }

    public List<String> deviceWarnings() {
        return lock.locked(accounts::deviceWarnings);
    }

    /** How many device warnings were raised so far; takes no lock (the journal asks before and after every request). */
    public int deviceWarningCount() {
        return accounts.deviceWarningCount();
    }

    /** The password of a user, for the Java API's {@code user(...)} lookup. */
    public Optional<String> password(String userId) {
        return lock.locked(() -> accounts.password(userId));
    }

    /** The first live token of a user (oldest device first), if any. */
    public Optional<Session> anySession(String userId) {
        return lock.locked(() -> accounts.anySession(userId));
    }

    public int deviceCount() {
        return lock.locked(accounts::deviceCount);
    }

    public int userCount() {
        return lock.locked(accounts::userCount);
    }

    // ---------------------------------------------------------------- rooms and membership

    /** Creates a room with its initial state events; answers {@code M_ROOM_IN_USE} for a taken alias. */
    public String createRoom(RoomSpec spec) {
        return lock.locked(() -> rooms.createRoom(spec));
    }

    /** {@code #localpart:server} for a localpart, or the alias itself when it is already a full alias. */
    public String aliasFor(String aliasOrLocalpart) {
        return rooms.aliasFor(aliasOrLocalpart);
    }

    /** The room id an alias points to, if any. */
    public Optional<String> resolveAlias(String alias) {
        return lock.locked(() -> rooms.resolveAlias(alias));
    }

    /** The room id for a room id or alias; {@code M_NOT_FOUND} when there is no such room. */
    public String roomIdOf(String roomIdOrAlias) {
        return lock.locked(() -> rooms.room(roomIdOrAlias).roomId);
    }

    /**
     * Joins a user to a room. Joining twice is harmless. Without {@code force}, invite-only rooms refuse
     * users who were not invited ({@code M_FORBIDDEN}).
     */
    public String join(String userId, String roomIdOrAlias, boolean force) {
        return lock.locked(() -> rooms.join(userId, roomIdOrAlias, force));
    }

    /** Leaves a room (used by {@code /rooms/{roomId}/leave}); leaving a room one is not in is an error. */
    public void leave(String userId, String roomId) {
        lock.locked(() -> rooms.leave(userId, roomId));
    }

    /** Invites a user; the inviter must be joined, the invitee must exist and not be joined yet. */
    public void invite(String inviter, String roomId, String invitee) {
        lock.locked(() -> rooms.invite(inviter, roomId, invitee));
    }

    public List<String> joinedRooms(String userId) {
        return lock.locked(() -> rooms.joinedRooms(userId));
    }

    public boolean isJoined(String userId, String roomId) {
        return lock.locked(() -> rooms.isJoined(userId, roomId));
    }

    /** Whether a user may read a room's history: joined now, or joined at some point. */
    public boolean mayRead(String userId, String roomId) {
        return lock.locked(() -> rooms.mayRead(userId, roomId));
    }

    // ---------------------------------------------------------------- end-to-end encryption keys, to-device

    /** {@code /keys/upload} for the session's device; answers the one-time key counts. */
    public Map<String, Integer> uploadKeys(Session session, ObjectNode deviceKeys, ObjectNode oneTimeKeys,
                                           ObjectNode fallbackKeys) {
        return lock.locked(() -> keys.upload(session.userId(), session.deviceId(), deviceKeys, oneTimeKeys, fallbackKeys));
    }

    /** The keys of a user's live devices (all of them, or those named). */
    public Map<String, ObjectNode> deviceKeys(String userId) {
        return lock.locked(() -> {
            Set<String> live = new HashSet<>();
            accounts.devices(userId).forEach(device -> live.add(device.deviceId()));
            return keys.deviceKeysOf(userId, live);
        });
    }

    /** Claims a one-time (else fallback) key of a device; null when it has none of that algorithm. */
    public Map.Entry<String, JsonNode> claimKey(String userId, String deviceId, String algorithm) {
        return lock.locked(() -> keys.claim(userId, deviceId, algorithm));
    }

    /**
     * Queues to-device messages once per sender device and txnId; {@code *} as a device id means every
     * device of that user. Users that do not exist get nothing, as on Synapse.
     */
    public void sendToDevice(Session session, String txnId, String type, Map<String, Map<String, JsonNode>> messages) {
        lock.locked(() -> {
            Map<String, Map<String, JsonNode>> expanded = new LinkedHashMap<>();
            messages.forEach((userId, devices) -> {
                List<String> live = accounts.devices(userId).stream().map(DeviceInfo::deviceId).toList();
                devices.forEach((deviceId, content) -> {
                    for (String target : deviceId.equals("*") ? live : List.of(deviceId)) {
                        if (live.contains(target)) {
                            expanded.computeIfAbsent(userId, u -> new LinkedHashMap<>()).put(target, content);
                        }
                    }
                });
            });
            keys.sendToDevice(session.userId(), session.deviceId(), txnId, type, expanded);
            return null;
        });
    }

    /** What {@code /sync} tells a device about encryption since a token: its to-device messages, changes, counts. */
    public record EncryptionNews(List<DeviceKeyDirectory.ToDevice> toDevice, List<String> changedUsers,
                                 Map<String, Integer> oneTimeKeyCounts, List<String> fallbackKeyTypes) {
    }

    /** To-device messages, device-list changes of users sharing a room (or oneself), and key counts. */
    public EncryptionNews encryptionNews(Session session, Long since) {
        return lock.locked(() -> {
            List<String> changed = new ArrayList<>();
            if (since != null) {
                Set<String> peers = new LinkedHashSet<>();
                peers.add(session.userId());
                for (String roomId : rooms.joinedRooms(session.userId())) {
                    peers.addAll(rooms.summary(rooms.room(roomId)).members());
                }
                for (String peer : peers) {
                    if (keys.changedSince(peer, since)) {
                        changed.add(peer);
                    }
                }
            }
            return new EncryptionNews(keys.toDevice(session.userId(), session.deviceId(), since), changed,
                    keys.oneTimeKeyCounts(session.userId(), session.deviceId()),
                    keys.fallbackKeyTypes(session.userId(), session.deviceId()));
        });
    }

    /** A state event's content as a member reads it; see {@code RoomDirectory.stateContent}. */
    public Optional<ObjectNode> stateContent(String userId, String roomId, String type, String stateKey) {
        return lock.locked(() -> rooms.stateContent(userId, roomId, type, stateKey));
    }

    /** Sets a state event as a member, if the power levels allow; answers the event id. */
    public String setState(String userId, String roomId, String type, String stateKey, ObjectNode content) {
        return lock.locked(() -> rooms.setState(userId, roomId, type, stateKey, content));
    }

    public List<RoomSummary> rooms() {
        return lock.locked(rooms::summaries);
    }

    public RoomSummary summary(String roomIdOrAlias) {
        return lock.locked(() -> rooms.summary(rooms.room(roomIdOrAlias)));
    }

    // ---------------------------------------------------------------- events

    /**
     * Stores a client's event, once per (user, device, txnId): a retry with the same txnId answers the
     * first event's id and stores nothing. The sender must be joined; the event must fit 65,536 bytes.
     *
     * @param txnId the client's transaction id, or {@code null} for the legacy send without one
     */
    public String send(Session session, String roomId, String type, ObjectNode content, String txnId) {
        return send(session, roomId, type, content, txnId, -1);
    }

    /**
     * Like {@link #send(Session, String, String, ObjectNode, String)}, for content parsed from
     * {@code contentBytes} bytes of JSON: small content is known to fit without serialising the event again.
     */
    public String send(Session session, String roomId, String type, ObjectNode content, String txnId, int contentBytes) {
        return lock.locked(() -> log.storeOnce(session, txnId, () -> rooms.roomForSending(session.userId(), roomId),
                type, content, contentBytes));
    }

    /** A room's events in order; without {@code includeState} only what clients sent (no state events). */
    public List<RoomEvent> events(String roomIdOrAlias, boolean includeState) {
        return lock.locked(() -> log.events(rooms.room(roomIdOrAlias), includeState));
    }

    /** Events of a room with their stream positions, oldest first (for pagination and sync). */
    public List<StoredEvent> storedEvents(String roomId) {
        return lock.locked(() -> log.storedEvents(rooms.room(roomId)));
    }

    /** Removes all events of a room (membership stays); the inbox's "clear room". */
    public void clearRoom(String roomIdOrAlias) {
        lock.locked(() -> {
            Room room = rooms.room(roomIdOrAlias);
            log.clear(room);
            hub.publish(listener -> listener.roomCleared(room.roomId));
            rooms.roomChanged(room);
        });
    }

    /** The position of the newest stored event (the sync stream token). */
    public long position() {
        return lock.locked(log::position);
    }

    public long storedEventCount() {
        return lock.locked(log::storedEventCount);
    }

    public long droppedEventCount() {
        return lock.locked(log::droppedEventCount);
    }

    public long retainedEventCount() {
        return lock.locked(log::retainedEventCount);
    }

    // ---------------------------------------------------------------- waiting, lifecycle

    /**
     * Evaluates {@code query} until {@code done} accepts its answer, the timeout passes or the server
     * closes; answers the last evaluation. Wakes on every stored event or membership change.
     */
    public <T> T await(Supplier<T> query, Predicate<T> done, Duration timeout) {
        return lock.await(query, done, timeout);
    }

    /** Runs {@code body} atomically with respect to every other operation on the state. */
    public <T> T atomically(Supplier<T> body) {
        return lock.locked(body);
    }

    /** Forgets everything, then runs {@code reseed} under the same lock so nobody sees a half state. */
    public void reset(Runnable reseed) {
        lock.locked(() -> {
            accounts.clear();
            rooms.clear();
            keys.clear();
            log.reset();
            hub.publish(listener -> listener.reset());
            reseed.run();
            lock.signalChange();
        });
    }

    /** Wakes every waiter for good: the server is closing. */
    public void close() {
        lock.close();
    }

    public boolean isClosed() {
        return lock.isClosed();
    }

    static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
