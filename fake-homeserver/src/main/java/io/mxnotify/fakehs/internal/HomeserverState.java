package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.RoomEvent;
import io.mxnotify.fakehs.RoomSummary;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the fake home server knows: accounts, devices, tokens, rooms, aliases, events and
 * transaction ids. One lock guards it all, so every operation is atomic (concurrent retries of one
 * txnId store one event); a condition wakes long-polls and waiters when something is stored.
 */
public final class HomeserverState {
    private static final Logger LOG = LoggerFactory.getLogger(HomeserverState.class);
    /** The spec's limit on the size of an event, serialised. */
    public static final int MAX_EVENT_BYTES = 65_536;
    private static final Pattern LOCALPART = Pattern.compile("[a-z0-9._=\\-/+]+");
    private static final Pattern ALIAS_LOCALPART = Pattern.compile("[^:\\s]+");

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final String serverName;
    private final IdGenerator ids;
    private final JsonCodec json;
    private final ListenerHub hub;
    private final LongSupplier clock;
    private final int retentionCap;
    private final int deviceWarningThreshold;
    private final long tokenLifetimeMs;
    private final TokenLedger ledger = new TokenLedger();

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, String> transactions = new HashMap<>();
    private final Deque<StoredEvent> retention = new ArrayDeque<>();
    private final List<String> deviceWarnings = new ArrayList<>();
    private long position;
    private long droppedEvents;
    private long storedEvents;
    private boolean closed;

    public HomeserverState(String serverName, IdGenerator ids, JsonCodec json, ListenerHub hub, LongSupplier clock,
                           int retentionCap, int deviceWarningThreshold) {
        this(serverName, ids, json, hub, clock, retentionCap, deviceWarningThreshold, 0);
    }

    /**
     * @param tokenLifetimeMs how long access tokens of clients that ask for a refresh token live; 0: forever
     */
    public HomeserverState(String serverName, IdGenerator ids, JsonCodec json, ListenerHub hub, LongSupplier clock,
                           int retentionCap, int deviceWarningThreshold, long tokenLifetimeMs) {
        this.tokenLifetimeMs = tokenLifetimeMs;
        this.serverName = serverName;
        this.ids = ids;
        this.json = json;
        this.hub = hub;
        this.clock = clock;
        this.retentionCap = retentionCap;
        this.deviceWarningThreshold = deviceWarningThreshold;
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
        if (userIdOrLocalpart == null || userIdOrLocalpart.isEmpty()) {
            return Optional.empty();
        }
        if (userIdOrLocalpart.startsWith("@")) {
            int colon = userIdOrLocalpart.indexOf(':');
            if (colon < 2 || !userIdOrLocalpart.substring(colon + 1).equals(serverName)) {
                return Optional.empty();
            }
            return Optional.of(userIdOrLocalpart);
        }
        return Optional.of("@" + userIdOrLocalpart + ":" + serverName);
    }

    /** Checks a wished-for localpart the way Synapse does; answers {@code M_INVALID_USERNAME} otherwise. */
    public String validLocalpart(String localpart) {
        if (localpart == null || localpart.isEmpty()) {
            throw new MatrixError(400, "M_INVALID_USERNAME", "User ID cannot be empty.");
        }
        String lower = localpart.startsWith("@") && localpart.endsWith(":" + serverName)
                ? localpart.substring(1, localpart.length() - serverName.length() - 1) : localpart;
        if (!LOCALPART.matcher(lower).matches()) {
            throw new MatrixError(400, "M_INVALID_USERNAME",
                    "User ID can only contain characters a-z, 0-9, or '=_-./+' (got '" + abbreviate(lower) + "').");
        }
        if (("@" + lower + ":" + serverName).length() > 255) {
            throw new MatrixError(400, "M_INVALID_USERNAME", "User ID may not be longer than 255 characters.");
        }
        return lower;
    }

