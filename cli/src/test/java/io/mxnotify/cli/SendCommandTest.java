package io.mxnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RoomEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mxnotify send} in-process against a fake home server: every option, input and exit code. */
class SendCommandTest {
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

    private List<RoomEvent> messagesFrom(FakeUser user) {
        return world.server.room(FakeWorld.ALERTS).events().stream().filter(e -> e.sender().equals(user.userId())).toList();
    }

    @Test
    void deliversWithEveryFormattingOption() {
        FakeUser user = world.newUser();
        CliRunner.Result r = world.runnerFor(home, user).run("send", "--subject", "backup", "--link", "https://ci.example.org/42",
                "--text", "--markdown", "**failed** at", "<step 3>");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("delivered to " + FakeWorld.ALERTS + " as $"), r::toString);
        JsonNode content = messagesFrom(user).get(0).content();
        assertEquals("m.text", content.get("msgtype").asText());
        assertTrue(content.get("body").asText().contains("backup"), content::toString);
        assertTrue(content.get("body").asText().contains("https://ci.example.org/42"), content::toString);
        String html = content.get("formatted_body").asText();
        assertTrue(html.contains("<strong>failed</strong>"), html);
        assertTrue(html.contains("&lt;step 3&gt;"), html);
        assertTrue(html.contains("href=\"https://ci.example.org/42\""), html);
    }

    @Test
    void aNoticeByDefaultAndHtmlIsSanitized() {
        FakeUser user = world.newUser();
        CliRunner.Result r = world.runnerFor(home, user).run("send", "--html", "<b>bold</b><script>alert(1)</script>");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode content = messagesFrom(user).get(0).content();
        assertEquals("m.notice", content.get("msgtype").asText());
        assertTrue(content.get("formatted_body").asText().contains("<b>bold</b>"), content::toString);
        assertFalse(content.get("formatted_body").asText().contains("<script"), content::toString);
    }

    @Test
    void theMessageComesFromStandardInput() {
        FakeUser user = world.newUser();
        CliRunner.Result r = world.runnerFor(home, user).stdin("line one\nline two\n").run("send");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("line one\nline two", messagesFrom(user).get(0).body());
        CliRunner.Result dash = world.runnerFor(home, user).stdin("from a dash\n").run("send", "-");
        assertEquals(0, dash.exitCode(), dash::toString);
        assertEquals("from a dash", messagesFrom(user).get(1).body());
    }

    @Test
    void noMessageAndBadOptionsAreUsageErrors() {
        FakeUser user = world.newUser();
        CliRunner.Result empty = world.runnerFor(home, user).stdin("").run("send");
        assertEquals(64, empty.exitCode(), empty::toString);
        assertTrue(empty.err().contains("no message"), empty::toString);
        CliRunner.Result unknown = world.runnerFor(home, user).run("send", "--colour", "red", "hi");
        assertEquals(64, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("--colour"), unknown::toString);
        CliRunner.Result both = world.runnerFor(home, user).run("send", "--html", "--markdown", "hi");
        assertEquals(64, both.exitCode(), both::toString);
        assertTrue(messagesFrom(user).isEmpty());
    }

    @Test
    void missingSettingsExit78NamingEveryWayToGiveThem() {
        CliRunner.Result noRoom = new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url()).env("MXNOTIFY_ACCESS_TOKEN", "t").run("send", "hi");
        assertEquals(78, noRoom.exitCode(), noRoom::toString);
        assertTrue(noRoom.err().contains("--room") && noRoom.err().contains("MXNOTIFY_ROOM") && noRoom.err().contains("config.json"), noRoom::toString);
        CliRunner.Result noServer = new CliRunner(home).env("MXNOTIFY_ROOM", FakeWorld.ALERTS).run("send", "hi");
        assertEquals(78, noServer.exitCode(), noServer::toString);
        assertTrue(noServer.err().contains("--homeserver") && noServer.err().contains("MXNOTIFY_HOMESERVER"), noServer::toString);
        CliRunner.Result noToken = new CliRunner(home).env("MXNOTIFY_ROOM", FakeWorld.ALERTS).env("MXNOTIFY_HOMESERVER", world.url()).run("send", "hi");
        assertEquals(78, noToken.exitCode(), noToken::toString);
        assertTrue(noToken.err().contains("mxnotify login") && noToken.err().contains("MXNOTIFY_ACCESS_TOKEN"), noToken::toString);
        assertEquals(1, noToken.err().lines().count(), "one line per error: " + noToken);
    }

    @Test
    void anInvalidRoomIsBadInput() {
        FakeUser user = world.newUser();
        CliRunner.Result r = world.runnerFor(home, user).run("send", "--room", "alerts-without-sigil", "hi");
        assertEquals(65, r.exitCode(), r::toString);
        CliRunner.Result unknownAlias = world.runnerFor(home, user).run("send", "--room", "#nosuchroom:localhost", "hi");
        assertEquals(65, unknownAlias.exitCode(), unknownAlias::toString);
        assertTrue(unknownAlias.err().contains("given up"), unknownAlias::toString);
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheConfigFile() throws Exception {
        FakeUser user = world.newUser();
        world.server.createRoom("envroom");
        world.server.createRoom("flagroom");
        world.server.join(user.userId(), "#envroom:localhost");
        world.server.join(user.userId(), "#flagroom:localhost");
        Path config = home.resolve("config.json");
        Files.writeString(config, "{\"homeserver\":\"" + world.url() + "\",\"access_token\":\"" + user.accessToken()
                + "\",\"room\":\"" + FakeWorld.ALERTS + "\"}");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

        CliRunner fromConfig = new CliRunner(home);
        assertEquals(0, fromConfig.run("--config", config.toString(), "send", "to config room").exitCode());
        CliRunner withEnv = new CliRunner(home).env("MXNOTIFY_ROOM", "#envroom:localhost").env("MXNOTIFY_ACCESS_TOKEN", "wrong-but-overridden");
        CliRunner.Result env = withEnv.run("--config", config.toString(), "send", "--access-token", user.accessToken(), "to env room");
        assertEquals(0, env.exitCode(), env::toString);
        CliRunner.Result flag = withEnv.run("--config", config.toString(), "send", "--access-token", user.accessToken(),
                "--room", "#flagroom:localhost", "to flag room");
        assertEquals(0, flag.exitCode(), flag::toString);

        assertTrue(world.bodies(FakeWorld.ALERTS).contains("to config room"));
        assertEquals(List.of("to env room"), world.bodies("#envroom:localhost"));
        assertEquals(List.of("to flag room"), world.bodies("#flagroom:localhost"));
        CliRunner.Result envToken = withEnv.run("--config", config.toString(), "send", "--patience", "0", "env token wins over config");
        assertEquals(77, envToken.exitCode(), "the wrong token from the environment beats the config's: " + envToken);
    }

    @Test
    void tooLargeIsRefusedUnlessSplit() {
        FakeUser user = world.newUser();
        String huge = "x".repeat(50_000) + " " + "y".repeat(50_000);
        CliRunner.Result refused = world.runnerFor(home, user).stdin(huge).run("send");
        assertEquals(65, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("--split"), refused::toString);
        assertTrue(messagesFrom(user).isEmpty());
        CliRunner.Result split = world.runnerFor(home, user).stdin(huge).run("send", "--split");
        assertEquals(0, split.exitCode(), split::toString);
        List<RoomEvent> parts = messagesFrom(user);
        assertTrue(parts.size() >= 2, parts::toString);
        String joined = String.join("", parts.stream().map(RoomEvent::body).toList());
        assertEquals(50_000, joined.chars().filter(c -> c == 'x').count(), "every x arrives");
        assertEquals(50_000, joined.chars().filter(c -> c == 'y').count(), "every y arrives");
    }

    @Test
    void anUnreachableServerQueuesWith75AndAFlushDeliversLater() {
        FakeUser user = world.newUser();
        CliRunner down = world.runnerFor(home, user).env("MXNOTIFY_HOMESERVER", "http://127.0.0.1:1");
        CliRunner.Result queued = down.run("send", "--patience", "0", "while down");
        assertEquals(75, queued.exitCode(), queued::toString);
        assertTrue(queued.err().startsWith("mxnotify: queued ("), queued::toString);
        assertTrue(messagesFrom(user).isEmpty());

        CliRunner.Result flushed = world.runnerFor(home, user).run("queue", "flush");
        assertEquals(0, flushed.exitCode(), flushed::toString);
        assertTrue(messagesFrom(user).get(0).body().startsWith("while down"), messagesFrom(user)::toString);
    }

    @Test
    void aServerErrorQueuesAndTheNextSendDeliversBothInOrder() {
        FakeUser user = world.newUser();
        world.server.addFault(FaultRule.builder().method("PUT").path("/send/").respond(503, null).times(1).build());
        CliRunner.Result queued = world.runnerFor(home, user).run("send", "--patience", "0", "first");
        assertEquals(75, queued.exitCode(), queued::toString);
        CliRunner.Result second = world.runnerFor(home, user).run("send", "second");
        assertEquals(0, second.exitCode(), second::toString);
        List<String> bodies = messagesFrom(user).stream().map(RoomEvent::body).toList();
        assertEquals(2, bodies.size(), bodies::toString);
        // A failed attempt alone is not lateness: "first" waited seconds, not over the one-minute threshold.
        assertEquals(List.of("first", "second"), bodies);
    }

    @Test
    void aRejectedTokenWithoutPasswordIs77AndStaysQueuedUntilLogin() throws Exception {
        FakeUser user = world.newUser();
        CliRunner runner = world.runnerFor(home, user).env("MXNOTIFY_ACCESS_TOKEN", "not-a-valid-token");
        CliRunner.Result r = runner.run("send", "needs a login");
        assertEquals(77, r.exitCode(), r::toString);
        assertTrue(r.err().contains("mxnotify login"), r::toString);
        assertFalse(r.err().contains("not-a-valid-token"), "no secret on stderr: " + r);

        CliRunner loggedIn = new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url());
        CliRunner.Result login = loggedIn.stdin(user.password() + "\n").run("login", "--user", user.userId(), "--password-stdin");
        assertEquals(0, login.exitCode(), login::toString);
        CliRunner.Result flushed = loggedIn.run("queue", "flush");
        assertEquals(0, flushed.exitCode(), flushed::toString);
        assertTrue(messagesFrom(user).get(0).body().startsWith("needs a login"));
    }

    @Test
    void aRejectedTokenWithAPasswordFileLogsInAgainOnTheSameDeviceAndStoresTheNewToken() throws Exception {
        FakeUser user = world.newUser();
        Path passwordFile = FakeWorld.secretFile(home, "password", user.password() + "\n", "rw-------");
        CliRunner plain = new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url()).env("MXNOTIFY_ROOM", FakeWorld.ALERTS);
        assertEquals(0, plain.run("login", "--user", user.userId(), "--password-file", passwordFile.toString()).exitCode());
        ObjectMapper json = new ObjectMapper();
        Path config = home.resolve(".config/mxnotify/config.json");
        JsonNode before = json.readTree(config.toFile());
        assertEquals(passwordFile.toAbsolutePath().toString(), before.get("password_file").asText());

        world.server.addFault(FaultRule.builder().method("PUT").path("/send/").respond(401, "M_UNKNOWN_TOKEN").times(1).build());
        CliRunner.Result sent = plain.run("send", "after a re-login");
        assertEquals(0, sent.exitCode(), sent::toString);
        JsonNode after = json.readTree(config.toFile());
        assertEquals(before.get("device_id").asText(), after.get("device_id").asText(), "the same device");
        assertNotEquals(before.get("access_token").asText(), after.get("access_token").asText(), "the new token is stored");
        assertEquals(before.get("device_id").asText(), messagesFrom(user).get(0).deviceId());
        CliRunner.Result whoami = plain.run("whoami");
        assertEquals(0, whoami.exitCode(), "the stored token works: " + whoami);
    }

    @Test
    void userAndPasswordFileFromTheEnvironmentAreEnoughWithoutAToken() throws Exception {
        FakeUser user = world.newUser();
        Path passwordFile = FakeWorld.secretFile(home, "pw", user.password(), "rw-------");
        CliRunner.Result r = new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url()).env("MXNOTIFY_ROOM", FakeWorld.ALERTS)
                .env("MXNOTIFY_USER", user.userId()).env("MXNOTIFY_PASSWORD_FILE", passwordFile.toString())
                .run("send", "logged in by itself");
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("logged in by itself", messagesFrom(user).get(0).body());
    }

    @Test
    void aPasswordFileOthersCanReadIsRefused() throws Exception {
        FakeUser user = world.newUser();
        Path passwordFile = FakeWorld.secretFile(home, "pw", user.password(), "rw-r--r--");
        CliRunner.Result r = world.runnerFor(home, user).env("MXNOTIFY_USER", user.userId())
                .env("MXNOTIFY_PASSWORD_FILE", passwordFile.toString()).run("send", "hi");
        assertEquals(78, r.exitCode(), r::toString);
        assertTrue(r.err().contains("chmod 600 " + passwordFile), r::toString);
        assertFalse(r.err().contains(user.password()), r::toString);
    }

    @Test
    void aConfigFileWithATokenThatOthersCanReadIsRefused() throws Exception {
        Path config = FakeWorld.secretFile(home, "config.json", "{\"access_token\":\"secret-token\"}", "rw-r--r--");
        CliRunner.Result r = new CliRunner(home).run("--config", config.toString(), "send", "--room", FakeWorld.ALERTS, "hi");
        assertEquals(78, r.exitCode(), r::toString);
        assertTrue(r.err().contains("chmod 600"), r::toString);
        assertFalse(r.err().contains("secret-token"), r::toString);
    }

    @Test
    void forbiddenInARoomThatCannotBeJoinedIs77() {
        FakeUser user = world.newUser();
        CliRunner.Result r = world.runnerFor(home, user).run("send", "--room", FakeWorld.PRIVATE, "let me in");
        assertEquals(77, r.exitCode(), r::toString);
        assertTrue(r.err().contains("given up"), r::toString);
    }

    @Test
    void noWaitOnlySpoolsAndAFlushDelivers() {
        FakeUser user = world.newUser();
        CliRunner.Result r = new CliRunner(home).env("MXNOTIFY_ROOM", FakeWorld.ALERTS).run("send", "--no-wait", "later");
        assertEquals(0, r.exitCode(), "no credentials needed to spool: " + r);
        assertTrue(r.out().startsWith("spooled "), r::toString);
        assertTrue(messagesFrom(user).isEmpty());
        CliRunner.Result flushed = world.runnerFor(home, user).run("queue", "flush");
        assertEquals(0, flushed.exitCode(), flushed::toString);
        assertEquals("later", messagesFrom(user).get(0).body());
    }

    @Test
    void theSpoolFollowsXdgStateHomeAndMxnotifySpool() throws Exception {
        Path state = home.resolve("state");
        CliRunner.Result xdg = new CliRunner(home).env("XDG_STATE_HOME", state.toString()).env("MXNOTIFY_ROOM", FakeWorld.ALERTS)
                .run("send", "--no-wait", "in xdg");
        assertEquals(0, xdg.exitCode(), xdg::toString);
        try (Stream<Path> files = Files.list(state.resolve("mxnotify/spool"))) {
            assertEquals(1, files.filter(p -> p.getFileName().toString().endsWith(".json")).count());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("mxnotify/spool"))));
        Path custom = home.resolve("custom-spool");
        CliRunner.Result env = new CliRunner(home).env("MXNOTIFY_SPOOL", custom.toString()).env("MXNOTIFY_ROOM", FakeWorld.ALERTS)
                .run("send", "--no-wait", "in custom");
        assertEquals(0, env.exitCode(), env::toString);
        assertTrue(env.out().contains(custom.toString()), env::toString);
    }
}
