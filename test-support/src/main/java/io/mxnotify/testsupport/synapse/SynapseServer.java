package io.mxnotify.testsupport.synapse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Synapse for one test class or run: a fresh data directory (config, signing key, SQLite database,
 * media store), a listener on 127.0.0.1 at a free port (client API only, no TLS, no federation), and a random
 * {@code registration_shared_secret}. {@link #stop()} and {@link #start()} take it down and up again on the
 * same port and database (an outage); {@link #close()} stops it and deletes the data directory.
 */
public final class SynapseServer implements AutoCloseable {
    /** The server name of every test Synapse: user ids are {@code @name:localhost}. */
    public static final String SERVER_NAME = "localhost";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final int PORT_ATTEMPTS = 3;

    private final SynapseInstallation installation;
    private final SynapseOptions options;
    private final Path dataDirectory;
    private final Path log;
    private final String registrationSecret;
    private final String macaroonSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;
    private Process process;
    /** Stops a server still running when the JVM exits (a test run cut short must not leave Synapse behind). */
    private Thread shutdownHook;

    private SynapseServer(SynapseInstallation installation, SynapseOptions options) throws IOException {
        this.installation = installation;
        this.options = options;
        this.dataDirectory = installation.newDataDirectory();
        this.log = dataDirectory.resolve("synapse.log");
        SecureRandom random = new SecureRandom();
        this.registrationSecret = hex(random, 24);
        this.macaroonSecret = hex(random, 24);
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        Files.writeString(dataDirectory.resolve("signing.key"),
                "ed25519 a_test " + Base64.getEncoder().withoutPadding().encodeToString(seed) + "\n");
    }

    /**
     * Starts the installation with the options and waits until it answers {@code /_matrix/client/versions}.
     *
     * @throws IllegalStateException with the end of Synapse's log when it does not come up
     */
    public static SynapseServer start(SynapseInstallation installation, SynapseOptions options) {
        SynapseServer server;
        try {
            server = new SynapseServer(installation, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a data directory for Synapse", e);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                server.port = freePort();
                try {
                    server.start();
                    return server;
                } catch (IllegalStateException e) {
                    if (attempt == PORT_ATTEMPTS || !server.logMentions("Address already in use")) {
                        throw e;
                    }
                }
            }
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts (again) on this server's port and database; waits until it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Synapse is already running at " + baseUrl());
        }
        try {
            Path config = dataDirectory.resolve("homeserver.yaml");
            Files.writeString(config, config());
            ProcessBuilder builder = installation.launch(installation.pathSeenBySynapse(config))
                    .directory(dataDirectory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
            Process started = process;
            shutdownHook = new Thread(started::destroyForcibly, "stop Synapse " + baseUrl());
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Synapse " + installation.version(), e);
        }
        awaitReady();
    }

    /** Stops the server (SIGTERM, then SIGKILL after a grace period); the data stays for {@link #start()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException exiting) {
            // the JVM is already shutting down: the hook runs anyway and finds the process gone
        }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Leftovers in a temporary directory do not fail a test that has finished.
        }
    }

    /** The client-server base URL, e.g. {@code http://127.0.0.1:40213}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The {@code registration_shared_secret} for {@code /_synapse/admin/v1/register}. */
    public String registrationSharedSecret() {
        return registrationSecret;
    }

    /** The installed version, e.g. {@code 1.160.0}. */
    public String version() {
        return installation.version();
    }

    /** The installation this server runs. */
    public SynapseInstallation installation() {
        return installation;
    }

    /** The options it was started with. */
    public SynapseOptions options() {
        return options;
    }

    /** The last lines of Synapse's log (for failure messages). */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return "Synapse " + installation.version() + " at " + baseUrl() + " (rate limits " + options.rateLimits() + ")";
    }

    private String config() {
        String dir = installation.pathSeenBySynapse(dataDirectory);
        return """
                server_name: "%s"
                pid_file: %s/homeserver.pid
                listeners:
                  - port: %d
                    bind_addresses: ['127.0.0.1']
                    type: http
                    tls: false
                    x_forwarded: false
                    resources:
                      - names: [client]
                        compress: false
                database:
                  name: sqlite3
                  args:
                    database: %s/homeserver.db
                media_store_path: %s/media_store
                signing_key_path: %s/signing.key
                registration_shared_secret: "%s"
                macaroon_secret_key: "%s"
                form_secret: "%s"
                report_stats: false
                enable_metrics: false
                trusted_key_servers: []
                suppress_key_server_warning: true
                """.formatted(SERVER_NAME, dir, port, dir, dir, dir, registrationSecret, macaroonSecret, macaroonSecret)
                + options.rateLimits().yaml() + options.extraConfig() + "\n";
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpRequest versions = HttpRequest.newBuilder(URI.create(baseUrl() + "/_matrix/client/versions"))
                .timeout(Duration.ofSeconds(5)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Synapse " + installation.version() + " exited with status "
                        + process.exitValue() + " before it answered; the end of its log:\n" + logTail(30));
            }
            try {
                if (http.send(versions, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Synapse", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Synapse", e);
            }
        }
        stop();
        throw new IllegalStateException("Synapse " + installation.version() + " did not answer /_matrix/client/versions"
                + " within " + READY_TIMEOUT.toSeconds() + " s; the end of its log:\n" + logTail(30));
    }

    private boolean logMentions(String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
