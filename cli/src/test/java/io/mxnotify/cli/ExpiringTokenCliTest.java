package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.core.Secret;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.client.MatrixException;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.RoomEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxnotify login}, {@code whoami}, {@code send} and {@code queue flush} against a fake home server
 * whose access tokens live two seconds: the session in {@code config.json} is the shared credential store.
 */
class ExpiringTokenCliTest {
    private static final String ROOM = "#alerts:localhost";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private FakeHomeserver fake;
    private String password;
    private String deviceId;

    @BeforeEach
    void start() {
        fake = FakeHomeserver.builder().user("bot", "bot-password").room("alerts").member("bot", "alerts")
                .tokenLifetime(Duration.ofSeconds(2)).start();
        password = fake.user("bot").password();
        deviceId = fake.user("bot").deviceId();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRunner runner() {
        return new CliRunner(home).env("MXNOTIFY_HOMESERVER", fake.baseUrl()).env("MXNOTIFY_ROOM", ROOM);
    }

    private Path config() {
        return home.resolve(".config/mxnotify/config.json");
    }

    private JsonNode stored() throws IOException {
        return JSON.readTree(Files.readString(config()));
    }

    private void login(String... extra) {
        List<String> args = new ArrayList<>(List.of("login", "--user", "@bot:localhost", "--device-id", deviceId));
        args.addAll(List.of(extra));
        if (!args.contains("--password-file")) {
            args.add("--password-stdin");
        }
        CliRunner.Result result = runner().stdin(password + "\n").run(args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::toString);
    }

    private List<String> bodies() {
        return fake.room(ROOM).events().stream().filter(e -> e.type().equals("m.room.message")).map(RoomEvent::body)
                .toList();
    }

    private long answered(String suffix, int status) {
        return fake.requests().stream().filter(r -> r.path().endsWith(suffix) && r.status() == status).count();
    }

    /** Polls the server with the stored token until it answers that the token expired. */
    private void awaitStoredTokenExpiry() throws IOException {
        MatrixClient client = MatrixClient.builder(fake.baseUrl()).build()
                .withAccessToken(Secret.of(stored().path("access_token").asText()));
        await("the stored token to expire", () -> {
            try {
                client.whoami();
                return false;
            } catch (MatrixException e) {
                return e.kind() == io.mxnotify.core.client.FailureKind.UNKNOWN_TOKEN;
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
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void loginStoresARefreshTokenAndWhoamiRenewsAndShowsTheDeviceAndExpiryButNoToken() throws Exception {
        CliRunner.Result login = runner().stdin(password + "\n")
                .run("login", "--user", "@bot:localhost", "--device-id", deviceId, "--password-stdin");
        assertEquals(0, login.exitCode(), login::toString);
        assertTrue(login.out().contains("the token expires at"), login::toString);
        JsonNode first = stored();
        assertTrue(first.hasNonNull("refresh_token") && first.hasNonNull("expires_at"), first::toString);
        assertFalse(login.out().contains(first.path("access_token").asText()), "no token printed");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config())));

        awaitStoredTokenExpiry();
        CliRunner.Result whoami = runner().run("whoami");
        assertEquals(0, whoami.exitCode(), whoami::toString);
        assertTrue(whoami.out().contains("device      " + deviceId), whoami::toString);
        assertTrue(whoami.out().contains("token       expires at"), whoami::toString);
        JsonNode renewed = stored();
        assertNotEquals(first.path("access_token").asText(), renewed.path("access_token").asText());
        for (JsonNode session : List.of(first, renewed)) {
            assertFalse(whoami.out().contains(session.path("access_token").asText()), whoami::toString);
            assertFalse(whoami.out().contains(session.path("refresh_token").asText()), whoami::toString);
        }
        CliRunner.Result shown = runner().run("whoami", "--show-token");
        assertTrue(shown.out().contains(stored().path("access_token").asText()), "shown when asked");
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
    }

    @Test
    void aNotificationQueuedBeforeExpiryIsDeliveredAfterIt() throws Exception {
        login();
        CliRunner.Result spooled = runner().run("send", "--no-wait", "queued before expiry");
        assertEquals(0, spooled.exitCode(), spooled::toString);
        awaitStoredTokenExpiry();
        CliRunner.Result flushed = runner().run("queue", "flush");
        assertEquals(0, flushed.exitCode(), flushed::toString);
        assertEquals(List.of("queued before expiry"), bodies());
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
        assertEquals(1, answered("/login", 200));
    }

    @Test
    void concurrentSendProcessesAndThreadsAcrossExpiriesDeliverExactlyOnceOnOneDevice() throws Exception {
        login();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<String> expected = new HashSet<>();
        for (int wave = 0; wave < 2; wave++) {
            awaitStoredTokenExpiry(); // every sender of this wave starts with an expired token
            List<Future<String>> sends = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String process = "wave " + wave + " process " + i;
                Path spool = home.resolve("spool-" + wave + "-p" + i);
                sends.add(pool.submit(sendProcess(process, spool)));
                String thread = "wave " + wave + " thread " + i;
                Path threadSpool = home.resolve("spool-" + wave + "-t" + i);
                sends.add(pool.submit(() -> {
                    CliRunner.Result result = runner().env("MXNOTIFY_SPOOL", threadSpool.toString()).run("send", thread);
                    assertEquals(0, result.exitCode(), result::toString);
                    return thread;
                }));
            }
            for (Future<String> send : sends) {
                expected.add(send.get(2, TimeUnit.MINUTES));
            }
        }
        pool.shutdown();
        List<String> bodies = bodies();
        assertEquals(expected.size(), bodies.size(), "each notification exactly once: " + bodies);
        assertEquals(expected, new HashSet<>(bodies));
        assertEquals(List.of(deviceId), fake.deviceIds("bot"), "still one device");
        assertEquals(1, answered("/login", 200), "renewed by refreshing, never by logging in");
        assertEquals(0, answered("/refresh", 401), "no refresh token was spent twice");
        assertTrue(answered("/refresh", 200) >= 2, "refreshed in each wave");
    }

    private Callable<String> sendProcess(String message, Path spool) {
        return () -> {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "send", message)
                    .redirectErrorStream(true);
            builder.environment().keySet().removeIf(name -> name.startsWith("MXNOTIFY_") || name.startsWith("XDG_"));
            builder.environment().put("HOME", home.toString());
            builder.environment().put("MXNOTIFY_HOMESERVER", fake.baseUrl());
            builder.environment().put("MXNOTIFY_ROOM", ROOM);
            builder.environment().put("MXNOTIFY_SPOOL", spool.toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the send process finished");
            assertEquals(0, process.exitValue(), output);
            return message;
        };
    }

    @Test
    void aHardLogoutWithAPasswordFileLogsInAgainOnTheSameDevice() throws Exception {
        Path passwordFile = home.resolve("password");
        Files.writeString(passwordFile, password + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        login("--password-file", passwordFile.toString());
        assertEquals(0, runner().run("send", "one").exitCode());
        fake.revokeTokens("bot");
        CliRunner.Result second = runner().run("send", "two");
        assertEquals(0, second.exitCode(), second::toString);
        assertEquals(List.of("one", "two"), bodies());
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
        assertEquals(deviceId, stored().path("device_id").asText());
    }

    @Test
    void aHardLogoutWithoutAPasswordExits77KeepsTheNotificationAndDeliversItAfterLogin() throws Exception {
        login();
        assertEquals(0, runner().run("send", "one").exitCode());
        fake.revokeTokens("bot");
        CliRunner.Result refused = runner().run("send", "two");
        assertEquals(77, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("mxnotify login"), refused::toString);
        assertTrue(refused.err().contains("queued"), refused::toString);
        CliRunner.Result listed = runner().run("queue", "list");
        assertTrue(listed.out().contains("two") || listed.out().contains("1"), listed::toString);
        assertEquals(List.of("one"), bodies());

        login();
        CliRunner.Result flushed = runner().run("queue", "flush");
        assertEquals(0, flushed.exitCode(), flushed::toString);
        assertEquals(List.of("one", "two"), bodies());
        assertEquals(List.of(deviceId), fake.deviceIds("bot"));
    }

    @Test
    void serveTakesATokenLifetime() {
        DurationConverter durations = new DurationConverter();
        assertEquals(Duration.ofSeconds(2), durations.convert("2s"));
        assertEquals(Duration.ofMillis(1500), durations.convert("1500ms"));
        assertEquals(Duration.ofMinutes(5), durations.convert("PT5M"));
        CliRunner.Result bad = runner().run("serve", "--token-lifetime", "soon", "--port", "0");
        assertEquals(64, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("1500ms, 2s"), bad::toString);
    }
}
