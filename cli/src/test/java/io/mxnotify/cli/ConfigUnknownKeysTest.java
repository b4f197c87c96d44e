package io.mxnotify.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key in config.json mxnotify does not know (a typo such as "homserver") is named in a warning, once. */
class ConfigUnknownKeysTest {
    @TempDir
    Path home;

    @Test
    void anUnknownKeyIsNamed() throws Exception {
        Path config = home.resolve("config.json");
        Files.writeString(config, "{\"homserver\":\"http://127.0.0.1:1\",\"room\":\"#a:localhost\",\"retries\":3}");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        CliRunner.Result r = new CliRunner(home).run("--config", config.toString(), "send", "--no-wait", "x");
        assertTrue(r.err().contains("has keys mxnotify does not know, ignored: homserver, retries"), r::toString);
        assertEquals(1, r.err().split("does not know", -1).length - 1, r::toString);
    }

    @Test
    void aFileWithKnownKeysOnlyGetsNoWarning() throws Exception {
        Path config = home.resolve("config.json");
        Files.writeString(config, "{\"homeserver\":\"http://127.0.0.1:1\",\"room\":\"#a:localhost\"}");
        CliRunner.Result r = new CliRunner(home).run("--config", config.toString(), "send", "--no-wait", "x");
        assertFalse(r.err().contains("does not know"), r::toString);
    }
}
