package io.mxnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.fakehs.FakeUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code login}, {@code whoami}, {@code join}, {@code logout}, {@code register}, {@code discover} in-process. */
class AccountCommandsTest {
    private static FakeWorld world;
    private final ObjectMapper json = new ObjectMapper();

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

    private Path config() {
        return home.resolve(".config/mxnotify/config.json");
    }

    private CliRunner runner() {
        return new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url());
    }

    @Test
    void loginStoresTheSessionOwnerOnlyPrintsNoTokenAndKeepsTheDeviceNextTime() throws Exception {
        FakeUser user = world.newUser();
        CliRunner.Result first = runner().terminal(user.password()).run("login", "--user", user.userId());
        assertEquals(0, first.exitCode(), first::toString);
        JsonNode stored = json.readTree(config().toFile());
        assertTrue(first.out().contains("logged in as " + user.userId() + " on device " + stored.get("device_id").asText()), first::toString);
        assertFalse(first.out().contains(stored.get("access_token").asText()), "no token unless asked: " + first);
        assertEquals(world.url(), stored.get("homeserver").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config().getParent())));

        CliRunner.Result again = runner().stdin(user.password() + "\n").run("login", "--user", user.localpart(), "--password-stdin", "--show-token");
        assertEquals(0, again.exitCode(), again::toString);
        JsonNode restored = json.readTree(config().toFile());
        assertEquals(stored.get("device_id").asText(), restored.get("device_id").asText(), "logging in again keeps the device");
        assertNotEquals(stored.get("access_token").asText(), restored.get("access_token").asText());
        assertTrue(again.out().contains("access token " + restored.get("access_token").asText()), again::toString);

        CliRunner.Result chosen = runner().stdin(user.password()).run("login", "--user", user.userId(), "--password-stdin", "--device-id", "CHOSEN");
        assertEquals(0, chosen.exitCode(), chosen::toString);
        assertEquals("CHOSEN", json.readTree(config().toFile()).get("device_id").asText());
    }

    @Test
    void loginFailuresHaveClearExitCodes() throws Exception {
        FakeUser user = world.newUser();
        CliRunner.Result wrong = runner().stdin("wrong password\n").run("login", "--user", user.userId(), "--password-stdin");
        assertEquals(77, wrong.exitCode(), wrong::toString);
        assertFalse(wrong.err().contains("wrong password"), wrong::toString);
        CliRunner.Result noTerminal = runner().run("login", "--user", user.userId());
        assertEquals(64, noTerminal.exitCode(), noTerminal::toString);
        assertTrue(noTerminal.err().contains("--password-stdin"), noTerminal::toString);
        CliRunner.Result noUser = runner().run("login");
        assertEquals(64, noUser.exitCode(), noUser::toString);
        CliRunner.Result noServer = new CliRunner(home).stdin("pw").run("login", "--user", "bot", "--password-stdin");
        assertEquals(78, noServer.exitCode(), noServer::toString);
        assertTrue(noServer.err().contains("--homeserver"), noServer::toString);
        Path open = FakeWorld.secretFile(home, "open", user.password(), "rw-rw-r--");
        CliRunner.Result readable = runner().run("login", "--user", user.userId(), "--password-file", open.toString());
        assertEquals(78, readable.exitCode(), readable::toString);
        CliRunner.Result down = new CliRunner(home).env("MXNOTIFY_HOMESERVER", "http://127.0.0.1:1").stdin("pw")
                .run("login", "--user", user.userId(), "--password-stdin");
        assertEquals(69, down.exitCode(), down::toString);
    }

    @Test
    void whoamiShowsUserDeviceAndExpiryAndOnlyShowsTheTokenWhenAsked() throws Exception {
        FakeUser user = world.newUser();
        assertEquals(0, runner().stdin(user.password()).run("login", "--user", user.userId(), "--password-stdin").exitCode());
        String device = json.readTree(config().toFile()).get("device_id").asText();
        CliRunner.Result me = new CliRunner(home).run("whoami");
        assertEquals(0, me.exitCode(), me::toString);
        assertTrue(me.out().contains("user        " + user.userId()), me::toString);
        assertTrue(me.out().contains("device      " + device), me::toString);
        assertTrue(me.out().contains("token       does not expire"), me::toString);
        assertFalse(me.out().contains("access token"), me::toString);
        CliRunner.Result shown = new CliRunner(home).run("whoami", "--show-token");
        assertTrue(shown.out().contains("access token " + json.readTree(config().toFile()).get("access_token").asText()), shown::toString);

        CliRunner.Result bad = new CliRunner(home).env("MXNOTIFY_ACCESS_TOKEN", "nope").run("whoami");
        assertEquals(77, bad.exitCode(), bad::toString);
    }

    @Test
    void joinPrintsTheRoomIdAndSavesTheDefaultRoom() throws Exception {
        FakeUser user = world.newUser();
        world.server.createRoom("builds");
        CliRunner runner = runner().env("MXNOTIFY_ACCESS_TOKEN", user.accessToken());
        CliRunner.Result joined = runner.run("join", "--save", "#builds:localhost");
        assertEquals(0, joined.exitCode(), joined::toString);
        assertEquals(world.server.room("#builds:localhost").roomId(), joined.out().strip(),
                "as its help says: the room id alone on stdout");
        assertTrue(joined.err().contains("joined #builds:localhost"), joined::toString);
        assertEquals("#builds:localhost", json.readTree(config().toFile()).get("room").asText());
        CliRunner.Result sent = runner.run("send", "to the saved room");
        assertEquals(0, sent.exitCode(), sent::toString);
        assertTrue(world.bodies("#builds:localhost").contains("to the saved room"));

        assertEquals(77, runner.run("join", FakeWorld.PRIVATE).exitCode());
        assertEquals(65, runner.run("join", "#missing:localhost").exitCode());
        assertEquals(65, runner.run("join", "not a room").exitCode());
    }

    @Test
    void logoutInvalidatesTheTokenAndRemovesItFromTheConfig() throws Exception {
        FakeUser user = world.newUser();
        assertEquals(0, runner().stdin(user.password()).run("login", "--user", user.userId(), "--password-stdin").exitCode());
        String device = json.readTree(config().toFile()).get("device_id").asText();
        String token = json.readTree(config().toFile()).get("access_token").asText();
        CliRunner.Result out = new CliRunner(home).run("logout");
        assertEquals(0, out.exitCode(), out::toString);
        JsonNode after = json.readTree(config().toFile());
        assertFalse(after.has("access_token"));
        assertEquals(device, after.get("device_id").asText());
        assertEquals(77, runner().env("MXNOTIFY_ACCESS_TOKEN", token).run("whoami").exitCode(), "the token is dead");
        assertEquals(78, new CliRunner(home).run("logout").exitCode(), "nothing left to log out");
        assertEquals(0, runner().stdin(user.password()).run("login", "--user", user.userId(), "--password-stdin").exitCode());
        assertEquals(device, json.readTree(config().toFile()).get("device_id").asText(), "the device id is reused");
    }

    @Test
    void afterLogoutNothingLogsInAgainByItselfUntilTheNextLogin() throws Exception {
        FakeUser user = world.newUser();
        Path passwordFile = FakeWorld.secretFile(home, "password", user.password(), "rw-------");
        CliRunner.Result login = runner().run("login", "--user", user.userId(), "--password-file", passwordFile.toString());
        assertEquals(0, login.exitCode(), login::toString);
        assertTrue(json.readTree(config().toFile()).has("password_file"));
        CliRunner.Result out = new CliRunner(home).run("logout");
        assertEquals(0, out.exitCode(), out::toString);
        assertTrue(out.out().contains("run 'mxnotify login'"), out::toString);
        assertFalse(json.readTree(config().toFile()).has("password_file"), "a logout forgets the password file too");
        int before = world.bodies(FakeWorld.ALERTS).size();
        CliRunner.Result send = new CliRunner(home).env("MXNOTIFY_ROOM", FakeWorld.ALERTS).run("send", "after logout");
        assertTrue(send.exitCode() != 0, send::toString);
        assertTrue(send.err().contains("mxnotify login"), send::toString);
        assertEquals(before, world.bodies(FakeWorld.ALERTS).size(), "nothing was sent as the logged-out account");
    }

    @Test
    void registerThenLoginLeavesOneDevice() throws Exception {
        Path secret = FakeWorld.secretFile(home, "secret", FakeWorld.SHARED_SECRET + "\n", "rw-------");
        CliRunner.Result created = runner().stdin("bot-pw\n").run("register", "--user", "onedevice",
                "--shared-secret-file", secret.toString(), "--password-stdin");
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(created.out().contains("logged out registration's device"), created::toString);
        assertEquals(List.of(), world.server.deviceIds("onedevice"), "registration leaves no live device behind");
        CliRunner.Result login = runner().stdin("bot-pw\n").run("login", "--user", "@onedevice:localhost", "--password-stdin");
        assertEquals(0, login.exitCode(), login::toString);
        assertEquals(1, world.server.deviceIds("onedevice").size());

        CliRunner.Result withLogin = runner().stdin("bot-pw\n").run("register", "--user", "twodevice",
                "--shared-secret-file", secret.toString(), "--password-stdin", "--login");
        assertEquals(0, withLogin.exitCode(), withLogin::toString);
        assertEquals(0, runner().stdin("bot-pw\n").run("login", "--user", "@twodevice:localhost", "--password-stdin")
                .exitCode());
        assertEquals(1, world.server.deviceIds("twodevice").size(), "login reuses the device registration opened");
    }

    @Test
    void registerCreatesAUserWithTheSharedSecret() throws Exception {
        Path secret = FakeWorld.secretFile(home, "secret", FakeWorld.SHARED_SECRET + "\n", "rw-------");
        CliRunner.Result created = runner().stdin("new-password\n").run("register", "--user", "@newbot:localhost",
                "--shared-secret-file", secret.toString(), "--password-stdin", "--login");
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(created.out().contains("registered @newbot:localhost"), created::toString);
        assertEquals("@newbot:localhost", json.readTree(config().toFile()).get("user_id").asText());
        assertEquals(0, new CliRunner(home).run("whoami").exitCode());

        CliRunner.Result viaEnv = runner().env("MXNOTIFY_REGISTRATION_SECRET", FakeWorld.SHARED_SECRET).stdin("pw\n")
                .run("register", "--user", "adminbot", "--admin", "--password-stdin");
        assertEquals(0, viaEnv.exitCode(), viaEnv::toString);
        assertTrue(viaEnv.out().contains("(server admin)"), viaEnv::toString);

        CliRunner.Result taken = runner().env("MXNOTIFY_REGISTRATION_SECRET", FakeWorld.SHARED_SECRET).stdin("pw\n")
                .run("register", "--user", "adminbot", "--password-stdin");
        assertEquals(65, taken.exitCode(), taken::toString);
        CliRunner.Result wrongSecret = runner().env("MXNOTIFY_REGISTRATION_SECRET", "wrong").stdin("pw\n")
                .run("register", "--user", "other", "--password-stdin");
        assertEquals(77, wrongSecret.exitCode(), wrongSecret::toString);
        CliRunner.Result noSecret = runner().stdin("pw\n").run("register", "--user", "other", "--password-stdin");
        assertEquals(78, noSecret.exitCode(), noSecret::toString);
        assertTrue(noSecret.err().contains("MXNOTIFY_REGISTRATION_SECRET"), noSecret::toString);
        Path open = FakeWorld.secretFile(home, "open-secret", FakeWorld.SHARED_SECRET, "rw-r--r--");
        CliRunner.Result readable = runner().stdin("pw\n").run("register", "--user", "other", "--password-stdin",
                "--shared-secret-file", open.toString());
        assertEquals(78, readable.exitCode(), readable::toString);
        assertFalse(readable.err().contains(FakeWorld.SHARED_SECRET), readable::toString);
    }

    @Test
    void discoverPrintsTheBaseUrlAndSaysWhyWhenVerbose() {
        String serverName = "localhost:" + world.server.port();
        CliRunner.Result found = new CliRunner(home).run("discover", "--http", serverName);
        assertEquals(0, found.exitCode(), found::toString);
        assertTrue(found.out().strip().startsWith("http://"), found::toString);
        assertTrue(found.err().isEmpty(), found::toString);
        CliRunner.Result verbose = new CliRunner(home).run("discover", "--http", "--verbose", "@bot:" + serverName);
        assertEquals(0, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.err().contains("/.well-known/matrix/client"), verbose::toString);
        assertTrue(verbose.err().contains("found through"), verbose::toString);
        CliRunner.Result nothing = new CliRunner(home).run("discover", "--http", "127.0.0.1:1");
        assertEquals(69, nothing.exitCode(), nothing::toString);
        CliRunner.Result bad = new CliRunner(home).run("discover", "not a server name!");
        assertEquals(65, bad.exitCode(), bad::toString);
    }
}
