package io.mxnotify.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.Secret;
import io.mxnotify.core.auth.Credentials;
import io.mxnotify.core.auth.FileCredentialStore;
import io.mxnotify.core.auth.SessionKeeper;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.client.MatrixException;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.Notification;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RecordedRequest;
import io.mxnotify.fakehs.RoomEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery engine against a fake home server whose access tokens live one second. */
class ExpiringTokenDeliveryTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final DeliveryPolicy POLICY = DeliveryPolicy.defaults()
            .withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(50)))
            .withSendPatience(Duration.ofSeconds(30))
            .withLateLabel(new LateLabel(false, Duration.ofMinutes(1), ZoneOffset.UTC));

    @TempDir
    Path dir;

    private FakeHomeserver fake;
    private String password;
    private String deviceId;
    private RoomRef room;
    private URI homeserver;

    @BeforeEach
    void start() {
        fake = FakeHomeserver.builder().user("bot", "bot-password").room("alerts").member("bot", "alerts")
                .tokenLifetime(Duration.ofSeconds(1)).start();
        password = fake.user("bot").password();
        deviceId = fake.user("bot").deviceId();
        room = RoomRef.parse(fake.room("#alerts:localhost").roomId());
        homeserver = URI.create(fake.baseUrl());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private FileCredentialStore store() {
        return new FileCredentialStore(dir.resolve("credentials.json"));
    }

    /** What {@code mxnotify login} does: a password login on the known device, with a refresh token, stored. */
    private Credentials logIn() {
        return SessionKeeper.builder(MatrixClient.builder(fake.baseUrl()).build(), store())
                .passwordLogin("bot", Secret.of(password)).deviceId(deviceId).build().logIn();
    }

    private Notifier notifierWithoutPassword(Path spool) {
        Credentials stored = store().load().orElseThrow();
        return Notifier.builder(spool, HomeserverAccount.withToken(homeserver, stored.accessToken()))
                .policy(POLICY).credentialStore(store()).build();
    }

    private Notifier notifierWithPassword(Path spool) {
        HomeserverAccount account = new HomeserverAccount(homeserver, Optional.empty(), Optional.of("bot"),
                Optional.of(Secret.of(password)), Optional.of(deviceId));
        return Notifier.builder(spool, account).policy(POLICY).credentialStore(store()).build();
    }

    private void awaitExpiry(Secret token) {
        MatrixClient client = MatrixClient.builder(fake.baseUrl()).build().withAccessToken(token);
        await("the access token to expire", () -> {
            try {
                client.whoami();
                return false;
            } catch (MatrixException e) {
                // expired (soft logout), or already replaced by a refresh on a loaded machine (revoked)
                assertEquals(io.mxnotify.core.client.FailureKind.UNKNOWN_TOKEN, e.kind(), e.getMessage());
                return true;
            }
        });
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private long answered(String endpointSuffix, int status) {
        return fake.requests().stream().filter(r -> r.path().endsWith(endpointSuffix) && r.status() == status).count();
    }

    private List<String> bodies() {
        List<String> out = new ArrayList<>();
        for (RoomEvent event : fake.events(room.value())) {
            out.add(event.content().path("body").asText());
        }
        return out;
    }

    @Test
    void aNotificationQueuedBeforeExpiryIsDeliveredAfterItByRefreshing() {
        Credentials first = logIn();
        assertTrue(first.refreshToken().isPresent() && first.expiresAt().isPresent(), first.toString());
        fake.addFault(FaultRule.builder().method("PUT").path("/send/").respond(503, "M_UNKNOWN").times(1).build());
        try (Notifier notifier = Notifier.builder(dir.resolve("spool"),
                HomeserverAccount.withToken(homeserver, first.accessToken()))
                .policy(POLICY.withSendPatience(Duration.ZERO)).credentialStore(store()).build()) {
            SendResult queued = notifier.send(room, Notification.of("queued before expiry"));
            assertEquals(SendStatus.QUEUED, queued.status(), queued.reason());
            awaitExpiry(first.accessToken());
            FlushReport report = notifier.flush(Duration.ofSeconds(30));
            assertTrue(report.clean(), report.toString());
        }
        assertEquals(List.of("queued before expiry"), bodies());
        assertTrue(answered("/refresh", 200) >= 1, "the token was refreshed");
        assertEquals(List.of(deviceId), fake.deviceIds("bot"), "refreshing creates no device");
        Credentials now = store().load().orElseThrow();
        assertNotEquals(first.accessToken(), now.accessToken());
        assertEquals(Optional.of(deviceId), now.deviceId());
    }

    @Test
    void manyNotifiersSharingTheCredentialsAcrossExpiriesDeliverEverythingOnceOnOneDevice() throws Exception {
        logIn();
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            // each thread is like a separate cron job: its own spool, its own store object, no password
            futures.add(pool.submit(() -> {
                List<String> sent = new ArrayList<>();
                try (Notifier notifier = notifierWithoutPassword(dir.resolve("spool-" + thread))) {
                    long deadline = System.nanoTime() + DEADLINE.toNanos();
                    int n = 0;
                    while (n < 3 || answered("/refresh", 200) < 3) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("the tokens did not expire and get refreshed three times");
                        }
                        String body = "thread " + thread + " message " + n++;
                        SendResult result = notifier.send(room, Notification.of(body));
                        assertEquals(SendStatus.DELIVERED, result.status(), result.reason());
                        sent.add(body);
                        Thread.sleep(50);
                    }
                }
                return sent;
            }));
        }
        Set<String> expected = new HashSet<>();
        for (Future<List<String>> future : futures) {
            expected.addAll(future.get(2, TimeUnit.MINUTES));
        }
        pool.shutdown();
        List<String> bodies = bodies();
        assertEquals(expected.size(), bodies.size(), "each notification once");
        assertEquals(expected, new HashSet<>(bodies));
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
        assertEquals(0, answered("/login", 200) - 1, "only the first login; every renewal was a refresh");
        assertEquals(0, answered("/refresh", 401), "no refresh token was spent twice");
    }

    @Test
    void aHardLogoutWithAPasswordLogsInAgainOnTheSameDevice() {
        try (Notifier notifier = notifierWithPassword(dir.resolve("spool"))) {
            assertTrue(notifier.send(room, Notification.of("one")).delivered());
            fake.revokeTokens("bot");
            SendResult second = notifier.send(room, Notification.of("two"));
            assertTrue(second.delivered(), second.reason());
        }
        assertEquals(List.of("one", "two"), bodies());
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
        assertEquals(2, answered("/login", 200), "the first login, then one after the hard logout");
    }

    @Test
    void aHardLogoutWithoutAPasswordWaitsForALoginAndThenDelivers() {
        logIn();
        try (Notifier notifier = notifierWithoutPassword(dir.resolve("spool"))) {
            assertTrue(notifier.send(room, Notification.of("one")).delivered());
            fake.revokeTokens("bot");
            SendResult waiting = notifier.send(room, Notification.of("two"));
            assertEquals(SendStatus.LOGIN_REQUIRED, waiting.status(), waiting.reason());
            assertTrue(waiting.reason().contains("mxnotify login"), waiting.reason());
            assertTrue(waiting.reason().contains("stays queued"), waiting.reason());
            assertEquals(1, notifier.spool().waitingNames().size());
            logIn(); // a person runs `mxnotify login`
            FlushReport report = notifier.flush();
            assertTrue(report.clean(), report.toString());
        }
        assertEquals(List.of("one", "two"), bodies());
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
    }

    @Test
    void aRefreshWhoseAnswerIsLostOrFailsIsRetriedWithTheSameRefreshToken() {
        logIn();
        fake.addFault(FaultRule.builder().method("POST").path("/refresh$")
                .dropConnection(FaultRule.DropConnection.AFTER).times(1).build());
        fake.addFault(FaultRule.builder().method("POST").path("/refresh$").respond(503, "M_UNKNOWN").times(1).build());
        try (Notifier notifier = notifierWithoutPassword(dir.resolve("spool"))) {
            fake.expireTokens("bot");
            SendResult result = notifier.send(room, Notification.of("after a lost refresh"));
            assertTrue(result.delivered(), result.reason());
        }
        assertEquals(List.of("after a lost refresh"), bodies());
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
        assertEquals(1, answered("/login", 200), "no login needed: the refresh token survived the lost answer");
    }

    @Test
    void theStrictProfileRefreshesUnderV3Too() {
        fake.close();
        fake = FakeHomeserver.builder().user("bot", "bot-password").room("alerts").member("bot", "alerts")
                .tokenLifetime(Duration.ofHours(1)).profile(io.mxnotify.fakehs.Profile.STRICT).start();
        password = fake.user("bot").password();
        deviceId = fake.user("bot").deviceId();
        room = RoomRef.parse(fake.room("#alerts:localhost").roomId());
        homeserver = URI.create(fake.baseUrl());
        logIn();
        try (Notifier notifier = notifierWithoutPassword(dir.resolve("spool"))) {
            fake.expireTokens("bot");
            SendResult result = notifier.send(room, Notification.of("strict"));
            assertTrue(result.delivered(), result.reason());
        }
        assertEquals(1, answered("/_matrix/client/v3/refresh", 200));
        assertTrue(fake.unmatchedRequests().isEmpty(), fake.unmatchedRequests().toString());
    }

    @Test
    void aRefusedRefreshFallsBackToALoginOnTheSameDevice() {
        logIn();
        fake.addFault(FaultRule.builder().method("POST").path("/refresh$").respond(401, "M_UNKNOWN_TOKEN").times(1)
                .build());
        try (Notifier notifier = notifierWithPassword(dir.resolve("spool"))) {
            fake.expireTokens("bot");
            SendResult result = notifier.send(room, Notification.of("after a refused refresh"));
            assertTrue(result.delivered(), result.reason());
        }
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
        assertEquals(2, answered("/login", 200));
        List<RecordedRequest> refreshes = fake.requests().stream().filter(r -> r.path().endsWith("/refresh")).toList();
        assertEquals(1, refreshes.size(), "the refused refresh was not repeated");
    }
}
