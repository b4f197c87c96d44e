package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * login, register, join, whoami and logout wait out a 429 whose retry_after_ms fits their patience, say
 * so on stderr, and succeed; a 429 asking for longer than {@link RateLimitWaits#PATIENCE} fails at once
 * with the server's answer.
 */
class AccountCommandRateLimitTest {
    private static FakeWorld world;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        world = new FakeWorld();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @AfterEach
    void clearFaults() {
        world.server.clearFaults();
    }

    private static void limitOnce(String method, String path) {
        world.server.addFault(FaultRule.builder().method(method).path(path).respond(429, "M_LIMIT_EXCEEDED")
                .retryAfterMs(300).times(1).build());
    }

    private static void assertWaited(CliRunner.Result r, String what) {
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("rate limited by the server (M_LIMIT_EXCEEDED) on " + what + "; waiting 0.3 s"),
                r::toString);
    }

    @Test
    void eachAccountCommandWaitsOutARateLimitThatFitsAndSaysSo() throws Exception {
        FakeUser user = world.newUser();
        CliRunner cli = new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url());
        limitOnce("POST", "/login");
        assertWaited(cli.stdin(user.password()).run("login", "--user", user.userId(), "--password-stdin"), "login");
        limitOnce("GET", "/account/whoami");
        assertWaited(new CliRunner(home).run("whoami"), "whoami");
        world.server.createRoom("ratelimited");
        limitOnce("POST", "/join/");
        CliRunner.Result join = new CliRunner(home).run("join", "#ratelimited:localhost");
        assertWaited(join, "join");
        assertEquals(world.server.room("#ratelimited:localhost").roomId(), join.out().strip());
        limitOnce("POST", "/logout");
        assertWaited(new CliRunner(home).run("logout"), "logout");

        Path secret = FakeWorld.secretFile(home, "secret", FakeWorld.SHARED_SECRET, "rw-------");
        limitOnce("POST", "/_synapse/admin/v1/register");
        assertWaited(new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url()).stdin("pw\n").run("register",
                "--user", "ratelimitedbot", "--shared-secret-file", secret.toString(), "--password-stdin"), "registration");
    }

    @Test
    void aRateLimitLongerThanThePatienceFailsAtOnceWithTheServersAnswer() {
        FakeUser user = world.newUser();
        world.server.addFault(FaultRule.builder().method("POST").path("/login").respond(429, "M_LIMIT_EXCEEDED")
                .retryAfterMs(RateLimitWaits.PATIENCE.toMillis() + 1_000).times(1).build());
        CliRunner.Result r = new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url()).stdin(user.password())
                .run("login", "--user", user.userId(), "--password-stdin");
        assertTrue(r.exitCode() != 0, r::toString);
        assertTrue(r.err().contains("M_LIMIT_EXCEEDED"), r::toString);
        assertTrue(!r.err().contains("waiting"), r::toString);
    }
}
