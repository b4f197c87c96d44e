package io.mxnotify.cli;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mxnotify serve}: runs the fake home server in the foreground with a ready user and room. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        description = {"Run a fake Matrix home server in the foreground, with a ready user and room, and print how to send to it.",
                "Every option can also be set by an environment variable MXNOTIFY_SERVE_<OPTION> (e.g. MXNOTIFY_SERVE_PORT=0).", ""},
        footer = {"", "Examples:",
                "  mxnotify serve",
                "  mxnotify serve --port 0 --port-file /tmp/fake.port      # a free port, written once ready (CI)",
                "  mxnotify serve --user bot:s3cret --user alice:pw --room alerts --room builds",
                "  mxnotify serve --profile strict --seed 42 --config-file fake.json",
                "  mxnotify serve --registration-shared-secret s3cret      # for 'mxnotify register'",
                "  mxnotify serve --rate-limit 2:4 --retention-cap 1000",
                "  mxnotify serve --tls /tmp/fake-cert.pem                 # HTTPS with a self-signed certificate"})
final class ServeCommand implements Callable<Integer> {
    static final String DEFAULT_USER = "bot";
    static final String DEFAULT_PASSWORD = "bot-password";
    static final String DEFAULT_ROOM = "alerts";

    @ParentCommand
    private MxnotifyCommand parent;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8008",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}). Beyond loopback the"
                    + " /_fake/v1 control API and the web inbox need the admin token printed at start.")
    private String bind;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "Require the admin token in FILE (mode 0600) for /_fake/v1 and the web inbox, on any bind"
                    + " address (default: none on loopback, a new one printed at start beyond it).")
    private Path adminTokenFile;

    @Option(names = "--server-name", paramLabel = "NAME",
            description = "Server name in user ids and aliases (default: the seed file's, else localhost).")
    private String serverName;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD", split = ",",
            description = "A ready user, repeatable (default: " + DEFAULT_USER + ":" + DEFAULT_PASSWORD + "). The first is joined to every room.")
    private List<String> users = new ArrayList<>();

    @Option(names = "--room", paramLabel = "ALIAS", split = ",",
            description = "A ready public room, by alias localpart or full alias, repeatable (default: " + DEFAULT_ROOM + ").")
    private List<String> rooms = new ArrayList<>();

    @Option(names = "--config-file", paramLabel = "FILE",
            description = "A JSON seed file: users, rooms, memberships, server name, shared secret, rate limits, faults, retention cap.")
    private Path seedFile;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "synapse (lenient, like Synapse) or strict (only what the spec allows) (default: the seed file's, else synapse).")
    private String profile;

    @Option(names = "--seed", paramLabel = "N", description = "Make ids and tokens reproducible: same seed, same ids.")
    private Long seed;

    @Option(names = "--registration-shared-secret", paramLabel = "SECRET",
            description = "Enable Synapse's shared-secret registration (register_new_matrix_user) with this secret.")
    private String registrationSecret;

    @Option(names = "--port-file", paramLabel = "FILE", description = "Write the port to FILE once the server is ready.")
    private Path portFile;

    @Option(names = "--registration", description = "Let anyone create an account through /register (off by default, as on Synapse).")
    private boolean registration;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND[:BURST]",
            description = "Answer 429 M_LIMIT_EXCEEDED beyond this many requests per second per user (burst default: 2x, at least 1).")
    private String rateLimit;

    @Option(names = "--retention-cap", paramLabel = "EVENTS",
            description = "Keep at most this many events in memory, dropping the oldest (default: 10000).")
    private Integer retentionCap;

    @Option(names = "--device-warning-threshold", paramLabel = "DEVICES",
            description = "Warn when a user has more devices than this: a notifier that logs in on every run (default: 10).")
    private Integer deviceWarningThreshold;

    @Option(names = "--token-lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Access tokens of clients that log in with refresh_token: true expire after DURATION (2s, 5m, PT1H)"
                    + " and come with a refresh token; other clients' tokens never expire (default: nothing expires).")
    private java.time.Duration tokenLifetime;

    @Option(names = "--tls", paramLabel = "CERT_FILE",
            description = "Serve HTTPS with a self-signed certificate generated at start, written (PEM) to CERT_FILE for clients to trust.")
    private Path tlsCertificateFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.context().out();
        FakeHomeserver.Builder builder = FakeHomeserver.builder().port(port).bindAddress(bind);
        if (seedFile != null) {
            builder.seedFile(seedFile);
        }
        // Flags given on the command line (or by environment) win over the seed file; absent ones leave it be.
        if (profile != null) {
            builder.profile(Profile.parse(profile));
        }
        if (serverName != null) {
            builder.serverName(serverName);
        }
        if (seed != null) {
            builder.seed(seed);
        }
        if (registrationSecret != null) {
            builder.registrationSharedSecret(registrationSecret);
        }
        if (registration) {
            builder.registrationEnabled(true);
        }
        if (rateLimit != null) {
            applyRateLimit(builder);
        }
        if (retentionCap != null) {
            builder.retentionCap(retentionCap);
        }
        if (deviceWarningThreshold != null) {
            builder.deviceWarningThreshold(deviceWarningThreshold);
        }
        if (tlsCertificateFile != null) {
            builder.tls(tlsCertificateFile);
        }
        if (tokenLifetime != null) {
            builder.tokenLifetime(tokenLifetime);
        }
        if (adminTokenFile != null) {
            String token = new io.mxnotify.cli.config.SecretFile(adminTokenFile, "admin token").read().reveal();
            try {
                builder.adminToken(token);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitStatus.CONFIG, "the admin token file " + adminTokenFile + ": " + e.getMessage());
            }
        }
        List<String[]> userSpecs = new ArrayList<>();
        for (String spec : users.isEmpty() ? List.of(DEFAULT_USER + ":" + DEFAULT_PASSWORD) : users) {
            String[] parts = spec.split(":", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isEmpty()) {
                throw new CliException(ExitStatus.USAGE, "--user takes NAME:PASSWORD (e.g. --user bot:s3cret), got '"
                        + parts[0] + (parts.length == 2 ? ":***" : "") + "'");
            }
            builder.user(parts[0], parts[1]);
            userSpecs.add(parts);
        }
        List<String> roomAliases = rooms.isEmpty() ? List.of(DEFAULT_ROOM) : rooms;
        for (String room : roomAliases) {
            builder.room(room);
            builder.member(userSpecs.get(0)[0], room);
        }

        FakeHomeserver server;
        try {
            server = builder.start();
        } catch (IllegalStateException e) {
            throw new CliException(ExitStatus.UNAVAILABLE, e.getMessage()
                    + (port != 0 ? "; choose another with --port, or --port 0 for a free one" : ""));
        }
        try (server) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mxnotify-serve-shutdown"));
            FakeUser bot = server.user(userSpecs.get(0)[0]);
            String first = roomAliases.get(0);
            String alias = server.room(first.startsWith("#") ? first : "#" + first + ":" + server.serverName())
                    .summary().aliases().get(0);
            printInstructions(out, server, bot, userSpecs.get(0)[1], alias);
            if (!server.loopbackOnly()) {
                warnExposure(parent.context().err(), server);
            }
            if (portFile != null) {
                writePortFile(server.port());
            }
            server.awaitTermination();
        }
        return ExitStatus.OK.code();
    }

    private void applyRateLimit(FakeHomeserver.Builder builder) {
        String[] parts = rateLimit.split(":", 2);
        try {
            double perSecond = Double.parseDouble(parts[0]);
            int burst = parts.length == 2 ? Integer.parseInt(parts[1]) : Math.max(1, (int) Math.ceil(perSecond * 2));
            if (!(perSecond > 0) || burst < 1) {
                throw new NumberFormatException("not positive");
            }
            builder.rateLimit(perSecond, burst);
        } catch (NumberFormatException e) {
            throw new CliException(ExitStatus.USAGE, "--rate-limit takes PER_SECOND[:BURST] with positive numbers"
                    + " (e.g. --rate-limit 5 or --rate-limit 0.5:3), got '" + rateLimit + "'");
        }
    }

    /** Says on stderr what a bind beyond loopback exposes, and to whom. */
    private static void warnExposure(PrintWriter err, FakeHomeserver server) {
        err.println("warning: the fake home server listens beyond loopback (" + String.join(", ", server.listenUrls())
                + "): anyone who can reach these addresses can use its Matrix API (log in as the ready users with their"
                + " printed passwords, read and send messages, register when --registration is on). Its /_fake/v1"
                + " control API and web inbox need the admin token. Bind 127.0.0.1 unless other machines must reach it.");
        err.flush();
    }

    private void printInstructions(PrintWriter out, FakeHomeserver server, FakeUser bot, String password, String alias) {
        String url = server.baseUrl();
        String encodedAlias = URLEncoder.encode(alias, StandardCharsets.UTF_8);
        List<String> urls = server.listenUrls();
        out.println("mxnotify fake home server is listening on " + String.join(", ", urls) + "  (server name "
                + server.serverName() + ", profile " + server.profile().name().toLowerCase(java.util.Locale.ROOT) + ")");
        out.println();
        out.println("  user          " + bot.userId() + "  password " + password + "  device " + bot.deviceId());
        out.println("  access token  " + bot.accessToken());
        out.println("  room          " + alias + "  (" + server.room(alias).roomId() + "), " + bot.userId() + " has joined");
        String fragment = server.adminToken().map(token -> "#admin_token=" + token).orElse("");
        out.println("  web inbox     " + url + "/" + fragment);
        server.adminToken().ifPresent(token -> out.println("  admin token   " + token
                + "  (/_fake/v1 needs 'Authorization: Bearer <admin token>'; the inbox link above logs in with it)"));
        server.certificateFile().ifPresent(cert -> out.println("  certificate   " + cert
                + "  (self-signed: trust it, e.g. curl --cacert " + cert + ")"));
        out.println();
        out.println("Send to it from another terminal:");
        out.println();
        out.println("  export MXNOTIFY_HOMESERVER=" + url);
        out.println("  export MXNOTIFY_ACCESS_TOKEN=" + bot.accessToken());
        out.println("  export MXNOTIFY_ROOM='" + alias + "'");
        out.println("  ./mxnotify send \"Hello from mxnotify\"");
        out.println();
        out.println("or with curl:");
        out.println();
        out.println("  curl -X PUT -H 'Authorization: Bearer " + bot.accessToken() + "' -d '{\"msgtype\":\"m.text\",\"body\":\"hello\"}' \\");
        out.println("    '" + url + "/_matrix/client/v3/rooms/" + URLEncoder.encode(server.room(alias).roomId(), StandardCharsets.UTF_8)
                + "/send/m.room.message/txn-1'");
        out.println();
        out.println("See what arrived:  curl " + server.adminToken().map(token -> "-H 'Authorization: Bearer " + token + "' ")
                .orElse("") + "'" + url + "/_fake/v1/rooms/" + encodedAlias + "/events'");
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }

    private void writePortFile(int actualPort) throws IOException {
        Path target = portFile.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), ".port-", ".tmp");
        Files.writeString(temp, actualPort + "\n");
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
