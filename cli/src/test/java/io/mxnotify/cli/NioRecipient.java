package io.mxnotify.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * matrix-nio with libolm (Debian's python3-matrix-nio and python3-olm, installed by
 * {@code .ci/setup.d/olm.sh}) as a recipient device of an encrypted room: a real client nobody here wrote,
 * decrypting what mxnotify sent. Skipped with the reason where it is missing, failed in CI ({@code CI=true}).
 */
final class NioRecipient implements AutoCloseable {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    final String deviceId;

    /** Starts a recipient that logs in as {@code user}, joins the room and decrypts up to {@code expected} messages. */
    NioRecipient(String homeserver, String user, String password, String roomId, Path store, int expected, int seconds)
            throws IOException, InterruptedException {
        requireNio();
        Path script;
        try {
            script = Path.of(NioRecipient.class.getResource("/e2ee/nio_recipient.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Files.createDirectories(store);
        process = new ProcessBuilder(PYTHON.toString(), script.toString(), homeserver, user, password, roomId,
                store.toString(), Integer.toString(expected), Integer.toString(seconds)).start();
        Thread out = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(JSON.readTree(line));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "nio-stdout");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(() -> {
            try {
                String text = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (stderr) {
                    stderr.append(text);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "nio-stderr");
        err.setDaemon(true);
        err.start();
        JsonNode first = lines.poll(120, TimeUnit.SECONDS);
        if (first == null || !first.has("ready")) {
            close();
            throw new AssertionError("matrix-nio did not get ready: " + first + " " + stderrText());
        }
        deviceId = first.get("ready").asText();
    }

    static void requireNio() {
        String missing = null;
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import nio, olm").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                missing = "python3-matrix-nio and python3-olm are not installed for " + PYTHON;
            }
        } catch (IOException e) {
            missing = "no " + PYTHON + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            missing = "interrupted";
        }
        if (missing != null) {
            String message = missing + "; install them with: sudo bash .ci/setup.d/olm.sh";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI must run the end-to-end encryption tests with matrix-nio: " + message);
            }
            Assumptions.assumeTrue(false, message);
        }
    }

    /** Every line after ready until {@code done}: decrypted messages and undecryptable events. */
    List<JsonNode> awaitDone() throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        while (true) {
            JsonNode line = lines.poll(180, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("matrix-nio did not finish; so far " + out + " " + stderrText());
            }
            if (line.has("done")) {
                return out;
            }
            if (line.has("error")) {
                throw new AssertionError("matrix-nio: " + line.get("error").asText() + " " + stderrText());
            }
            out.add(line);
        }
    }

    /** The decrypted bodies among {@code lines}, in order. */
    static List<String> bodies(List<JsonNode> lines) {
        List<String> bodies = new ArrayList<>();
        lines.stream().filter(l -> l.has("body")).forEach(l -> bodies.add(l.get("body").asText()));
        return bodies;
    }

    String stderrText() {
        synchronized (stderr) {
            return stderr.length() > 4000 ? stderr.substring(stderr.length() - 4000) : stderr.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