    /**
     * Creates an account and logs it in on one device.
     *
     * @param deviceId fixed device id, or {@code null} to generate one
     * @param token    fixed access token, or {@code null} to generate one
     */
    public FakeUser register(String localpart, String password, boolean admin, String createdBy,
                             String deviceId, String token) {
        lock.lock();
        try {
            Account account = createAccount(localpart, password, admin, createdBy);
            Session session = openSession(account, deviceId, null, createdBy, token);
            return new FakeUser(account.userId, session.accessToken(), session.deviceId(), account.password);
        } finally {
            lock.unlock();
        }
    }

    /** Creates an account without logging it in (registration with {@code inhibit_login}). */
    public String createAccountOnly(String localpart, String password, boolean admin, String createdBy) {
        lock.lock();
        try {
            return createAccount(localpart, password, admin, createdBy).userId;
        } finally {
            lock.unlock();
        }
    }

    public boolean userExists(String userIdOrLocalpart) {
        lock.lock();
        try {
            return localUserId(userIdOrLocalpart).map(accounts::containsKey).orElse(false);
        } finally {
            lock.unlock();
        }
    }

    private Account createAccount(String localpart, String password, boolean admin, String createdBy) {
        String valid = validLocalpart(localpart);
        String userId = "@" + valid + ":" + serverName;
        if (accounts.containsKey(userId)) {
            throw new MatrixError(400, "M_USER_IN_USE", "User ID already taken.");
        }
        Account account = new Account(userId, valid, password == null ? ids.password() : password, admin,
                createdBy, now());
        accounts.put(userId, account);
        return account;
    }

