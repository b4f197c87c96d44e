package io.mxnotify.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve --admin-token-file}: the banner names the admin token, the inbox link carries it in the URL
 * fragment, and {@code /_fake/v1} answers only with it. (Beyond loopback a token is generated the same
 * way; tests bind loopback only, so {@code AdminApiExposureTest} covers the bind decision.)
 */
class ServeAdminTokenTest {
    private static final String TOKEN = "serve-admin-token-0123456789";

    @TempDir
    Path home;

    @Test
    void theBannerNamesTheTokenAndTheApiRequiresIt() throws Exception {
        Path file = home.resolve("admin-token");
        Files.writeString(file, TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        CliProcess.Running running = new CliProcess(home).start("serve", "--port", "0", "--admin-token-file", file.toString());
        try {
            String banner = untilReady(running);
            assertTrue(banner.contains("  admin token   " + TOKEN), banner);
            Matcher inbox = Pattern.compile("web inbox +(http://127\\.0\\.0\\.1:[0-9]+)/#admin_token=" + TOKEN).matcher(banner);
            assertTrue(inbox.find(), banner);
            assertTrue(banner.contains("-H 'Authorization: Bearer " + TOKEN + "'"), banner);
            HttpClient http = HttpClient.newHttpClient();
            URI users = URI.create(inbox.group(1) + "/_fake/v1/users");
            assertEquals(401, http.send(HttpRequest.newBuilder(users).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, http.send(HttpRequest.newBuilder(users).header("Authorization", "Bearer " + TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        } finally {
            running.process().destroy();
        }
    }

    @Test
    void aTokenFileOthersCanReadIsRefused() throws Exception {
        Path file = home.resolve("admin-token");
        Files.writeString(file, TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        CliProcess.Running running = new CliProcess(home).start("serve", "--port", "0", "--admin-token-file", file.toString());
        assertTrue(running.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(ExitStatus.CONFIG.code(), running.process().exitValue());
        assertTrue(Files.readString(running.err()).contains("chmod 600 " + file));
    }

    private static String untilReady(CliProcess.Running running) throws IOException, InterruptedException {
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
    }
}
