package io.mxnotify.core.auth;

import io.mxnotify.core.Secret;
import io.mxnotify.core.client.LoginRequest;
import io.mxnotify.core.client.LoginResult;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.client.MatrixClientException;
import io.mxnotify.core.client.MatrixException;
import io.mxnotify.core.client.RefreshResult;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one account's access token alive, shared with every other process through a
 * {@link CredentialStore}. When the server rejects the token ({@code M_UNKNOWN_TOKEN}), {@link #renew}
 * takes the store's lock and re-reads it first: if another process already renewed the token, that one
 * is used and nothing is spent. Otherwise, on a soft logout with a refresh token it refreshes (and saves
 * the new pair before anyone uses it); when there is no refresh token, the refresh is refused, or the
 * logout was hard, it logs in again <em>on the same device</em> if a password is configured; else it
 * raises {@link LoginRequiredException}. Network failures and 5xx/429 answers pass through as retryable
 * {@link MatrixClientException}s: the refresh token stays valid until the new pair is used, so a later
 * retry is safe. Thread-safe.
 */
public final class SessionKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(SessionKeeper.class);

    private final MatrixClient anonymous;
    private final URI homeserver;
    private final CredentialStore store;
    private final Optional<String> user;
    private final Optional<Secret> password;
    private final Optional<String> configuredDeviceId;
    private final Optional<String> deviceDisplayName;
    private final Clock clock;
    private final Consumer<LoginResult> onLogin;
    private final Optional<Credentials> fallback;
    private volatile Credentials current;

    private SessionKeeper(Builder b) {
        this.anonymous = b.client.withoutAccessToken();
        this.homeserver = b.client.baseUrl();
        this.store = b.store;
        this.user = b.user;
        this.password = b.password;
        this.configuredDeviceId = b.deviceId;
        this.deviceDisplayName = b.deviceDisplayName;
        this.clock = b.clock;
        this.onLogin = b.onLogin;
        this.fallback = b.fallback;
    }

    /**
     * Starts configuring a keeper.
     *
     * @param client a client for the home server (its token, if any, is ignored)
     * @param store  where the credentials live
     */
    public static Builder builder(MatrixClient client, CredentialStore store) {
        return new Builder(Objects.requireNonNull(client, "client"), Objects.requireNonNull(store, "store"));
    }

    /** Whether a password is configured, so the keeper can log in by itself. */
    public boolean canLogIn() {
        return password.isPresent();
    }

    /**
     * The credentials in use: the ones last used or renewed here, else the stored ones, else the
     * builder's {@linkplain Builder#fallback fallback}, else a fresh password login.
     *
     * @throws LoginRequiredException  when nothing is stored and no password is configured
     * @throws MatrixClientException   when the login fails
     * @throws CredentialStoreException when the store cannot be read or written
     */
    public Credentials current() {
        Credentials known = current;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (current == null) {
                Optional<Credentials> stored = store.load().filter(this::ours).or(() -> fallback);
                current = stored.isPresent() ? stored.get() : store.locked(held -> {
                    Optional<Credentials> again = held.current().filter(this::ours);
                    return again.isPresent() ? again.get() : logIn(held, again, null);
                });
            }
            return current;
        }
    }

    /** A client carrying {@link #current()}'s access token. */
    public MatrixClient client() {
        return anonymous.withAccessToken(current().accessToken());
    }

    /**
     * Gets a working token after the server rejected {@code rejected} with {@code rejection}
     * ({@code M_UNKNOWN_TOKEN}); see the class description for the order of attempts.
     *
     * @return the credentials to use from now on
     * @throws LoginRequiredException   when only a person can help (run {@code mxnotify login})
     * @throws MatrixClientException    retryable ones when the server could not be reached or was busy;
     *                                  non-retryable ones when logging in again was refused (wrong password...)
     * @throws CredentialStoreException when the store cannot be read or written
     */
    public synchronized Credentials renew(Credentials rejected, MatrixClientException rejection) {
        Objects.requireNonNull(rejected, "rejected");
        Credentials renewed = store.locked(held -> {
            Optional<Credentials> stored = held.current().filter(this::ours);
            if (stored.isPresent() && !stored.get().sameAccessToken(rejected)) {
                LOG.info("the access token was renewed by another process or thread meanwhile; using the new one");
                return stored.get();
            }
            Credentials base = stored.orElse(rejected);
            boolean soft = rejection instanceof MatrixException m && m.softLogout();
            MatrixClientException refusal = null;
            if (soft && base.refreshToken().isPresent()) {
                try {
                    RefreshResult refreshed = anonymous.refresh(base.refreshToken().get());
                    Credentials next = base.refreshed(refreshed, clock.instant());
                    held.save(next);
                    LOG.info("the access token expired; refreshed it (device {})", next.deviceId().orElse("?"));
                    return next;
                } catch (MatrixClientException e) {
                    if (e.isRetryable()) {
                        throw e;
                    }
                    refusal = e;
                    LOG.info("refreshing the access token was refused ({}); {}", e.getMessage(),
                            canLogIn() ? "logging in again on the same device" : "a new login is needed");
                }
            }
            return logIn(held, Optional.of(base), describe(rejection, refusal));
        });
        current = renewed;
        return renewed;
    }

    /**
     * Logs in with the configured password on the stored (or configured) device, asking for a refresh
     * token, and stores the result: what {@code mxnotify login} does.
     *
     * @throws LoginRequiredException   when no password is configured
     * @throws MatrixClientException    when the server refuses or cannot be reached
     */
    public synchronized Credentials logIn() {
        Credentials fresh = store.locked(held -> logIn(held, held.current().filter(this::ours), null));
        current = fresh;
        return fresh;
    }

    private Credentials logIn(CredentialStore.Held held, Optional<Credentials> previous, String why) {
        if (password.isEmpty() || user.isEmpty()) {
            throw new LoginRequiredException((why == null ? "no access token is stored" : why)
                    + "; run `mxnotify login` to log in again (or configure a password file so that mxnotify"
                    + " logs in by itself)");
        }
        LoginRequest request = LoginRequest.password(user.get(), password.get()).withRefreshToken();
        Optional<String> device = previous.flatMap(Credentials::deviceId).or(() -> configuredDeviceId);
        if (device.isPresent()) {
            request = request.onDevice(device.get());
        } else if (deviceDisplayName.isPresent()) {
            request = request.withDeviceDisplayName(deviceDisplayName.get());
        }
        LoginResult result = anonymous.login(request);
        Credentials next = Credentials.fromLogin(homeserver, result, clock.instant());
        held.save(next);
        LOG.info("logged in as {} on device {}", result.userId().value(), result.deviceId());
        onLogin.accept(result);
        return next;
    }

    private static String describe(MatrixClientException rejection, MatrixClientException refusal) {
        StringBuilder s = new StringBuilder("the access token was rejected");
        if (rejection instanceof MatrixException m) {
            s.append(m.softLogout() ? " (soft logout: " : " (logged out: ").append(m.errcode())
                    .append(m.error().isEmpty() ? "" : " " + m.error()).append(')');
        }
        if (refusal != null) {
            s.append(" and refreshing it was refused (").append(refusal.getMessage()).append(')');
        }
        return s.toString();
    }

    private boolean ours(Credentials credentials) {
        return sameServer(credentials.homeserver(), homeserver);
    }

    private static boolean sameServer(URI a, URI b) {
        return strip(a.toString()).equalsIgnoreCase(strip(b.toString()));
    }

    private static String strip(String url) {
        String s = url;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    @Override
    public String toString() {
        return "SessionKeeper[" + homeserver + ", " + store + "]";
    }

    /** Configures a {@link SessionKeeper}. */
    public static final class Builder {
        private final MatrixClient client;
        private final CredentialStore store;
        private Optional<String> user = Optional.empty();
        private Optional<Secret> password = Optional.empty();
        private Optional<String> deviceId = Optional.empty();
        private Optional<String> deviceDisplayName = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private Consumer<LoginResult> onLogin = result -> { };
        private Optional<Credentials> fallback = Optional.empty();

        private Builder(MatrixClient client, CredentialStore store) {
            this.client = client;
            this.store = store;
        }

        /** The user and password for logging in by itself (a hard logout, or nothing stored yet). */
        public Builder passwordLogin(String userIdOrLocalpart, Secret secret) {
            if (userIdOrLocalpart == null || userIdOrLocalpart.isBlank()) {
                throw new IllegalArgumentException("a password login needs a user, e.g. @bot:example.org");
            }
            this.user = Optional.of(userIdOrLocalpart);
            this.password = Optional.of(Objects.requireNonNull(secret, "password"));
            return this;
        }

        /** The device to log in on when the store names none (so the first login does not create a new one). */
        public Builder deviceId(String value) {
            this.deviceId = Optional.ofNullable(value).filter(v -> !v.isBlank());
            return this;
        }

        /** The display name of a device created by the first login. */
        public Builder deviceDisplayName(String value) {
            this.deviceDisplayName = Optional.ofNullable(value).filter(v -> !v.isBlank());
            return this;
        }

        /** The clock for token expiry times (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Told about every login the keeper makes (after the new credentials are stored). */
        public Builder onLogin(Consumer<LoginResult> listener) {
            this.onLogin = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Credentials to start with when the store holds none for this home server (e.g. a configured token). */
        public Builder fallback(Credentials value) {
            this.fallback = Optional.of(Objects.requireNonNull(value, "fallback"));
            return this;
        }

        /** The keeper. */
        public SessionKeeper build() {
            return new SessionKeeper(this);
        }
    }
}
