package io.mxnotify.conformance.target;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.testsupport.synapse.SynapseOptions;
import io.mxnotify.testsupport.synapse.SynapseServer;
import io.mxnotify.testsupport.synapse.Synapses;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * The home server under test: an embedded {@link FakeHomeserver} started for the run, or a server given
 * by {@link TargetConfig}. Hands out accounts and rooms; anything the server cannot offer (a second user
 * without a registration secret, room creation it forbids, the fake's inspection API on a real server)
 * aborts the asking test with a reason, so it is reported as skipped, never as passed.
 */
public final class HomeserverTarget implements AutoCloseable {
    private static final String PRIMARY = "conformance";

    private final TargetConfig config;
    private final FakeHomeserver fake;
    private final SynapseServer synapse;
    private final MatrixApi api;
    private final Optional<SharedSecretRegistration> registration;
    private final TestAccount primary;
    private final String runId;
    private final AtomicInteger names = new AtomicInteger();
    private volatile AdvertisedVersions advertisedVersions;

    private HomeserverTarget(TargetConfig config, FakeHomeserver fake, SynapseServer synapse, String baseUrl,
                             Optional<String> secret, SecureRandom random) {
        this.config = config;
        this.fake = fake;
        this.synapse = synapse;
        this.api = new MatrixApi(baseUrl);
        this.registration = secret.map(s -> new SharedSecretRegistration(api, s));
        this.runId = randomHex(random, 4);
        if (fake != null) {
            var user = fake.user(PRIMARY);
            this.primary = new TestAccount(user.userId(), user.accessToken(), user.deviceId(), user.password());
        } else if (config.user().isPresent()) {
            this.primary = api.login(config.user().get(), config.password().orElseThrow());
        } else {
            this.primary = registration.orElseThrow().registerAccount(uniqueLocalpart(PRIMARY), randomPassword(random));
        }
    }

    /** Starts the target the system properties choose (see {@link TargetConfig}). */
    public static HomeserverTarget start(TargetConfig config) {
        SecureRandom random = new SecureRandom();
        if (config.embedded()) {
            String secret = randomHex(random, 16);
            FakeHomeserver fake = FakeHomeserver.builder().profile(config.fakeProfile()).registrationSharedSecret(secret)
                    .user(PRIMARY, randomPassword(random)).start();
            try {
                return new HomeserverTarget(config, fake, null, fake.baseUrl(), Optional.of(secret), random);
            } catch (RuntimeException e) {
                fake.close();
                throw e;
            }
        }
        if (config.synapse().isPresent()) {
            SynapseServer synapse = Synapses.start(config.synapse().get(), SynapseOptions.of(config.rateLimits()));
            try {
                return new HomeserverTarget(config, null, synapse, synapse.baseUrl(),
                        Optional.of(synapse.registrationSharedSecret()), random);
            } catch (RuntimeException e) {
                synapse.close();
                throw e;
            }
        }
        return new HomeserverTarget(config, null, null, config.url().orElseThrow().toString(), config.registrationSecret(),
                random);
    }

    /** The client-server base URL, without trailing slash. */
    public String baseUrl() {
        return api.baseUrl();
    }

    /** REST Assured requests to this server. */
    public MatrixApi api() {
        return api;
    }

    /** The spec versions the server lists in {@code /versions} (asked once). */
    public AdvertisedVersions advertisedVersions() {
        if (advertisedVersions == null) {
            Response answer = api.anonymous().get("/_matrix/client/versions");
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /_matrix/client/versions answered " + answer.statusCode() + ": "
                        + answer.asString());
            }
            List<String> versions = answer.jsonPath().getList("versions", String.class);
            advertisedVersions = new AdvertisedVersions(versions == null ? List.of() : versions);
        }
        return advertisedVersions;
    }

    /** Whether this is the embedded fake (whose inspection API the suite may use). */
    public boolean isEmbeddedFake() {
        return fake != null;
    }

    /** The embedded fake; aborts the test (skipped, with the reason) on any other server. */
    public FakeHomeserver embeddedFake(String why) {
        Assumptions.assumeTrue(fake != null, () -> "needs the embedded fake's inspection API (" + why
                + "); the target is " + baseUrl());
        return fake;
    }

    /** The main account: the configured user, or one created for the run. */
    public TestAccount primary() {
        return primary;
    }

    /** The server's shared-secret registration; aborts the test when the secret was not given. */
    public SharedSecretRegistration registration(String why) {
        Assumptions.assumeTrue(registration.isPresent(), () -> why + " needs shared-secret registration: run with -D"
                + TargetConfig.REGISTRATION_SECRET + "=<the server's registration_shared_secret>");
        return registration.get();
    }

    /** Whether the suite can create users ({@link #newUser} will not abort). */
    public boolean canRegister() {
        return registration.isPresent();
    }

    /** A new, logged-in throwaway user; aborts the test when the server offers no way to create one. */
    public TestAccount newUser(String why) {
        return registration(why).registerAccount(uniqueLocalpart("user"), randomPassword(new SecureRandom()));
    }

    /** A localpart no earlier test or run used, e.g. {@code mxc-3fa9c2d1-room-7}. */
    public String uniqueLocalpart(String purpose) {
        return "mxc-" + runId + "-" + purpose + "-" + names.incrementAndGet();
    }

    /** A fresh password. */
    public static String randomPassword(SecureRandom random) {
        return "pw-" + randomHex(random, 12);
    }

    private static String randomHex(SecureRandom random, int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }

    /**
     * Creates a room owned by {@code owner} ({@code POST /createRoom}), public (anyone may join) or
     * invite-only, with a fresh alias when asked. Aborts the test when the server refuses room creation.
     */
    public TestRoom createRoom(TestAccount owner, boolean isPublic, boolean withAlias) {
        long waitedMillis = 0;
        for (int attempt = 1; ; attempt++) {
            // A fresh alias on every attempt: a server may have taken the last one before refusing with 429.
            String aliasLocalpart = uniqueLocalpart("room");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("preset", isPublic ? "public_chat" : "private_chat");
            if (withAlias) {
                body.put("room_alias_name", aliasLocalpart);
            }
            Response answer = api.asWithoutRateLimitWaits(owner).contentType("application/json").body(body)
                    .post(MatrixApi.V3 + "/createRoom");
            // Synapse 1.67 spends a message token before its join limiter refuses, so waiting exactly
            // retry_after_ms can meet the same 429 forever: each further attempt waits one period more.
            long wait = RateLimitWaits.retryAfter(answer).toMillis() * attempt + 50;
            if (RateLimitWaits.isRateLimited(answer) && waitedMillis + wait <= RateLimitWaits.PATIENCE.toMillis()) {
                System.out.println("conformance: POST /createRoom answered 429 M_LIMIT_EXCEEDED; waiting " + wait
                        + " ms, then creating the room again under a new alias");
                sleep(wait);
                waitedMillis += wait;
                continue;
            }
            return createdRoom(owner, answer, withAlias ? Optional.of("#" + aliasLocalpart + ":" + owner.serverName())
                    : Optional.empty());
        }
    }

    private static TestRoom createdRoom(TestAccount owner, Response answer, Optional<String> alias) {
        Assumptions.assumeFalse(answer.statusCode() == 403, () -> "the server does not let " + owner.userId()
                + " create rooms: " + answer.asString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("POST /createRoom answered " + answer.statusCode() + ": " + answer.asString());
        }
        return new TestRoom(answer.path("room_id"), alias);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting out a rate limit", e);
        }
    }

    /** A public room with an alias, owned (and so joined) by the primary account. */
    public TestRoom createRoom() {
        return createRoom(primary, true, true);
    }

    /**
     * A logged-in account for one check's own use: a new user where the suite can register users (so the
     * check's requests do not spend another check's rate-limit allowance on a production server), else the
     * primary account.
     */
    public TestAccount freshAccount() {
        return canRegister() ? registration.get().registerAccount(uniqueLocalpart("user"),
                randomPassword(new SecureRandom())) : primary;
    }

    /** Logs out every device the run created, then stops a server the run started. */
    @Override
    public void close() {
        try {
            api.logOutCreatedSessions();
        } catch (RuntimeException e) {
            System.err.println("conformance: could not log out every device the run created on " + baseUrl() + ": " + e);
        }
        if (fake != null) {
            fake.close();
        }
        if (synapse != null) {
            synapse.close();
        }
    }

    @Override
    public String toString() {
        return "HomeserverTarget[" + (fake != null ? "embedded " + fake : synapse != null ? synapse : config) + "]";
    }
}
