package io.mxnotify.cli.internal;

import io.mxnotify.cli.Cli;
import io.mxnotify.cli.CliContext;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The representative runs behind the start-up archives built at package time. Not for users; touches
 * nothing outside a temporary directory and 127.0.0.1.
 * <ul>
 *   <li>no argument ({@code -XX:ArchiveClassesAtExit=mxnotify.jsa}, JDK 17+): starts the fake home server
 *   in-process, then runs {@code send} (delivered, then queued), {@code queue list --json}, {@code queue flush}
 *   and {@code --help} against it, so that every class those paths load is archived;</li>
 *   <li>{@code client} ({@code -XX:AOTCacheOutput=mxnotify-client.aot}, JDK 25+): the same commands against
 *   a fake home server in a child process, so that the cache holds the client's classes only (a JDK 25
 *   AOT cache loads and links all its classes at start, so the server's classes would cost every send);</li>
 *   <li>{@code serve} ({@code -XX:AOTCacheOutput=mxnotify-serve.aot}): {@code serve} itself, answering the
 *   requests a client makes (versions, login, send, sync, the fake's own endpoints), then exits.</li>
 * </ul>
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "all" : args[0];
        Path home = Files.createTempDirectory("mxnotify-training-");
        try {
            switch (mode) {
                case "all" -> clientAgainstInProcessServer(home);
                case "client" -> clientAgainstChildServer(home);
                case "serve" -> serve(home);
                default -> throw new IllegalArgumentException("usage: StartupTraining [client|serve]");
            }
        } finally {
            deleteTree(home);
        }
        System.exit(0); // serve leaves its server's threads behind; the archive is written at exit
    }

    private static void clientAgainstInProcessServer(Path home) {
        try (FakeHomeserver server = FakeHomeserver.builder().user("bot", "bot-password").room("alerts")
                .member("bot", "alerts").start()) {
            FakeUser bot = server.user("bot");
            clientCommands(home, server.baseUrl(), bot.accessToken(), "#alerts:" + server.serverName(),
                    server.room("#alerts:" + server.serverName()).roomId());
        }
    }

    private static void clientAgainstChildServer(Path home) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.mxnotify.cli.Main", "serve", "--port", "0", "--user", "bot:bot-password", "--room", "alerts")
                .redirectErrorStream(true).start();
        try {
            Map<String, String> exports = readExports(child.getInputStream());
            String room = exports.get("MXNOTIFY_ROOM");
            String roomId = roomIdOf(exports.get("MXNOTIFY_HOMESERVER"), room);
            clientCommands(home, exports.get("MXNOTIFY_HOMESERVER"), exports.get("MXNOTIFY_ACCESS_TOKEN"), room, roomId);
        } finally {
            child.destroy();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    /** The {@code export NAME=value} lines {@code serve} prints once it listens. */
    private static Map<String, String> readExports(InputStream serveOutput) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(serveOutput, StandardCharsets.UTF_8));
        Map<String, String> exports = new HashMap<>();
        List<String> seen = new ArrayList<>();
        for (String line; (line = reader.readLine()) != null; ) {
            seen.add(line);
            String trimmed = line.strip();
            if (trimmed.startsWith("export ") && trimmed.contains("=")) {
                String[] kv = trimmed.substring("export ".length()).split("=", 2);
                exports.put(kv[0], kv[1].replace("'", ""));
            }
            if (exports.containsKey("MXNOTIFY_ROOM")) {
                return exports;
            }
        }
        throw new IllegalStateException("the training server did not start: " + String.join("\n", seen));
    }

    private static String roomIdOf(String baseUrl, String alias) throws IOException {
        String body = request("GET", baseUrl + "/_matrix/client/v3/directory/room/"
                + java.net.URLEncoder.encode(alias, StandardCharsets.UTF_8), null, null);
        int start = body.indexOf("\"room_id\"");
        int open = body.indexOf('"', body.indexOf(':', start) + 1);
        return body.substring(open + 1, body.indexOf('"', open + 1));
    }

    private static void clientCommands(Path home, String baseUrl, String token, String alias, String roomId) {
        Map<String, String> env = Map.of("HOME", home.toString(), "MXNOTIFY_HOMESERVER", baseUrl,
                "MXNOTIFY_ACCESS_TOKEN", token, "MXNOTIFY_ROOM", alias);
        for (int i = 0; i < 3; i++) {
            run(env, "send", "--subject", "training", "class data sharing **archive**");
            run(env, "send", "--room", roomId, "by room id");
        }
        run(Map.of("HOME", home.toString(), "MXNOTIFY_HOMESERVER", "http://127.0.0.1:1", "MXNOTIFY_ACCESS_TOKEN", "t",
                "MXNOTIFY_ROOM", "#alerts:localhost"), "send", "--patience", "0", "queued");
        run(env, "queue", "list", "--json");
        run(env, "queue", "flush");
        run(env, "--help");
        run(env, "send", "--help");
    }

    private static void serve(Path home) throws Exception {
        Path portFile = home.resolve("port");
        Thread server = new Thread(() -> run(Map.of("HOME", home.toString()), "serve", "--port", "0",
                "--port-file", portFile.toString(), "--user", "bot:bot-password", "--room", "alerts"), "training-serve");
        server.setDaemon(true);
        server.start();
        for (int i = 0; i < 600 && !Files.exists(portFile); i++) {
            Thread.sleep(50);
        }
        String base = "http://127.0.0.1:" + Files.readString(portFile).strip();
        for (int i = 0; i < 20; i++) {
            request("GET", base + "/_matrix/client/versions", null, null);
            String login = request("POST", base + "/_matrix/client/v3/login", null,
                    "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"bot\"},\"password\":\"bot-password\"}");
            String token = field(login, "access_token");
            String roomId = field(request("POST", base + "/_matrix/client/v3/join/%23alerts%3Alocalhost", token, "{}"), "room_id");
            String room = java.net.URLEncoder.encode(roomId, StandardCharsets.UTF_8);
            request("GET", base + "/_matrix/client/v3/account/whoami", token, null);
            request("PUT", base + "/_matrix/client/v3/rooms/" + room + "/send/m.room.message/training-" + i, token,
                    "{\"msgtype\":\"m.notice\",\"body\":\"training\"}");
            request("GET", base + "/_matrix/client/v3/sync?timeout=0", token, null);
            request("GET", base + "/_fake/v1/rooms/%23alerts%3Alocalhost/events", null, null);
            request("GET", base + "/_matrix/client/v3/rooms/" + room + "/send/unknown", token, null);
            request("POST", base + "/_matrix/client/v3/logout", token, "{}");
        }
    }

    private static String field(String json, String name) {
        int key = json.indexOf("\"" + name + "\"");
        int open = json.indexOf('"', json.indexOf(':', key) + 1);
        return json.substring(open + 1, json.indexOf('"', open + 1));
    }

    /** A request with the JDK's plain client; the body of any answer (error answers included). */
    private static String request(String method, String url, String token, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection(Proxy.NO_PROXY);
        c.setRequestMethod(method);
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream();
        return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void run(Map<String, String> env, String... args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        new Cli(new CliContext(env, InputStream.nullInputStream(), sink, sink, Clock.systemUTC())).execute(args);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