    /**
     * Password login. An existing {@code deviceId} of this user is reused (its other tokens stay
     * valid, as on Synapse); an unknown one is created with that id.
     */
    public Session login(String userIdOrLocalpart, String password, String deviceId, String displayName) {
        lock.lock();
        try {
            Account account = localUserId(userIdOrLocalpart).map(accounts::get).orElse(null);
            if (account == null || password == null || !account.password.equals(password)) {
                throw MatrixError.forbidden("Invalid username or password");
            }
            return openSession(account, deviceId, displayName, "login", null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Password login of a client that may ask for a refresh token. With a token lifetime configured, such
     * a client gets an expiring access token and a refresh token; any other client gets a token that
     * never expires (as Synapse does).
     */
    public IssuedSession login(String userIdOrLocalpart, String password, String deviceId, String displayName,
                               boolean wantsRefreshToken) {
        lock.lock();
        try {
            Session session = login(userIdOrLocalpart, password, deviceId, displayName);
            if (!wantsRefreshToken || tokenLifetimeMs <= 0) {
                return new IssuedSession(session, null, 0);
            }
            return withRefreshToken(session, null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code POST /refresh}: a new access token and refresh token on the same device. The old refresh token
     * keeps working until the new pair is first used. An unknown, revoked or replaced refresh token gets
     * 401 {@code M_UNKNOWN_TOKEN}.
     */
    public IssuedSession refresh(String refreshToken) {
        lock.lock();
        try {
            TokenLedger.Rotation rotation = ledger.beginRefresh(refreshToken);
            if (rotation == null) {
                throw new MatrixError(401, "M_UNKNOWN_TOKEN", "Unknown refresh token: it was never issued, was "
                        + "revoked, or was replaced by a newer one that has been used", Map.of("soft_logout", false));
            }
            revokeAccessTokens(rotation.revokedAccessTokens());
            Account account = accounts.get(rotation.userId());
            Session session = openSession(account, rotation.deviceId(), null, "refresh", null);
            IssuedSession issued = withRefreshToken(session, refreshToken);
            ledger.linkSuccessor(refreshToken, issued.refreshToken());
            return issued;
        } finally {
            lock.unlock();
        }
    }

    private IssuedSession withRefreshToken(Session session, String predecessor) {
        String refreshToken = ids.refreshToken(session.userId().substring(1, session.userId().indexOf(':')));
        ledger.expires(session.accessToken(), now() + tokenLifetimeMs);
        ledger.grant(refreshToken, session.userId(), session.deviceId(), session.accessToken(), predecessor);
        return new IssuedSession(session, refreshToken, tokenLifetimeMs);
    }

    private void revokeAccessTokens(List<String> tokens) {
        for (String token : tokens) {
            Session gone = sessions.remove(token);
            ledger.forgetAccessToken(token);
            if (gone != null) {
                Account account = accounts.get(gone.userId());
                Device device = account == null ? null : account.devices.get(gone.deviceId());
                if (device != null) {
                    device.tokens.remove(token);
                }
            }
        }
    }

    /** Expires every access token of a user now (a soft logout: refresh tokens and devices stay). */
    public void expireTokens(String userId) {
        lock.lock();
        try {
            Account account = requireAccount(userId);
            for (Device device : account.devices.values()) {
                ledger.expireNow(device.tokens, now());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Revokes every access and refresh token of a user (a hard logout, as when an administrator ends the
     * sessions); the devices stay, so a client may log in again on the same device.
     */
    public void revokeTokens(String userId) {
        lock.lock();
        try {
            Account account = requireAccount(userId);
            for (Device device : account.devices.values()) {
                for (String token : device.tokens) {
                    sessions.remove(token);
                    ledger.forgetAccessToken(token);
                }
                device.tokens.clear();
            }
            ledger.revokeRefreshTokens(userId, null);
        } finally {
            lock.unlock();
        }
    }

    private Account requireAccount(String userId) {
        Account account = accounts.get(userId);
        if (account == null) {
            throw MatrixError.notFound("Unknown user " + abbreviate(userId));
        }
        return account;
    }

    /** How many refresh tokens of a user are live. */
    public int refreshTokenCount(String userId) {
        lock.lock();
        try {
            return ledger.refreshTokenCount(userId);
        } finally {
            lock.unlock();
        }
    }

    /** Logs a user in on a (new or existing) device without a password: for the Java and control API. */
    public Session loginWithoutPassword(String userId, String deviceId, String createdBy) {
        lock.lock();
        try {
            Account account = accounts.get(userId);
            if (account == null) {
                throw MatrixError.notFound("Unknown user " + userId);
            }
            return openSession(account, deviceId, null, createdBy, null);
        } finally {
            lock.unlock();
        }
    }

    private Session openSession(Account account, String deviceId, String displayName, String createdBy, String token) {
        String id = deviceId == null || deviceId.isEmpty() ? newDeviceId(account) : deviceId;
        Device device = account.devices.get(id);
        if (device == null) {
            device = new Device(id, displayName, createdBy, now());
            account.devices.put(id, device);
            checkDeviceThreshold(account);
        } else if (displayName != null) {
            device.displayName = displayName;
        }
        device.lastSeenTs = now();
        String accessToken = token == null ? ids.accessToken(account.localpart) : token;
        if (sessions.containsKey(accessToken)) {
            throw new IllegalArgumentException("access token already in use by another device");
        }
        device.tokens.add(accessToken);
        Session session = new Session(account.userId, id, accessToken);
        sessions.put(accessToken, session);
        return session;
    }

    private String newDeviceId(Account account) {
        String id;
        do {
            id = ids.deviceId();
        } while (account.devices.containsKey(id));
        return id;
    }

    private void checkDeviceThreshold(Account account) {
        int count = account.devices.size();
        if (count > deviceWarningThreshold && !account.deviceWarningGiven) {
            account.deviceWarningGiven = true;
            String warning = account.userId + " has " + count + " devices (more than " + deviceWarningThreshold
                    + "): a client is logging in again instead of reusing its access token";
            deviceWarnings.add(warning);
            LOG.warn("{}", warning);
            hub.publish(listener -> listener.deviceThresholdExceeded(account.userId, count));
        }
    }

    /**
     * The session of an access token for a request that needs one: 401 {@code M_UNKNOWN_TOKEN} with
     * {@code soft_logout: true} when it has expired, with {@code soft_logout: false} when it is unknown.
     */
    public Session authenticateOrRefuse(String token) {
        lock.lock();
        try {
            Session session = sessions.get(token);
            if (session != null && ledger.isExpired(token, now())) {
                throw new MatrixError(401, "M_UNKNOWN_TOKEN", "Access token has expired: refresh it with the "
                        + "refresh token, or log in again on the same device", Map.of("soft_logout", true));
            }
            return authenticate(token).orElseThrow(() -> new MatrixError(401, "M_UNKNOWN_TOKEN",
                    "Unrecognised access token.", Map.of("soft_logout", false)));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The session of an access token, marking its device as seen; empty when the token is unknown or
     * expired. The first use of a refreshed token revokes the refresh token it replaced.
     */
    public Optional<Session> authenticate(String token) {
        lock.lock();
        try {
            Session session = sessions.get(token);
            if (session != null && ledger.isExpired(token, now())) {
                return Optional.empty();
            }
            if (session != null) {
                revokeAccessTokens(ledger.used(token));
                Device device = accounts.get(session.userId()).devices.get(session.deviceId());
                device.lastSeenTs = now();
            }
            return Optional.ofNullable(session);
        } finally {
            lock.unlock();
        }
    }

    /** Invalidates one access token and deletes its device, as {@code /logout} does. */
    public void logout(Session session) {
        lock.lock();
        try {
            deleteDevice(session.userId(), session.deviceId());
        } finally {
            lock.unlock();
        }
    }

    /** Invalidates every token of a user and deletes all devices ({@code /logout/all}). */
    public void logoutAll(String userId) {
        lock.lock();
        try {
            Account account = accounts.get(userId);
            if (account != null) {
                for (String deviceId : List.copyOf(account.devices.keySet())) {
                    deleteDevice(userId, deviceId);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Deletes a device and its tokens; false when the user has no such device. */
    public boolean deleteDevice(String userId, String deviceId) {
        lock.lock();
        try {
            Account account = accounts.get(userId);
            Device device = account == null ? null : account.devices.remove(deviceId);
            if (device == null) {
                return false;
            }
            device.tokens.forEach(sessions::remove);
            device.tokens.forEach(ledger::forgetAccessToken);
            ledger.revokeRefreshTokens(userId, deviceId);
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void renameDevice(String userId, String deviceId, String displayName) {
        lock.lock();
        try {
            Account account = accounts.get(userId);
            Device device = account == null ? null : account.devices.get(deviceId);
            if (device == null) {
                throw MatrixError.notFound("Unknown device " + deviceId);
            }
            device.displayName = displayName;
        } finally {
            lock.unlock();
        }
    }

    /** A user's devices, oldest first. */
    public List<DeviceInfo> devices(String userId) {
        lock.lock();
        try {
            Account account = accounts.get(userId);
            if (account == null) {
                return List.of();
            }
            List<DeviceInfo> out = new ArrayList<>();
            for (Device device : account.devices.values()) {
                out.add(new DeviceInfo(device.deviceId, device.displayName, device.createdBy, device.createdTs,
                        device.lastSeenTs));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Every account with its devices, in creation order. */
    public List<UserInfo> users() {
        lock.lock();
        try {
            List<UserInfo> out = new ArrayList<>();
            for (Account account : accounts.values()) {
                out.add(new UserInfo(account.userId, account.admin, account.createdBy, account.createdTs,
                        devices(account.userId), account.deviceWarningGiven));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public List<String> deviceWarnings() {
        lock.lock();
        try {
            return List.copyOf(deviceWarnings);
        } finally {
            lock.unlock();
        }
    }

    public int deviceWarningCount() {
        lock.lock();
        try {
            return deviceWarnings.size();
        } finally {
            lock.unlock();
        }
    }

    /** The password of a user, for the Java API's {@code user(...)} lookup. */
    public Optional<String> password(String userId) {
        lock.lock();
        try {
            return Optional.ofNullable(accounts.get(userId)).map(account -> account.password);
        } finally {
            lock.unlock();
        }
    }

    /** The first live token of a user (oldest device first), if any. */
    public Optional<Session> anySession(String userId) {
        lock.lock();
        try {
            Account account = accounts.get(userId);
            if (account == null) {
                return Optional.empty();
            }
            for (Device device : account.devices.values()) {
                if (!device.tokens.isEmpty()) {
                    return Optional.of(new Session(userId, device.deviceId, device.tokens.iterator().next()));
                }
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- rooms and membership

    /** Creates a room with its initial state events; answers {@code M_ROOM_IN_USE} for a taken alias. */
    public String createRoom(RoomSpec spec) {
        lock.lock();
        try {
            String alias = null;
            if (spec.aliasLocalpart() != null) {
                alias = aliasFor(spec.aliasLocalpart());
                if (aliases.containsKey(alias)) {
                    throw new MatrixError(400, "M_ROOM_IN_USE", "Room alias " + alias + " already taken");
                }
            }
            List<String> invitees = new ArrayList<>();
            for (String invitee : spec.invite()) {
                String userId = localUserId(invitee).orElseThrow(() ->
                        MatrixError.invalidParam("Cannot invite " + invitee + ": not a user of " + serverName));
                if (!accounts.containsKey(userId)) {
                    throw MatrixError.notFound("Cannot invite " + invitee + ": no such user");
                }
                invitees.add(userId);
            }
            String roomId = spec.fixedRoomId() != null ? spec.fixedRoomId() : newRoomId();
            if (rooms.containsKey(roomId)) {
                throw new IllegalArgumentException("room id " + roomId + " already exists");
            }
            String creator = spec.creator() != null ? spec.creator() : "@fakehs:" + serverName;
            Room room = new Room(roomId, creator, spec.isPublic());
            rooms.put(roomId, room);
            ObjectNode create = json.object();
            create.put("room_version", "10");
            if (spec.creator() == null) {
                create.put("creator", creator);
            }
            appendState(room, "m.room.create", "", creator, create);
            if (spec.creator() != null) {
                addMember(room, spec.creator(), creator);
            }
            ObjectNode powerLevels = json.object();
            powerLevels.putObject("users").put(creator, 100);
            powerLevels.put("users_default", 0).put("events_default", 0).put("state_default", 50)
                    .put("invite", 0).put("kick", 50).put("ban", 50).put("redact", 50);
            appendState(room, "m.room.power_levels", "", creator, powerLevels);
            appendState(room, "m.room.join_rules", "", creator,
                    json.object().put("join_rule", spec.isPublic() ? "public" : "invite"));
            appendState(room, "m.room.history_visibility", "", creator,
                    json.object().put("history_visibility", "shared"));
            if (alias != null) {
                aliases.put(alias, roomId);
                room.aliases.add(alias);
                appendState(room, "m.room.canonical_alias", "", creator, json.object().put("alias", alias));
            }
            if (spec.name() != null) {
                room.name = spec.name();
                appendState(room, "m.room.name", "", creator, json.object().put("name", spec.name()));
            }
            if (spec.topic() != null) {
                room.topic = spec.topic();
                appendState(room, "m.room.topic", "", creator, json.object().put("topic", spec.topic()));
            }
            for (String invitee : invitees) {
                if (!room.joined.contains(invitee)) {
                    room.invited.add(invitee);
                    appendState(room, "m.room.member", invitee, creator, json.object().put("membership", "invite"));
                }
            }
            roomChanged(room);
            changed.signalAll();
            return roomId;
        } finally {
            lock.unlock();
        }
    }

    private String newRoomId() {
        String id;
        do {
            id = ids.roomId(serverName);
        } while (rooms.containsKey(id));
        return id;
    }

    /** {@code #localpart:server} for a localpart, or the alias itself when it is already a full alias. */
    public String aliasFor(String aliasOrLocalpart) {
        String localpart = aliasOrLocalpart;
        if (aliasOrLocalpart.startsWith("#")) {
            int colon = aliasOrLocalpart.indexOf(':');
            if (colon < 0) {
                localpart = aliasOrLocalpart.substring(1);
            } else {
                if (!aliasOrLocalpart.substring(colon + 1).equals(serverName)) {
                    throw MatrixError.invalidParam("Alias " + aliasOrLocalpart + " is not on this server ("
                            + serverName + ")");
                }
                localpart = aliasOrLocalpart.substring(1, colon);
            }
        }
        if (!ALIAS_LOCALPART.matcher(localpart).matches()) {
            throw MatrixError.invalidParam("Invalid characters in room alias '" + abbreviate(localpart)
                    + "': it may not be empty or contain ':' or whitespace");
        }
        return "#" + localpart + ":" + serverName;
    }

    /** The room id an alias points to, if any. */
    public Optional<String> resolveAlias(String alias) {
        lock.lock();
        try {
            return Optional.ofNullable(aliases.get(alias));
        } finally {
            lock.unlock();
        }
    }

    /** The room id for a room id or alias; {@code M_NOT_FOUND} when there is no such room. */
    public String roomIdOf(String roomIdOrAlias) {
        lock.lock();
        try {
            return room(roomIdOrAlias).roomId;
        } finally {
            lock.unlock();
        }
    }

    private Room room(String roomIdOrAlias) {
        if (roomIdOrAlias == null || roomIdOrAlias.isEmpty()) {
            throw MatrixError.invalidParam("A room id (!...) or alias (#...) is required");
        }
        if (roomIdOrAlias.startsWith("#")) {
            if (roomIdOrAlias.indexOf(':') < 0) {
                throw MatrixError.invalidParam("Room alias " + abbreviate(roomIdOrAlias)
                        + " has no server part: write #name:" + serverName);
            }
            String roomId = aliases.get(roomIdOrAlias);
            if (roomId == null) {
                throw MatrixError.notFound("Room alias " + abbreviate(roomIdOrAlias) + " not found");
            }
            return rooms.get(roomId);
        }
        if (!roomIdOrAlias.startsWith("!") || roomIdOrAlias.indexOf(':') < 0) {
            throw MatrixError.invalidParam("'" + abbreviate(roomIdOrAlias)
                    + "' is neither a room id (!opaque:server) nor a room alias (#name:server)");
        }
        Room room = rooms.get(roomIdOrAlias);
        if (room == null) {
            throw MatrixError.notFound("Unknown room " + abbreviate(roomIdOrAlias));
        }
        return room;
    }

    /**
     * Joins a user to a room. Joining twice is harmless. Without {@code force}, invite-only rooms refuse
     * users who were not invited ({@code M_FORBIDDEN}).
     */
    public String join(String userId, String roomIdOrAlias, boolean force) {
        lock.lock();
        try {
            if (!accounts.containsKey(userId)) {
                throw MatrixError.notFound("Unknown user " + userId);
            }
            Room room = room(roomIdOrAlias);
            if (room.joined.contains(userId)) {
                return room.roomId;
            }
            if (!force && !room.isPublic && !room.invited.contains(userId)) {
                throw MatrixError.forbidden("You are not invited to this room.");
            }
            addMember(room, userId, userId);
            roomChanged(room);
            changed.signalAll();
            return room.roomId;
        } finally {
            lock.unlock();
        }
    }

    private void addMember(Room room, String userId, String sender) {
        room.invited.remove(userId);
        room.joined.add(userId);
        room.everJoined.add(userId);
        String localpart = userId.substring(1, userId.indexOf(':'));
        appendState(room, "m.room.member", userId, sender,
                json.object().put("membership", "join").put("displayname", localpart));
    }

    /** Leaves a room (used by {@code /rooms/{roomId}/leave}); leaving a room one is not in is an error. */
    public void leave(String userId, String roomId) {
        lock.lock();
        try {
            Room room = room(roomId);
            if (!room.joined.contains(userId) && !room.invited.contains(userId)) {
                throw MatrixError.forbidden("User " + userId + " is not in room " + room.roomId);
            }
            room.joined.remove(userId);
            room.invited.remove(userId);
            appendState(room, "m.room.member", userId, userId, json.object().put("membership", "leave"));
            roomChanged(room);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Invites a user; the inviter must be joined, the invitee must exist and not be joined yet. */
    public void invite(String inviter, String roomId, String invitee) {
        lock.lock();
        try {
            Room room = room(roomId);
            if (!room.joined.contains(inviter)) {
                throw MatrixError.forbidden("User " + inviter + " not in room " + room.roomId);
            }
            String inviteeId = localUserId(invitee).orElseThrow(() ->
                    MatrixError.invalidParam("Cannot invite " + abbreviate(invitee) + ": not a user of " + serverName));
            if (!accounts.containsKey(inviteeId)) {
                throw MatrixError.notFound("Unknown user " + abbreviate(invitee));
            }
            if (room.joined.contains(inviteeId)) {
                throw MatrixError.forbidden(inviteeId + " is already in the room.");
            }
            if (room.invited.add(inviteeId)) {
                appendState(room, "m.room.member", inviteeId, inviter, json.object().put("membership", "invite"));
                roomChanged(room);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    public List<String> joinedRooms(String userId) {
        lock.lock();
        try {
            List<String> out = new ArrayList<>();
            for (Room room : rooms.values()) {
                if (room.joined.contains(userId)) {
                    out.add(room.roomId);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public boolean isJoined(String userId, String roomId) {
        lock.lock();
        try {
            Room room = rooms.get(roomId);
            return room != null && room.joined.contains(userId);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- events

    /**
     * Stores a client's event, once per (user, device, txnId): a retry with the same txnId answers the
     * first event's id and stores nothing. The sender must be joined; the event must fit 65,536 bytes.
     *
     * @param txnId the client's transaction id, or {@code null} for the legacy send without one
     */
    public String send(Session session, String roomId, String type, ObjectNode content, String txnId) {
        lock.lock();
        try {
            String key = txnId == null ? null : transactionKey(session.userId(), session.deviceId(), txnId);
            if (key != null && transactions.containsKey(key)) {
                return transactions.get(key);
            }
            Room room = rooms.get(roomId);
            if (room == null || !room.joined.contains(session.userId())) {
                throw MatrixError.forbidden("User " + session.userId() + " not in room " + abbreviate(roomId)
                        + (room == null ? " (no such room)" : "") + ": join it first");
            }
            RoomEvent candidate = new RoomEvent("$" + "x".repeat(43), roomId, type, null, session.userId(), content,
                    now(), txnId, session.deviceId());
            int size = json.write(EventFormat.client(json, candidate, null)).length;
            if (size > MAX_EVENT_BYTES) {
                throw new MatrixError(413, "M_TOO_LARGE", "Event too large: " + size + " bytes serialised, the limit is "
                        + MAX_EVENT_BYTES + " bytes; split the message or shorten it");
            }
            StoredEvent stored = append(room, type, null, session.userId(), content, txnId, session.deviceId());
            if (key != null) {
                transactions.put(key, stored.event().eventId());
            }
            return stored.event().eventId();
        } finally {
            lock.unlock();
        }
    }

    private void appendState(Room room, String type, String stateKey, String sender, ObjectNode content) {
        append(room, type, stateKey, sender, content, null, null);
    }

    private StoredEvent append(Room room, String type, String stateKey, String sender, JsonNode content,
                               String txnId, String deviceId) {
        RoomEvent event = new RoomEvent(ids.eventId(), room.roomId, type, stateKey, sender, content, now(), txnId,
                deviceId);
        StoredEvent stored = new StoredEvent(++position, event);
        room.events.addLast(stored);
        if (stateKey == null) {
            room.messageCount++;
        }
        room.lastActivityTs = event.originServerTs();
        retention.addLast(stored);
        storedEvents++;
        enforceRetention();
        changed.signalAll();
        hub.publish(listener -> listener.eventStored(event));
        return stored;
    }

    private static String transactionKey(String userId, String deviceId, String txnId) {
        return userId + '\u0000' + deviceId + '\u0000' + txnId;
    }

    /**
     * An event dropped by the retention cap takes its txnId with it, so the cap bounds the transaction
     * map too (Synapse also forgets txnIds, after 30 minutes); a retry that late stores a new event.
     */
    private void forgetTransaction(RoomEvent event) {
        if (event.txnId() != null) {
            transactions.remove(transactionKey(event.sender(), event.deviceId(), event.txnId()), event.eventId());
        }
    }

    private void enforceRetention() {
        boolean dropped = false;
        while (retention.size() > retentionCap) {
            StoredEvent oldest = retention.removeFirst();
            forgetTransaction(oldest.event());
            Room room = rooms.get(oldest.event().roomId());
            if (room != null && room.events.peekFirst() == oldest) {
                room.events.removeFirst();
                room.droppedEvents++;
                if (oldest.event().stateKey() == null) {
                    room.messageCount--;
                }
                String roomId = room.roomId;
                hub.publish(listener -> listener.roomCleared(roomId));
            }
            droppedEvents++;
            dropped = true;
        }
        if (dropped) {
            LOG.debug("retention cap {} reached: {} events dropped so far", retentionCap, droppedEvents);
        }
    }

    /** A room's events in order; without {@code includeState} only what clients sent (no state events). */
    public List<RoomEvent> events(String roomIdOrAlias, boolean includeState) {
        lock.lock();
        try {
            List<RoomEvent> out = new ArrayList<>();
            for (StoredEvent stored : room(roomIdOrAlias).events) {
                if (includeState || stored.event().stateKey() == null) {
                    out.add(stored.event());
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Events of a room with their stream positions, oldest first (for pagination and sync). */
    public List<StoredEvent> storedEvents(String roomId) {
        lock.lock();
        try {
            return List.copyOf(room(roomId).events);
        } finally {
            lock.unlock();
        }
    }

    /** Whether a user may read a room's history: joined now, or joined at some point. */
    public boolean mayRead(String userId, String roomId) {
        lock.lock();
        try {
            Room room = rooms.get(roomId);
            return room != null && (room.joined.contains(userId) || room.everJoined.contains(userId));
        } finally {
            lock.unlock();
        }
    }

    /** Removes all events of a room (membership stays); the inbox's "clear room". */
    public void clearRoom(String roomIdOrAlias) {
        lock.lock();
        try {
            Room room = room(roomIdOrAlias);
            retention.removeIf(stored -> stored.event().roomId().equals(room.roomId));
            room.events.clear();
            room.messageCount = 0;
            hub.publish(listener -> listener.roomCleared(room.roomId));
            roomChanged(room);
        } finally {
            lock.unlock();
        }
    }

    public List<RoomSummary> rooms() {
        lock.lock();
        try {
            List<RoomSummary> out = new ArrayList<>();
            for (Room room : rooms.values()) {
                out.add(summary(room));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public RoomSummary summary(String roomIdOrAlias) {
        lock.lock();
        try {
            return summary(room(roomIdOrAlias));
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- waiting, counters, lifecycle

    /** The position of the newest stored event (the sync stream token). */
    public long position() {
        lock.lock();
        try {
            return position;
        } finally {
            lock.unlock();
        }
    }

    public long storedEventCount() {
        lock.lock();
        try {
            return storedEvents;
        } finally {
            lock.unlock();
        }
    }

    public long droppedEventCount() {
        lock.lock();
        try {
            return droppedEvents;
        } finally {
            lock.unlock();
        }
    }

    public long retainedEventCount() {
        lock.lock();
        try {
            return retention.size();
        } finally {
            lock.unlock();
        }
    }

    public int deviceCount() {
        lock.lock();
        try {
            int count = 0;
            for (Account account : accounts.values()) {
                count += account.devices.size();
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    public int userCount() {
        lock.lock();
        try {
            return accounts.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Evaluates {@code query} until {@code done} accepts its answer, the timeout passes or the server
     * closes; answers the last evaluation. Wakes on every stored event or membership change.
     */
    public <T> T await(Supplier<T> query, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        lock.lock();
        try {
            while (true) {
                T answer = query.get();
                long left = deadline - System.nanoTime();
                if (done.test(answer) || left <= 0 || closed) {
                    return answer;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return query.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} atomically with respect to every other operation on the state. */
    public <T> T atomically(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything, then runs {@code reseed} under the same lock so nobody sees a half state. */
    public void reset(Runnable reseed) {
        lock.lock();
        try {
            accounts.clear();
            sessions.clear();
            rooms.clear();
            aliases.clear();
            transactions.clear();
            ledger.clear();
            retention.clear();
            deviceWarnings.clear();
            droppedEvents = 0;
            hub.publish(listener -> listener.reset());
            reseed.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter for good: the server is closing. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void roomChanged(Room room) {
        RoomSummary summary = summary(room);
        hub.publish(listener -> listener.roomChanged(summary));
    }

    private RoomSummary summary(Room room) {
        return new RoomSummary(room.roomId, room.aliases, room.name, room.isPublic, List.copyOf(room.joined),
                List.copyOf(room.invited), room.messageCount, room.droppedEvents, room.lastActivityTs);
    }

    static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
