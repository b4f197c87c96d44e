package io.mxnotify.core.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.auth.CredentialStore;
import io.mxnotify.core.client.LoginResult;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.delivery.internal.DeliveryEngine;
import io.mxnotify.core.delivery.internal.DeliveryEngine.PassResult;
import io.mxnotify.core.delivery.internal.HomeserverGateway;
import io.mxnotify.core.delivery.internal.MatrixClientGateway;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.core.render.MessageRenderer;
import io.mxnotify.core.render.Notification;
import io.mxnotify.core.render.OversizePolicy;
import io.mxnotify.core.spool.FlusherLock;
import io.mxnotify.core.spool.QuarantinedFile;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.SpoolEntry;
import io.mxnotify.core.spool.SpoolId;
import io.mxnotify.core.spool.internal.DiskSpoolFileSystem;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to Matrix rooms so that none is lost or duplicated: {@link #send} first stores
 * the notification durably in the spool, then delivers what the spool holds (this one included) in
 * FIFO order per room, retrying with backoff, honouring rate limits, logging in again on the same
 * device when the token dies (if a password is configured) and joining the room when not in it. What
 * cannot be delivered now stays in the spool for the next {@link #flush}, {@code send}, or the
 * {@linkplain #startBackground() background} delivery of a long-lived program.
 *
 * <p>Thread-safe. Many processes may share one spool directory; one of them at a time delivers.
 *
 * <pre>{@code
 * try (Notifier notifier = Notifier.builder(Path.of("/var/spool/mxnotify"),
 *         HomeserverAccount.withToken(URI.create("https://matrix.example.org"), Secret.of(token))).build()) {
 *     SendResult r = notifier.send(RoomRef.parse("#alerts:example.org"), Notification.of("disk 91% full"));
 * }
 * }</pre>
 */
public final class Notifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final Spool spool;
    private final boolean ownsSpool;
    private final DeliveryEngine engine;
    private final DeliveryPolicy policy;
    private final MessageRenderer renderer;
    private final Clock clock;
    private final Duration backgroundRescan;
    private final Consumer<String> onRateLimitWait;
    private final ObjectMapper json = new ObjectMapper();
    private final Object wakeup = new Object();
    private Thread background;
    private boolean closed;
    private boolean poked;

    private Notifier(Builder b) {
        this.spool = b.spool != null ? b.spool
                : Spool.open(b.spoolDir, new DiskSpoolFileSystem(), b.clock, new SecureRandom());
        this.ownsSpool = b.spool == null;
        this.policy = b.policy;
        this.clock = b.clock;
        this.renderer = b.renderer;
        this.backgroundRescan = b.backgroundRescan;
        this.onRateLimitWait = b.onRateLimitWait;
        HomeserverGateway gateway = b.gateway != null ? b.gateway
                : new MatrixClientGateway(b.client != null ? b.client : MatrixClient.builder(b.account.homeserver())
                        .build(), b.account, b.onLogin, b.credentialStore);
        this.engine = new DeliveryEngine(spool, gateway, policy, clock, b.random);
    }

    /**
     * Starts configuring a notifier.
     *
     * @param spoolDir the spool directory (created owner-only if missing)
     * @param account  home server and credentials
     */
    public static Builder builder(Path spoolDir, HomeserverAccount account) {
        return new Builder(Objects.requireNonNull(spoolDir, "spoolDir"), Objects.requireNonNull(account, "account"));
    }

    /** The spool, for listing, re-queueing and inspecting. */
    public Spool spool() {
        return spool;
    }

    /** The policy in force. */
    public DeliveryPolicy policy() {
        return policy;
    }

    /**
     * Spools a notification, then delivers for up to {@link DeliveryPolicy#sendPatience()}. The
     * notification is on disk before delivery starts, so a crash at any point loses nothing.
     *
     * @throws io.mxnotify.core.render.MessageTooLargeException if it does not fit in one event (nothing is spooled);
     *                                                          use {@link #sendSplitting} to split it
     * @throws io.mxnotify.core.spool.SpoolException             if it cannot be written to the spool
     */
    public SendResult send(RoomRef room, Notification notification) {
        return send(room, renderer.render(notification));
    }

    /** Like {@link #send(RoomRef, Notification)}, but a notification too large for one event becomes several. */
    public List<SendResult> sendSplitting(RoomRef room, Notification notification) {
        List<MessageContent> parts = renderer.render(notification, OversizePolicy.SPLIT);
        List<SpoolEntry> entries = new ArrayList<>();
        for (MessageContent part : parts) {
            entries.add(spool.enqueue(room.value(), json.valueToTree(part.toMap())));
        }
        return deliverSpooled(entries);
    }

    /** Spools already rendered content and delivers as {@link #send(RoomRef, Notification)} does. */
    public SendResult send(RoomRef room, MessageContent content) {
        SpoolEntry entry = spool.enqueue(room.value(), json.valueToTree(content.toMap()));
        return deliverSpooled(List.of(entry)).get(0);
    }

    /**
     * Delivers after a successful enqueue. The notifications are accepted (on disk) whatever happens now,
     * so a failure of the delivery itself (the spool unwritable for an update, an unexpected error) is
     * reported as "queued" rather than thrown: a caller seeing an exception would send them again.
     */
    private List<SendResult> deliverSpooled(List<SpoolEntry> entries) {
        FlushReport report;
        try {
            report = flush(policy.sendPatience(), policy.sendPatience(), false).report();
        } catch (RuntimeException failure) {
            LOG.warn("delivery after spooling failed; the notification stays in {}: {}", spool.directory(),
                    failure.toString());
            return entries.stream().map(e -> new SendResult(SendStatus.QUEUED, e.id(), e.room(), Optional.empty(),
                    "spooled; delivery stopped: " + failure.getMessage(), Optional.empty())).toList();
        }
        return entries.stream().map(e -> resultOf(e, report)).toList();
    }

    /**
     * Delivers what the spool holds: every room's oldest notification is tried now (even if its backoff
     * has not run out: someone asked), then each room continues until one fails.
     */
    public FlushReport flush() {
        return flush(Duration.ZERO, Duration.ZERO, false).report();
    }

    /**
     * Like {@link #flush()}, then keeps retrying (honouring backoff and rate limits) while anything is
     * left whose next try is due within {@code patience}.
     */
    public FlushReport flush(Duration patience) {
        return flush(patience, patience, false).report();
    }

    /**
     * Like {@link #flush(Duration)}, but a server's rate limit ({@code M_LIMIT_EXCEEDED}) is waited out
     * for as long as it asks while each wait ends within {@code rateLimitPatience} of the last delivery:
     * a backlog that a server lets through a few notifications at a time is delivered in one flush,
     * while a server that stops letting anything through ends it after {@code rateLimitPatience}.
     */
    public FlushReport flush(Duration patience, Duration rateLimitPatience) {
        return flush(patience, rateLimitPatience, false).report();
    }

    /**
     * Delivers in a background thread until {@link #close()}: retries when backoffs run out, and looks
     * for notifications spooled by other processes every {@code backgroundRescan}. {@link #send} still
     * delivers at once when it can. Calling it again does nothing.
     */
    public synchronized void startBackground() {
        if (closed) {
            throw new IllegalStateException("this notifier is closed");
        }
        if (background != null) {
            return;
        }
        background = new Thread(this::deliverInBackground, "mxnotify-delivery");
        background.setDaemon(true);
        background.start();
    }

    /** Stops the background delivery (waiting for an attempt in progress) and closes the spool if it owns it. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            thread = background;
        }
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownsSpool) {
            spool.close();
        }
    }

    /** A flush's report, and when the earliest waiting notification may be retried (null: none waits). */
    private record FlushOutcome(FlushReport report, Instant nextRetry) {
    }

    private FlushOutcome flush(Duration patience, Duration rateLimitPatience, boolean honourBackoffFirst) {
        Instant deadline = clock.instant().plus(patience);
        Instant lastProgress = clock.instant();
        List<DeliveredNotification> delivered = new ArrayList<>();
        List<SpoolEntry> died = new ArrayList<>();
        List<QuarantinedFile> quarantined = new ArrayList<>();
        Map<SpoolId, FailureKind> failures = new HashMap<>();
        Set<String> seen = new HashSet<>();
        boolean honour = honourBackoffFirst;
        PassResult last = null;
        while (true) {
            Optional<FlusherLock> lock = spool.tryLockFlusher();
            if (lock.isEmpty()) {
                poke();
                int waiting = spool.waitingNames().size();
                return new FlushOutcome(new FlushReport(delivered, died, waiting, last != null ? last.waiting()
                        : Map.of(), quarantined, true, false, failures), null);
            }
            try (FlusherLock held = lock.get()) {
                while (true) {
                    seen.addAll(spool.waitingNames());
                    last = engine.runPass(honour);
                    honour = true;
                    if (!last.delivered().isEmpty()) {
                        lastProgress = clock.instant();
                    }
                    delivered.addAll(last.delivered());
                    died.addAll(last.died());
                    quarantined.addAll(last.quarantined());
                    failures.putAll(last.failures());
                    if (seen.containsAll(spool.waitingNames())) {
                        break; // nothing arrived during the pass
                    }
                }
            }
            // Someone may have spooled a notification after our last look and found the lock still held:
            // it counts on us, so look once more now that the lock is free.
            if (!seen.containsAll(spool.waitingNames())) {
                continue;
            }
            Instant next = last.earliestRetry();
            boolean rateLimited = last.failures().containsValue(FailureKind.RATE_LIMITED);
            boolean fits = next != null && (!next.isAfter(deadline)
                    || rateLimited && !next.isAfter(lastProgress.plus(rateLimitPatience)));
            if (fits && rateLimited && !last.remaining().isEmpty() && !last.loginRequired()) {
                onRateLimitWait.accept("rate limited by the server (M_LIMIT_EXCEEDED); waiting "
                        + seconds(Duration.between(clock.instant(), next)) + " as it asks, then going on ("
                        + last.remaining().size() + " waiting)");
            }
            // A dead token that nothing could renew needs a person: waiting out the patience would not help.
            if (last.remaining().isEmpty() || !fits || last.loginRequired() || !sleepUntil(next)) {
                return new FlushOutcome(new FlushReport(delivered, died, last.remaining().size(), last.waiting(),
                        quarantined, false, last.loginRequired(), failures), last.remaining().isEmpty() ? null : next);
            }
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", Math.max(0, d.toMillis()) / 1000.0);
    }

    private SendResult resultOf(SpoolEntry entry, FlushReport report) {
        SpoolId id = entry.id();
        for (DeliveredNotification d : report.delivered()) {
            if (d.id().equals(id)) {
                return new SendResult(SendStatus.DELIVERED, id, entry.room(), Optional.of(d.eventId()), "");
            }
        }
        for (SpoolEntry dead : report.died()) {
            if (dead.id().equals(id)) {
                return new SendResult(SendStatus.DEAD, id, entry.room(), Optional.empty(), dead.deadReason(),
                        report.failureOf(id));
            }
        }
        if (report.loginRequired()) {
            return new SendResult(SendStatus.LOGIN_REQUIRED, id, entry.room(), Optional.empty(),
                    "spooled; " + report.waiting().getOrDefault(entry.room(), "waiting for a new login"),
                    report.failureOf(id));
        }
        String reason;
        if (report.flusherBusy()) {
            reason = "spooled; another process or thread is delivering from " + spool.directory()
                    + " and will deliver it";
        } else {
            reason = "spooled; " + report.waiting().getOrDefault(entry.room(), "not delivered yet");
        }
        return new SendResult(SendStatus.QUEUED, id, entry.room(), Optional.empty(), reason,
                report.flusherBusy() ? Optional.empty() : report.failureOf(id));
    }

    private void deliverInBackground() {
        boolean honour = false;
        while (!isClosed()) {
            Instant wakeAt = clock.instant().plus(backgroundRescan);
            try {
                FlushOutcome outcome = flush(Duration.ZERO, Duration.ZERO, honour);
                Instant next = outcome.nextRetry();
                if (next != null && next.isBefore(wakeAt)) {
                    wakeAt = next;
                }
            } catch (RuntimeException e) {
                LOG.warn("background delivery failed, trying again later: {}", e.toString());
            }
            honour = true;
            waitUntil(wakeAt);
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void poke() {
        synchronized (wakeup) {
            poked = true;
            wakeup.notifyAll();
        }
    }

    /** Waits until {@code at}, a poke, or close. */
    private void waitUntil(Instant at) {
        synchronized (wakeup) {
            while (!poked && !isClosed()) {
                long millis = Duration.between(clock.instant(), at).toMillis();
                if (millis <= 0) {
                    break;
                }
                try {
                    wakeup.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            poked = false;
        }
    }

    private boolean sleepUntil(Instant at) {
        synchronized (wakeup) {
            while (!isClosed()) {
                Instant now = clock.instant();
                if (!now.isBefore(at)) {
                    return true;
                }
                // Rounded up: waking a fraction of a millisecond early would find the retry not yet due.
                long millis = Math.max(1, Duration.between(now, at).plusNanos(999_999).toMillis());
                try {
                    wakeup.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /** Configures a {@link Notifier}. */
    public static final class Builder {
        private final Path spoolDir;
        private final HomeserverAccount account;
        private DeliveryPolicy policy = DeliveryPolicy.defaults();
        private Consumer<LoginResult> onLogin = result -> { };
        private MessageRenderer renderer = new MessageRenderer();
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new SecureRandom();
        private Duration backgroundRescan = Duration.ofSeconds(30);
        private Consumer<String> onRateLimitWait = sentence -> { };
        private MatrixClient client;
        private Spool spool;
        private HomeserverGateway gateway;
        private CredentialStore credentialStore;

        private Builder(Path spoolDir, HomeserverAccount account) {
            this.spoolDir = spoolDir;
            this.account = account;
        }

        /** Retry limits, backoff, late label, send patience; default {@link DeliveryPolicy#defaults()}. */
        public Builder policy(DeliveryPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        /**
         * Told, in one sentence, before each wait for a server's rate limit during {@link #send} or a flush
         * (e.g. to print it, so that a person sees why a command pauses). Default: nothing.
         */
        public Builder onRateLimitWait(Consumer<String> listener) {
            this.onRateLimitWait = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Told about every automatic re-login (new access token, same device), after it is in the credential store. */
        public Builder onLogin(Consumer<LoginResult> listener) {
            this.onLogin = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Where the account's access token, refresh token, expiry and device live, shared with other
         * processes (e.g. a {@link io.mxnotify.core.auth.FileCredentialStore}): the engine uses the stored
         * token, refreshes it when it expires, and saves every renewal there. Default: in memory, starting
         * from the account's token.
         */
        public Builder credentialStore(CredentialStore value) {
            this.credentialStore = Objects.requireNonNull(value, "credentialStore");
            return this;
        }

        /** The renderer for {@link Notification}s; default {@code new MessageRenderer()}. */
        public Builder renderer(MessageRenderer value) {
            this.renderer = Objects.requireNonNull(value, "renderer");
            return this;
        }

        /** A preconfigured client (timeouts, TLS, known versions) for the account's home server. */
        public Builder client(MatrixClient value) {
            this.client = Objects.requireNonNull(value, "client");
            return this;
        }

        /** How often background delivery looks for notifications spooled by other processes; default 30 s. */
        public Builder backgroundRescan(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("background rescan interval must be positive, got " + value);
            }
            this.backgroundRescan = value;
            return this;
        }

        /** The clock for ages, backoff and labels (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The random source for backoff jitter (tests pass a seeded one). */
        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** An already open spool for {@code spoolDir}, which the notifier will then not close (tests). */
        public Builder spool(Spool value) {
            this.spool = Objects.requireNonNull(value, "spool");
            return this;
        }

        /** Another gateway to the home server (tests of the engine). */
        public Builder gateway(HomeserverGateway value) {
            this.gateway = Objects.requireNonNull(value, "gateway");
            return this;
        }

        /** Builds the notifier, opening (creating) the spool. */
        public Notifier build() {
            if (spool != null && !spool.directory().equals(spoolDir.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("the given spool is " + spool.directory() + ", not " + spoolDir);
            }
            return new Notifier(this);
        }
    }
}
