package io.mxnotify.cli.internal;

import io.mxnotify.cli.Cli;
import io.mxnotify.cli.CliContext;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The representative run behind the class data sharing archive built at package time
 * ({@code java -XX:ArchiveClassesAtExit=mxnotify.jsa -cp mxnotify.jar io.mxnotify.cli.internal.StartupTraining}):
 * starts the fake home server as {@code serve} does, then runs {@code send} (delivered, then queued),
 * {@code queue list --json}, {@code queue flush} and {@code --help} against it, so that every class those
 * paths load is archived and later runs map them instead of loading and verifying them from the jar.
 * Not for users; touches nothing outside a temporary directory.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Files.createTempDirectory("mxnotify-training-");
        try (FakeHomeserver server = FakeHomeserver.builder().user("bot", "bot-password").room("alerts")
                .member("bot", "alerts").start()) {
            FakeUser bot = server.user("bot");
            Map<String, String> env = Map.of("HOME", home.toString(), "MXNOTIFY_HOMESERVER", server.baseUrl(),
                    "MXNOTIFY_ACCESS_TOKEN", bot.accessToken(), "MXNOTIFY_ROOM", "#alerts:" + server.serverName());
            run(env, "send", "--subject", "training", "class data sharing **archive**");
            run(env, "send", "--room", server.room("#alerts:" + server.serverName()).roomId(), "by room id");
            run(Map.of("HOME", home.toString(), "MXNOTIFY_HOMESERVER", "http://127.0.0.1:1", "MXNOTIFY_ACCESS_TOKEN", "t",
                    "MXNOTIFY_ROOM", "#alerts:localhost"), "send", "--patience", "0", "queued");
            run(env, "queue", "list", "--json");
            run(env, "queue", "flush");
            run(env, "--help");
            run(env, "send", "--help");
        } finally {
            deleteTree(home);
        }
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
