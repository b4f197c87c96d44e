package io.mxnotify.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve}'s settings: a seed file's values hold unless a flag or environment variable says otherwise. */
class ServeSettingsTest {

    @Test
    void theSeedFileSetsServerNameAndProfile(@TempDir Path home) throws Exception {
        Path seed = writeSeed(home);
        String printed = firstLines(home, "serve", "--port", "0", "--config-file", seed.toString());
        assertTrue(printed.contains("(server name example.test, profile strict)"), printed);
        assertTrue(printed.contains("@bot:example.test"), printed);
    }

    @Test
    void flagsAndEnvironmentWinOverTheSeedFile(@TempDir Path home) throws Exception {
        Path seed = writeSeed(home);
        String printed = firstLines(home, "serve", "--port", "0", "--config-file", seed.toString(),
                "--server-name", "flag.test");
        assertTrue(printed.contains("(server name flag.test, profile strict)"), printed);

        CliProcess.Running fromEnvRun = new CliProcess(home).env("MXNOTIFY_SERVE_PROFILE", "synapse")
                .start("serve", "--port", "0", "--config-file", seed.toString());
        String fromEnvPrinted = untilReady(fromEnvRun);
        assertTrue(fromEnvPrinted.contains("(server name example.test, profile synapse)"), fromEnvPrinted);
    }

    private static Path writeSeed(Path dir) throws IOException {
        return Files.writeString(dir.resolve("fake.json"), "{\"server_name\": \"example.test\", \"profile\": \"strict\"}");
    }

    private static String firstLines(Path home, String... args) throws Exception {
        return untilReady(new CliProcess(home).start(args));
    }

    /** Waits until serve has printed its instructions, then stops it and returns what it printed. */
    private static String untilReady(CliProcess.Running running) {
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            String out = "";
            while (!out.contains("Press Ctrl+C to stop.")) {
                if (!running.process().isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("serve did not get ready:\n" + out + "\nstderr:\n" + Files.readString(running.err()));
                }
                Thread.sleep(50);
                out = Files.readString(running.out());
            }
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            running.process().destroy();
        }
    }
}
