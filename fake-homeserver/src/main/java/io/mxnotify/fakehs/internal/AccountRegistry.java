package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.FakeUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts, their devices and their tokens: registration, login, refresh, logout, authentication, and the
 * warning when a user's device count passes the threshold. Holds no lock of its own: every method that
 * reads or changes state expects the {@link StateLock} to be held (see there).
 */
final class AccountRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AccountRegistry.class);
    /** Synapse refuses longer device ids at login (the spec sets no limit). */
    static final int MAX_DEVICE_ID_LENGTH = 512;
    static final int MAX_DEVICE_DISPLAY_NAME_LENGTH = 100;
    private static final Pattern LOCALPART = Pattern.compile("[a-z0-9._=\\-/+]+");

    private final StateLock lock;
    private final String serverName;
    private final IdGenerator ids;
    private final ListenerHub hub;
    private final LongSupplier clock;
    private final int deviceWarningThreshold;
    private final long tokenLifetimeMs;
    private final TokenLedger ledger = new TokenLedger();
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final List<String> deviceWarnings = new ArrayList<>();
    /** {@code deviceWarnings.size()}, readable without the lock (the journal asks around every request). */
    private final java.util.concurrent.atomic.AtomicInteger deviceWarningCount = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param tokenLifetimeMs how long access tokens of clients that ask for a refresh token live; 0: forever
     */
    AccountRegistry(StateLock lock, String serverName, IdGenerator ids, ListenerHub hub, LongSupplier clock,
                    int deviceWarningThreshold, long tokenLifetimeMs) {
        this.lock = lock;
        this.serverName = serverName;
        this.ids = ids;
        this.hub = hub;
        this.clock = clock;
        this.deviceWarningThreshold = deviceWarningThreshold;
        this.tokenLifetimeMs = tokenLifetimeMs;
    }

    private long now() {
        return clock.getAsLong();
    }

    // ---------------------------------------------------------------- names (no state: no lock needed)

    /** The full user id for a localpart or user id of this server, or empty when it names another server. */
    Optional<String> localUserId(String userIdOrLocalpart) {
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
    String validLocalpart(String localpart) {
        if (localpart == null || localpart.isEmpty()) {
            throw new MatrixError(400, "M_INVALID_USERNAME", "User ID cannot be empty.");
        }
        String lower = localpart.startsWith("@") && localpart.endsWith(":" + serverName)
                ? localpart.substring(1, localpart.length() - serverName.length() - 1) : localpart;
        if (!LOCALPART.matcher(lower).matches()) {
            throw new MatrixError(400, "M_INVALID_USERNAME", "User ID can only contain characters a-z, 0-9, or "
                    + "'=_-./+' (got '" + HomeserverState.abbreviate(lower) + "').");
        }
        if (("@" + lower + ":" + serverName).length() > HomeserverState.MAX_IDENTIFIER_BYTES) { // ASCII only here
            throw new MatrixError(400, "M_INVALID_USERNAME", "User ID may not be longer than "
                    + HomeserverState.MAX_IDENTIFIER_BYTES + " characters.");
        }
        return lower;
    }

    // ---------------------------------------------------------------- accounts

    /** Creates an account and logs it in on one device ({@code deviceId}, {@code token}: fixed, or null). */
    FakeUser register(String localpart, String password, boolean admin, String createdBy, String deviceId,
                      String token) {
        Account account = createAccount(localpart, password, admin, createdBy);
        Session session = openSession(account, deviceId, null, createdBy, token);
        return new FakeUser(account.userId, session.accessToken(), session.deviceId(), account.password);
    }

    Account createAccount(String localpart, String password, boolean admin, String createdBy) {
        lock.checkHeld();
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

    boolean exists(String userId) {
        lock.checkHeld();
        return accounts.containsKey(userId);
    }

    boolean userExists(String userIdOrLocalpart) {
        lock.checkHeld();
        return localUserId(userIdOrLocalpart).map(accounts::containsKey).orElse(false);
    }

    private Account requireAccount(String userId) {
        Account account = accounts.get(userId);
        if (account == null) {
            throw MatrixError.notFound("Unknown user " + HomeserverState.abbreviate(userId));
        }
        return account;
    }

    Optional<String> password(String userId) {
        lock.checkHeld();
        return Optional.ofNullable(accounts.get(userId)).map(account -> account.password);
    }

    int userCount() {
        lock.checkHeld();
        return accounts.size();
    }

    /** Every account with its devices, in creation order. */
    List<UserInfo> users() {
        lock.checkHeld();
        List<UserInfo> out = new ArrayList<>();
        for (Account account : accounts.values()) {
            out.add(new UserInfo(account.userId, account.admin, account.createdBy, account.createdTs,
                    devices(account.userId), account.deviceWarningGiven));
        }
        return out;
    }

    // ---------------------------------------------------------------- logins, refresh, sessions

    /**
     * Password login. An existing {@code deviceId} of this user is reused (its other tokens stay valid, as
     * on Synapse); an unknown one is created with that id.
     */
    Session login(String userIdOrLocalpart, String password, String deviceId, String displayName) {
        lock.checkHeld();
        Account account = localUserId(userIdOrLocalpart).map(accounts::get).orElse(null);
        if (account == null || password == null || !account.password.equals(password)) {
            throw MatrixError.forbidden("Invalid username or password");
        }
        return openSession(account, deviceId, displayName, "login", null);
    }

    /** Password login of a client that may ask for a refresh token (see {@link HomeserverState}). */
    IssuedSession login(String userIdOrLocalpart, String password, String deviceId, String displayName,
                        boolean wantsRefreshToken) {
        Session session = login(userIdOrLocalpart, password, deviceId, displayName);
        if (!wantsRefreshToken || tokenLifetimeMs <= 0) {
            return new IssuedSession(session, null, 0);
        }
        return withRefreshToken(session, null);
    }

    /** {@code POST /refresh} (see {@link HomeserverState#refresh}). */
    IssuedSession refresh(String refreshToken) {
        lock.checkHeld();
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
    void expireTokens(String userId) {
        lock.checkHeld();
        Account account = requireAccount(userId);
        for (Device device : account.devices.values()) {
            ledger.expireNow(device.tokens, now());
        }
    }

    /** Revokes every access and refresh token of a user (a hard logout); the devices stay. */
    void revokeTokens(String userId) {
        lock.checkHeld();
        Account account = requireAccount(userId);
        for (Device device : account.devices.values()) {
            for (String token : device.tokens) {
                sessions.remove(token);
                ledger.forgetAccessToken(token);
            }
            device.tokens.clear();
        }
        ledger.revokeRefreshTokens(userId, null);
    }

    int refreshTokenCount(String userId) {
        lock.checkHeld();
        return ledger.refreshTokenCount(userId);
    }

    /** Logs a user in on a (new or existing) device without a password: for the Java and control API. */
    Session loginWithoutPassword(String userId, String deviceId, String createdBy) {
        lock.checkHeld();
        Account account = accounts.get(userId);
        if (account == null) {
            throw MatrixError.notFound("Unknown user " + userId);
        }
        return openSession(account, deviceId, null, createdBy, null);
    }

    private Session openSession(Account account, String deviceId, String displayName, String createdBy,
                                String token) {
        lock.checkHeld();
        checkDeviceFields(deviceId, displayName);
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
            deviceWarningCount.set(deviceWarnings.size());
            LOG.warn("{}", warning);
            hub.publish(listener -> listener.deviceThresholdExceeded(account.userId, count));
        }
    }

    /** The session of an access token, or 401 {@code M_UNKNOWN_TOKEN} (see {@link HomeserverState}). */
    Session authenticateOrRefuse(String token) {
        lock.checkHeld();
        Session session = sessions.get(token);
        if (session != null && ledger.isExpired(token, now())) {
            throw new MatrixError(401, "M_UNKNOWN_TOKEN", "Access token has expired: refresh it with the "
                    + "refresh token, or log in again on the same device", Map.of("soft_logout", true));
        }
        return authenticate(token).orElseThrow(() -> new MatrixError(401, "M_UNKNOWN_TOKEN",
                "Unrecognised access token.", Map.of("soft_logout", false)));
    }

    /** The session of a live access token, marking its device as seen (see {@link HomeserverState}). */
    Optional<Session> authenticate(String token) {
        lock.checkHeld();
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
    }

    /** The first live token of a user (oldest device first), if any. */
    Optional<Session> anySession(String userId) {
        lock.checkHeld();
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
    }

    // ---------------------------------------------------------------- devices

    /** Invalidates every token of a user and deletes all devices ({@code /logout/all}). */
    void logoutAll(String userId) {
        lock.checkHeld();
        Account account = accounts.get(userId);
        if (account != null) {
            for (String deviceId : List.copyOf(account.devices.keySet())) {
                deleteDevice(userId, deviceId);
            }
        }
    }

    /** Deletes a device and its tokens; false when the user has no such device. */
    boolean deleteDevice(String userId, String deviceId) {
        lock.checkHeld();
        Account account = accounts.get(userId);
        Device device = account == null ? null : account.devices.remove(deviceId);
        if (device == null) {
            return false;
        }
        device.tokens.forEach(sessions::remove);
        device.tokens.forEach(ledger::forgetAccessToken);
        ledger.revokeRefreshTokens(userId, deviceId);
        return true;
    }

    void renameDevice(String userId, String deviceId, String displayName) {
        lock.checkHeld();
        checkDeviceFields(null, displayName);
        Account account = accounts.get(userId);
        Device device = account == null ? null : account.devices.get(deviceId);
        if (device == null) {
            throw MatrixError.notFound("Unknown device " + deviceId);
        }
        device.displayName = displayName;
    }

    /** Synapse's limits: a device id of at most 512 characters, a display name of at most 100. */
    private static void checkDeviceFields(String deviceId, String displayName) {
        if (deviceId != null && deviceId.length() > MAX_DEVICE_ID_LENGTH) {
            throw MatrixError.invalidParam("device_id cannot be longer than " + MAX_DEVICE_ID_LENGTH + " characters.");
        }
        if (displayName != null && displayName.length() > MAX_DEVICE_DISPLAY_NAME_LENGTH) {
            throw new MatrixError(400, "M_TOO_LARGE", "Device display name is too long (max "
                    + MAX_DEVICE_DISPLAY_NAME_LENGTH + ")");
        }
    }

    /** A user's devices, oldest first. */
    List<DeviceInfo> devices(String userId) {
        lock.checkHeld();
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
    }

    int deviceCount() {
        lock.checkHeld();
        int count = 0;
        for (Account account : accounts.values()) {
            count += account.devices.size();
        }
        return count;
    }

    List<String> deviceWarnings() {
        lock.checkHeld();
        return List.copyOf(deviceWarnings);
    }

    /** How many device warnings were raised; needs no lock (a snapshot, as any count read by another thread). */
    int deviceWarningCount() {
        return deviceWarningCount.get();
    }

    /** Forgets every account, device, token and warning. */
    void clear() {
        lock.checkHeld();
        accounts.clear();
        sessions.clear();
        ledger.clear();
        deviceWarnings.clear();
        deviceWarningCount.set(0);
    }
}
