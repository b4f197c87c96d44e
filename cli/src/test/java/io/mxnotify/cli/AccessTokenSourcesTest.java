package io.mxnotify.cli;

import io.mxnotify.fakehs.FakeUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access token from {@code --access-token-file} / {@code MXNOTIFY_ACCESS_TOKEN_FILE} (a 0600 file, checked
 * like the password file), and a warning when {@code --access-token} puts it in the process list.
 */
class AccessTokenSourcesTest {
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

    private CliRunner runner() {
        return new CliRunner(home).env("MXNOTIFY_HOMESERVER", world.url()).env("MXNOTIFY_ROOM", FakeWorld.ALERTS);
    }

    private Path tokenFile(FakeUser user, String mode) throws Exception {
        Path file = home.resolve("token");
        Files.writeString(file, user.accessToken() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void aTokenFileIsReadAndNoWarningGiven() throws Exception {
        FakeUser user = world.newUser();
        CliRunner.Result r = runner().run("send", "--access-token-file", tokenFile(user, "rw-------").toString(), "from a file");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.err().contains("warning"), r::toString);
    }

    @Test
    void theTokenFileCanComeFromTheEnvironment() throws Exception {
        FakeUser user = world.newUser();
        CliRunner.Result r = runner().env("MXNOTIFY_ACCESS_TOKEN_FILE", tokenFile(user, "rw-------").toString())
                .run("send", "from the environment's file");
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    void aTokenFileOthersCanReadIsRefused() throws Exception {
        FakeUser user = world.newUser();
        Path file = tokenFile(user, "rw-r--r--");
        CliRunner.Result r = runner().run("send", "--access-token-file", file.toString(), "hello");
        assertEquals(ExitStatus.CONFIG.code(), r.exitCode(), r::toString);
        assertTrue(r.err().contains("chmod 600 " + file), r::toString);
        assertFalse(r.err().contains(user.accessToken()), r::toString);
    }

    @Test
    void theFlagWarnsThatPsShowsIt() {
        FakeUser user = world.newUser();
        CliRunner.Result r = runner().run("send", "--access-token", user.accessToken(), "hello");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.err().contains("warning: --access-token shows the token to every user of this machine"), r::toString);
        assertTrue(r.err().contains("--access-token-file"), r::toString);
    }

    @Test
    void bothFlagsAreAUsageError() throws Exception {
        FakeUser user = world.newUser();
        CliRunner.Result r = runner().run("send", "--access-token", user.accessToken(), "--access-token-file",
                tokenFile(user, "rw-------").toString(), "hello");
        assertEquals(ExitStatus.USAGE.code(), r.exitCode(), r::toString);
    }
}
