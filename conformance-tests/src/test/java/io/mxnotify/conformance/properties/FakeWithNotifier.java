package io.mxnotify.conformance.properties;

import io.mxnotify.core.Secret;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.delivery.DeliveryPolicy;
import io.mxnotify.core.delivery.HomeserverAccount;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An embedded fake home server with a bot user, and notifier-core pointed at it: a {@link MatrixClient}
 * with the bot's token and a {@link Notifier} on a fresh spool directory. One per property (or per try);
 * {@link #close()} stops the server and deletes the spool.
 */
final class FakeWithNotifier implements AutoCloseable {
    static final String BOT = "bot";
    static final String BOT_PASSWORD = "bot-password";

    private final FakeHomeserver fake;
    private final FakeUser bot;
    private final MatrixClient client;
    private final Path spoolDir;
    private Notifier notifier;

    FakeWithNotifier(FakeHomeserver.Builder builder) {
        this.fake = builder.user(BOT, BOT_PASSWORD).start();
        try {
            this.bot = fake.user(BOT);
            this.client = MatrixClient.builder(fake.baseUrl()).accessToken(Secret.of(bot.accessToken()))
                    .requestTimeout(Duration.ofSeconds(20)).build();
            this.spoolDir = Files.createTempDirectory("mxnotify-conformance-spool");
        } catch (IOException | RuntimeException e) {
            fake.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** A fake with just the bot. */
    static FakeWithNotifier start() {
        return new FakeWithNotifier(FakeHomeserver.builder());
    }

    FakeHomeserver fake() {
        return fake;
    }

    FakeUser bot() {
        return bot;
    }

    MatrixClient client() {
        return client;
    }

    /** The bot's account for a notifier: its token, and its password for logging in again on its device. */
    HomeserverAccount account() {
        return HomeserverAccount.withToken(URI.create(fake.baseUrl()), Secret.of(bot.accessToken()))
                .withPasswordLogin(BOT, Secret.of(BOT_PASSWORD), bot.deviceId());
    }

    /** The notifier on this fixture's spool (opened on first use) with the given policy. */
    Notifier notifier(DeliveryPolicy policy) {
        if (notifier == null) {
            notifier = Notifier.builder(spoolDir, account()).policy(policy)
                    .client(MatrixClient.builder(fake.baseUrl()).requestTimeout(Duration.ofSeconds(20)).build())
                    .build();
        }
        return notifier;
    }

    /** The notifier with default policy, sending with no patience (one try, then it answers). */
    Notifier notifier() {
        return notifier(DeliveryPolicy.defaults().withSendPatience(Duration.ZERO));
    }

    Path spoolDir() {
        return spoolDir;
    }

    @Override
    public void close() {
        try {
            if (notifier != null) {
                notifier.close();
            }
        } finally {
            fake.close();
            deleteTree(spoolDir);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "FakeWithNotifier[" + fake.baseUrl() + "]";
    }
}
