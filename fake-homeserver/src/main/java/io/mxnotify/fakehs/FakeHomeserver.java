package io.mxnotify.fakehs;

import io.javalin.Javalin;
import io.mxnotify.fakehs.internal.AdminAccess;
import io.mxnotify.fakehs.internal.BindAddress;
import io.mxnotify.fakehs.internal.ControlEndpoints;
import io.mxnotify.fakehs.internal.DiscoveryEndpoints;
import io.mxnotify.fakehs.internal.Dispatcher;
import io.mxnotify.fakehs.internal.Endpoints;
import io.mxnotify.fakehs.internal.FakePipeline;
import io.mxnotify.fakehs.internal.FaultEndpoints;
import io.mxnotify.fakehs.internal.FaultEngine;
import io.mxnotify.fakehs.internal.JournalEndpoints;
import io.mxnotify.fakehs.internal.KeysEndpoints;
import io.mxnotify.fakehs.internal.Metrics;
import io.mxnotify.fakehs.internal.RateLimiter;
import io.mxnotify.fakehs.internal.RequestJournal;
import io.mxnotify.fakehs.internal.HomeserverState;
import io.mxnotify.fakehs.internal.IdGenerator;
import io.mxnotify.fakehs.internal.JettyStartup;
import io.mxnotify.fakehs.internal.JsonCodec;
import io.mxnotify.fakehs.internal.SecretMasking;
import io.mxnotify.fakehs.internal.JsonErrorHandler;
import io.mxnotify.fakehs.internal.ListenerHub;
import io.mxnotify.fakehs.internal.MatrixError;
import io.mxnotify.fakehs.internal.RegistrationEndpoints;
import io.mxnotify.fakehs.internal.RoomEndpoints;
import io.mxnotify.fakehs.internal.RoomSpec;
import io.mxnotify.fakehs.internal.RouteTable;
import io.mxnotify.fakehs.internal.Router;
import io.mxnotify.fakehs.internal.SeedApplier;
import io.mxnotify.fakehs.internal.SelfSignedCertificate;
import io.mxnotify.fakehs.internal.Session;
import io.mxnotify.fakehs.internal.SessionEndpoints;
import io.mxnotify.fakehs.internal.SyncEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A fake Matrix home server for testing any notifier offline: the client-server API subset a notifier or
 * bot uses, an inspection and control API under {@code /_fake/v1}, fault injection, in-memory state.
 *
 * <pre>{@code
 * try (FakeHomeserver fake = FakeHomeserver.builder().user("bot", "secret").room("alerts").start()) {
 *     FakeUser bot = fake.user("bot");
 *     fake.join("bot", "#alerts:localhost");
 *     // point the notifier at fake.baseUrl() with bot.accessToken() ...
 *     List<RoomEvent> events = fake.room("#alerts:localhost").awaitEvents(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class FakeHomeserver implements AutoCloseable {
    private final Settings settings;
    private final JsonCodec json = new JsonCodec();
    private final ListenerHub hub = new ListenerHub();
    private final HomeserverState state;
    private final SeedApplier seed;
    private final FaultEngine faults;
    private final RequestJournal journal;
    private final RateLimiter rateLimiter;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Javalin app;
    private final String baseUrl;
    private final int port;
    private final SelfSignedCertificate certificate;
    private final boolean loopbackOnly;
    private final String adminToken;

    private FakeHomeserver(Settings settings) {
        JettyStartup.skipJmxProbe();
        this.settings = settings;
        this.loopbackOnly = BindAddress.isLoopback(settings.bindAddress);
        this.adminToken = settings.adminToken != null ? settings.adminToken
                : loopbackOnly ? null : BindAddress.newAdminToken();
        AdminAccess access = new AdminAccess(adminToken, ownHostNames(settings));
        IdGenerator ids = settings.seed == null ? IdGenerator.unpredictable() : IdGenerator.seeded(settings.seed);
        this.state = new HomeserverState(settings.serverName, ids, json, hub, System::currentTimeMillis,
                settings.retentionCap, settings.deviceWarningThreshold, settings.tokenLifetime.toMillis());
        try {
            this.seed = SeedApplier.materialize(settings.seedConfig(), state);
            state.reset(() -> seed.apply(state));
        } catch (MatrixError e) {
            hub.close();
            throw new IllegalArgumentException("invalid seed: " + e.getMessage(), e);
        }
        this.faults = new FaultEngine(hub, settings.seed == null ? new java.security.SecureRandom()
                : new java.util.Random(settings.seed));
        this.journal = new RequestJournal(settings.retentionCap, new SecretMasking(json));
        this.rateLimiter = settings.rateLimit == null ? null
                : new RateLimiter(settings.rateLimit.perSecond(), settings.rateLimit.burst());
        Metrics metrics = new Metrics();
        faults.replaceAll(settings.faults);
        BaseUrlHolder base = new BaseUrlHolder();
        Endpoints endpoints = new Endpoints(
                new DiscoveryEndpoints(json, base),
                new SessionEndpoints(json, state, base),
                new RegistrationEndpoints(json, state, settings.registrationEnabled, settings.registrationSharedSecret,
                        System::currentTimeMillis),
                new RoomEndpoints(json, state),
                new SyncEndpoint(json, state),
                new ControlEndpoints(json, state, this::reset, base),
                new FaultEndpoints(json, faults),
                new JournalEndpoints(json, state, journal, metrics, faults),
                new KeysEndpoints(json, state));
        RouteTable table = new RouteTable(endpoints, this, access);
        Router router = new Router(table.apiRoutes());
        Dispatcher dispatcher = new Dispatcher(router, json, state, settings.profile,
                new FakePipeline(json, state, faults, rateLimiter, journal, metrics, router), access);
        JsonErrorHandler errors = new JsonErrorHandler(json);
        this.certificate = settings.tlsCertificateFile == null ? null : SelfSignedCertificate.generate(
                tlsDnsNames(settings), tlsIpAddresses(settings));
        if (certificate != null) {
            certificate.writePem(settings.tlsCertificateFile);
        }
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.bindAddress;
            config.jetty.port = settings.port;
            config.http.maxRequestSize = 16L * 1024 * 1024;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setUriCompliance(UriCompliance.UNSAFE);
                http.setSendServerVersion(false);
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(errors));
            if (certificate != null) {
                config.jetty.addConnector((server, http) -> tlsConnector(server, http, certificate));
            }
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
            table.declare(config.routes, dispatcher);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            hub.close();
            throw new IllegalStateException("cannot start the fake home server on " + settings.bindAddress + ":"
                    + settings.port + ": " + rootMessage(e), e);
        }
        this.port = app.port();
        String host = settings.bindAddress.contains(":") ? "[" + settings.bindAddress + "]" : settings.bindAddress;
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        this.baseUrl = (certificate == null ? "http://" : "https://") + host + ":" + port;
        base.set(baseUrl);
        if (settings.portFile != null) {
            writePortFile(settings.portFile, port);
        }
    }

    /** Names besides loopback that clients may put in {@code Host}: the bind address and the server name. */
    private static java.util.Set<String> ownHostNames(Settings settings) {
        java.util.Set<String> names = new java.util.HashSet<>();
        names.add(settings.bindAddress.contains(":") ? "[" + settings.bindAddress + "]" : settings.bindAddress);
        names.add(BindAddress.hostOf(settings.serverName));
        return names;
    }

    private void writePortFile(Path file, int boundPort) {
        try {
            Path target = file.toAbsolutePath();
            if (target.getParent() != null) {
                java.nio.file.Files.createDirectories(target.getParent());
            }
            Path temp = java.nio.file.Files.createTempFile(target.getParent(), ".port", ".tmp");
            java.nio.file.Files.writeString(temp, boundPort + "\n");
            java.nio.file.Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            close();
            throw new IllegalStateException("cannot write the port file " + file + ": " + e.getMessage(), e);
        }
    }

    private ServerConnector tlsConnector(Server server, HttpConfiguration http, SelfSignedCertificate cert) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(cert.keyStore());
        ssl.setKeyStorePassword(cert.keyStorePassword());
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(settings.bindAddress);
        connector.setPort(settings.port);
        return connector;
    }

    private static List<String> tlsDnsNames(Settings settings) {
        List<String> names = new ArrayList<>(List.of("localhost"));
        String host = settings.serverName.replaceFirst(":[0-9]+$", "");
        if (!names.contains(host) && !host.matches("[0-9.]+|\\[.*\\]")) {
            names.add(host);
        }
        return names;
    }

    private static List<String> tlsIpAddresses(Settings settings) {
        List<String> addresses = new ArrayList<>(List.of("127.0.0.1", "::1"));
        if (settings.bindAddress.matches("[0-9.]+") && !addresses.contains(settings.bindAddress)
                && !settings.bindAddress.equals("0.0.0.0")) {
            addresses.add(settings.bindAddress);
        }
        return addresses;
    }

    /** The PEM file of the self-signed certificate when serving HTTPS (see {@link Builder#tls(Path)}). */
    public java.util.Optional<Path> certificateFile() {
        return certificate == null ? java.util.Optional.empty() : java.util.Optional.of(settings.tlsCertificateFile);
    }

    /** A builder with the defaults: free port, 127.0.0.1, server name {@code localhost}, Synapse profile. */
    public static Builder builder() {
        return new Builder();
    }

    /** Where clients reach the server, e.g. {@code http://127.0.0.1:8008} (no trailing slash). */
    public String baseUrl() {
        return baseUrl;
    }

    /**
     * The admin token the {@code /_fake/v1} control API and the web inbox require, if any: the one given
     * to the builder, or one generated at start when bound beyond loopback.
     */
    public java.util.Optional<String> adminToken() {
        return java.util.Optional.ofNullable(adminToken);
    }

    /** Whether the server listens on loopback only (its bind address is 127.0.0.1, ::1 or localhost). */
    public boolean loopbackOnly() {
        return loopbackOnly;
    }

    /**
     * Every URL the server answers on: {@link #baseUrl()} for a specific address; for a wildcard bind
     * ({@code 0.0.0.0}, {@code ::}) one per address of this machine's interfaces that are up, loopback first.
     */
    public List<String> listenUrls() {
        String scheme = certificate == null ? "http://" : "https://";
        return BindAddress.reachableAddresses(settings.bindAddress).stream()
                .map(address -> scheme + address + ":" + port).toList();
    }

    /** The port the server listens on (the chosen one when built with port 0). */
    public int port() {
        return port;
    }

    /** The server name in user ids and aliases ({@code localhost} by default). */
    public String serverName() {
        return settings.serverName;
    }

    public Profile profile() {
        return settings.profile;
    }

    /** Creates a user and logs it in on a new device. Gone after {@link #reset()} unless seeded. */
    public FakeUser createUser(String localpart, String password) {
        Objects.requireNonNull(password, "password");
        return call(() -> state.register(localpart, password, false, "java-api", null, null));
    }

    /** Creates a user with a generated password and logs it in on a new device. */
    public FakeUser createUser(String localpart) {
        return call(() -> state.register(localpart, null, false, "java-api", null, null));
    }

    /**
     * A user's credentials: its oldest live device and token (a new device when it has none left).
     *
     * @param localpartOrUserId {@code bot} or {@code @bot:localhost}
     */
    public FakeUser user(String localpartOrUserId) {
        return call(() -> state.atomically(() -> {
            String userId = state.localUserId(localpartOrUserId).filter(state::userExists).orElseThrow(() ->
                    new IllegalArgumentException("no user " + localpartOrUserId + " on " + settings.serverName));
            Session session = state.anySession(userId)
                    .orElseGet(() -> state.loginWithoutPassword(userId, null, "java-api"));
            return new FakeUser(userId, session.accessToken(), session.deviceId(), state.password(userId).orElseThrow());
        }));
    }

    /**
     * Creates a public room with an alias and answers its room id.
     *
     * @param alias {@code alerts} or {@code #alerts:localhost}
     */
    public String createRoom(String alias) {
        return createRoom(alias, true);
    }

    /** Creates a room with an alias, public (anyone may join) or invite-only, and answers its room id. */
    public String createRoom(String alias, boolean isPublic) {
        return call(() -> state.createRoom(new RoomSpec(null, alias, null, null, isPublic, List.of(), null)));
    }

    /** Joins a user to a room (by id or alias), ignoring join rules: test setup, not a client action. */
    public void join(String localpartOrUserId, String roomIdOrAlias) {
        call(() -> {
            String userId = state.localUserId(localpartOrUserId).orElseThrow(() ->
                    new IllegalArgumentException(localpartOrUserId + " is not a user of " + settings.serverName));
            return state.join(userId, roomIdOrAlias, true);
        });
    }

    /** Every room now, in creation order. */
    public List<RoomSummary> rooms() {
        return state.rooms();
    }

    /** A room by id or alias, for reading and awaiting its events. */
    public FakeRoom room(String roomIdOrAlias) {
        return new FakeRoom(state, call(() -> state.roomIdOf(roomIdOrAlias)));
    }

    /** What clients sent to a room (no state events), oldest first. */
    public List<RoomEvent> events(String roomIdOrAlias) {
        return room(roomIdOrAlias).events();
    }

    /** Hears new events, room changes, fault changes and resets (the web inbox's live updates). */
    public Subscription subscribe(ServerListener listener) {
        return hub.subscribe(listener);
    }

    /**
     * Installs a fault rule and answers its id. Rules match every endpoint except the {@code /_fake}
     * control API; the first matching rule in installation order fires.
     */
    public String addFault(FaultRule rule) {
        return faults.add(Objects.requireNonNull(rule, "rule"));
    }

    /** The installed fault rules with their counters. */
    public List<ActiveFault> faults() {
        return faults.list();
    }

    /** Removes one fault rule; false when there is no such id (it may have fired its last time). */
    public boolean removeFault(String id) {
        return faults.remove(id);
    }

    public void clearFaults() {
        faults.clear();
    }

    /** The request journal, oldest first (bounded by the retention cap). */
    public List<RecordedRequest> requests() {
        return journal.select(request -> true);
    }

    /** Requests no endpoint takes (answered {@code M_UNRECOGNIZED}), each with a hint. */
    public List<RecordedRequest> unmatchedRequests() {
        return journal.select(RecordedRequest::unmatched);
    }

    public void clearRequests() {
        journal.clear();
    }

    /**
     * Expires every access token of a user now, a soft logout: its next request gets 401
     * {@code M_UNKNOWN_TOKEN} with {@code soft_logout: true}; refresh tokens and devices keep working.
     */
    public void expireTokens(String localpartOrUserId) {
        call(() -> {
            state.expireTokens(existingUser(localpartOrUserId));
            return null;
        });
    }

    /**
     * Revokes every access and refresh token of a user, a hard logout: its next request gets 401
     * {@code M_UNKNOWN_TOKEN} with {@code soft_logout: false}. The devices stay, so the client can log in
     * again on the same device.
     */
    public void revokeTokens(String localpartOrUserId) {
        call(() -> {
            state.revokeTokens(existingUser(localpartOrUserId));
            return null;
        });
    }

    /** The device ids of a user, oldest first. */
    public List<String> deviceIds(String localpartOrUserId) {
        return call(() -> state.devices(existingUser(localpartOrUserId)).stream()
                .map(io.mxnotify.fakehs.internal.DeviceInfo::deviceId).toList());
    }

    /** The token lifetime for clients that ask for refresh tokens ({@link Duration#ZERO}: tokens never expire). */
    public Duration tokenLifetime() {
        return settings.tokenLifetime;
    }

    private String existingUser(String localpartOrUserId) {
        return state.localUserId(localpartOrUserId).filter(state::userExists).orElseThrow(() ->
                new IllegalArgumentException("no user " + localpartOrUserId + " on " + settings.serverName));
    }

    /** Warnings about users with more devices than the threshold, oldest first. */
    public List<String> deviceWarnings() {
        return state.deviceWarnings();
    }

    /**
     * Back to the seed state: runtime users, rooms, events, tokens and faults are forgotten, seed users
     * and rooms come back with the same ids and tokens, seed faults are re-installed, the journal is
     * emptied.
     */
    public void reset() {
        state.reset(() -> seed.apply(state));
        faults.replaceAll(settings.faults);
        journal.clear();
        if (rateLimiter != null) {
            rateLimiter.clear();
        }
    }

    /** Blocks until {@link #close()} is called (from another thread or a shutdown hook). */
    public void awaitTermination() throws InterruptedException {
        closed.await();
    }

    /** Blocks until closed or the timeout passes; true when closed. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the server: waiting requests are answered, the port is freed. Safe to call twice. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        state.close();
        try {
            app.stop();
        } finally {
            hub.close();
            closed.countDown();
        }
    }

    @Override
    public String toString() {
        return "FakeHomeserver[" + baseUrl + ", server name " + settings.serverName + "]";
    }

    private static <T> T call(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (MatrixError e) {
            throw new IllegalArgumentException(e.getMessage() + " (" + e.errcode() + ")", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The base URL, known only once the port is bound. */
    private static final class BaseUrlHolder implements java.util.function.Supplier<String> {
        private volatile String value = "";

        void set(String value) {
            this.value = value;
        }

        @Override
        public String get() {
            return value;
        }
    }

    /** Everything the builder collected, validated. */
    private static final class Settings {
        int port;
        String bindAddress = "127.0.0.1";
        String serverName = "localhost";
        Profile profile = Profile.SYNAPSE;
        Long seed;
        int retentionCap = 10_000;
        int deviceWarningThreshold = 10;
        boolean registrationEnabled;
        String registrationSharedSecret;
        SeedConfig.RateLimit rateLimit;
        final List<SeedConfig.User> users = new ArrayList<>();
        final List<SeedConfig.Room> rooms = new ArrayList<>();
        final List<SeedConfig.Membership> memberships = new ArrayList<>();
        final List<FaultRule> faults = new ArrayList<>();
        Path tlsCertificateFile;
        Duration tokenLifetime = Duration.ZERO;
        Path portFile;
        String adminToken;

        /** A snapshot, so changing the builder later does not change a running server. */
        Settings copy() {
            Settings copy = new Settings();
            copy.port = port;
            copy.bindAddress = bindAddress;
            copy.serverName = serverName;
            copy.profile = profile;
            copy.seed = seed;
            copy.retentionCap = retentionCap;
            copy.deviceWarningThreshold = deviceWarningThreshold;
            copy.registrationEnabled = registrationEnabled;
            copy.registrationSharedSecret = registrationSharedSecret;
            copy.rateLimit = rateLimit;
            copy.users.addAll(users);
            copy.rooms.addAll(rooms);
            copy.memberships.addAll(memberships);
            copy.faults.addAll(faults);
            copy.tlsCertificateFile = tlsCertificateFile;
            copy.portFile = portFile;
            copy.tokenLifetime = tokenLifetime;
            copy.adminToken = adminToken;
            return copy;
        }

        SeedConfig seedConfig() {
            return new SeedConfig(serverName, registrationSharedSecret, registrationEnabled, profile, seed,
                    retentionCap, deviceWarningThreshold, rateLimit, users, rooms, memberships, faults,
                    tokenLifetime.toMillis());
        }
    }

    /**
     * Configures and starts a {@link FakeHomeserver}. Users, rooms, memberships and faults given here are
     * the seed: they exist from the start and come back, with the same ids and tokens, on every reset.
     */
    public static final class Builder {
        private final Settings settings = new Settings();

        private Builder() {
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
            }
            settings.port = port;
            return this;
        }

        /** The address to bind ({@code 127.0.0.1} by default; {@code 0.0.0.0} for every interface). */
        public Builder bindAddress(String bindAddress) {
            settings.bindAddress = requireText(bindAddress, "bindAddress");
            return this;
        }

        /**
         * Requires this token for the {@code /_fake/v1} control API and the web inbox, on any bind address.
         * Without one, a server bound beyond loopback generates one at start ({@link #adminToken()}); a
         * loopback server is open to local clients.
         *
         * @param adminToken at least 16 characters of {@code A-Z a-z 0-9 - _ . ~ + / =}
         */
        public Builder adminToken(String adminToken) {
            String token = requireText(adminToken, "adminToken").trim();
            if (!token.matches("[A-Za-z0-9._~+/=-]{16,}")) {
                throw new IllegalArgumentException("the admin token must be at least 16 characters of A-Z a-z 0-9"
                        + " - _ . ~ + / = (e.g. openssl rand -base64 32)");
            }
            settings.adminToken = token;
            return this;
        }

        /** The server name in user ids and aliases ({@code localhost} by default). */
        public Builder serverName(String serverName) {
            String name = requireText(serverName, "serverName");
            if (!name.matches("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("serverName must be a host name like example.org (optionally "
                        + "with :port), got '" + serverName + "'");
            }
            settings.serverName = name;
            return this;
        }

        /** How lenient the server is ({@link Profile#SYNAPSE} by default). */
        public Builder profile(Profile profile) {
            settings.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Makes room ids, event ids, device ids and tokens reproducible: same seed, same ids. */
        public Builder seed(long seed) {
            settings.seed = seed;
            return this;
        }

        /** The most events kept in memory (10,000 by default); the oldest are dropped first. */
        public Builder retentionCap(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("retentionCap must be at least 1, got " + events);
            }
            settings.retentionCap = events;
            return this;
        }

        /** Devices per user above which the fake warns (10 by default). */
        public Builder deviceWarningThreshold(int devices) {
            if (devices < 1) {
                throw new IllegalArgumentException("deviceWarningThreshold must be at least 1, got " + devices);
            }
            settings.deviceWarningThreshold = devices;
            return this;
        }

        /** Lets {@code /register} create accounts (user-interactive auth with one dummy stage). Off by default. */
        public Builder registrationEnabled(boolean enabled) {
            settings.registrationEnabled = enabled;
            return this;
        }

        /** Enables Synapse's shared-secret registration ({@code register_new_matrix_user}) with this secret. */
        public Builder registrationSharedSecret(String secret) {
            settings.registrationSharedSecret = requireText(secret, "registrationSharedSecret");
            return this;
        }

        /** Limits each user to {@code perSecond} requests per second with bursts of {@code burst} (429 beyond). */
        public Builder rateLimit(double perSecond, int burst) {
            settings.rateLimit = new SeedConfig.RateLimit(perSecond, burst);
            return this;
        }

        /**
         * Makes the access tokens of clients that log in with {@code "refresh_token": true} expire after
         * {@code lifetime} (they get a refresh token and {@code expires_in_ms}); other clients still get
         * tokens that never expire, as on Synapse. {@link Duration#ZERO} (the default): nothing expires.
         */
        public Builder tokenLifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative()) {
                throw new IllegalArgumentException("tokenLifetime must not be negative, got " + lifetime);
            }
            settings.tokenLifetime = lifetime;
            return this;
        }

        /** A seed user with a password, logged in on one device. */
        public Builder user(String localpart, String password) {
            settings.users.add(new SeedConfig.User(localpart, Objects.requireNonNull(password, "password"), false,
                    null, null));
            return this;
        }

        /** A seed user with fixed credentials (password, device id, access token; each may be null). */
        public Builder user(SeedConfig.User user) {
            settings.users.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        /** A seed public room with an alias ({@code alerts} or {@code #alerts:server}). */
        public Builder room(String alias) {
            settings.rooms.add(new SeedConfig.Room(requireText(alias, "alias"), null, null, null, true, List.of(),
                    List.of()));
            return this;
        }

        /** A seed room with everything spelled out. */
        public Builder room(SeedConfig.Room room) {
            settings.rooms.add(Objects.requireNonNull(room, "room"));
            return this;
        }

        /** A seed membership: the user is joined to the room (alias or id) from the start. */
        public Builder member(String user, String room) {
            settings.memberships.add(new SeedConfig.Membership(user, room));
            return this;
        }

        /** A fault rule active from the start (and again after every reset). */
        public Builder fault(FaultRule rule) {
            settings.faults.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Applies a seed: its set fields override, its users, rooms, memberships and faults are added. */
        public Builder seedConfig(SeedConfig config) {
            Objects.requireNonNull(config, "config");
            if (config.serverName() != null) {
                serverName(config.serverName());
            }
            if (config.registrationSharedSecret() != null) {
                registrationSharedSecret(config.registrationSharedSecret());
            }
            if (config.registrationEnabled() != null) {
                registrationEnabled(config.registrationEnabled());
            }
            if (config.profile() != null) {
                profile(config.profile());
            }
            if (config.seed() != null) {
                seed(config.seed());
            }
            if (config.retentionCap() != null) {
                retentionCap(config.retentionCap());
            }
            if (config.deviceWarningThreshold() != null) {
                deviceWarningThreshold(config.deviceWarningThreshold());
            }
            if (config.rateLimit() != null) {
                settings.rateLimit = config.rateLimit();
            }
            if (config.tokenLifetimeMs() != null) {
                tokenLifetime(Duration.ofMillis(config.tokenLifetimeMs()));
            }
            settings.users.addAll(config.users());
            settings.rooms.addAll(config.rooms());
            settings.memberships.addAll(config.memberships());
            settings.faults.addAll(config.faults());
            return this;
        }

        /** Loads and applies a JSON seed file (see {@link SeedConfig}). */
        public Builder seedFile(Path file) {
            return seedConfig(SeedConfig.load(file));
        }

        /**
         * Serves HTTPS instead of HTTP, with a self-signed certificate generated at start (valid for
         * localhost, 127.0.0.1, ::1 and the server name) whose PEM is written to {@code certificatePemFile}:
         * tell the client under test to trust that file.
         */
        public Builder tls(Path certificatePemFile) {
            settings.tlsCertificateFile = Objects.requireNonNull(certificatePemFile, "certificatePemFile");
            return this;
        }

        /**
         * Writes the bound port (one line) to {@code file} once the server is ready, atomically, so a CI
         * script can wait for the file and then read a complete port number.
         */
        public Builder portFile(Path file) {
            settings.portFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Starts the server: {@link IllegalStateException} when the port cannot be bound,
         * {@link IllegalArgumentException} when the seed is inconsistent (a user twice, an unknown member).
         */
        public FakeHomeserver start() {
            return new FakeHomeserver(settings.copy());
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " may not be empty");
            }
            return value.trim();
        }
    }
}
