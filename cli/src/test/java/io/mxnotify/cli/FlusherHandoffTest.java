package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.delivery.FlushReport;
import io.mxnotify.core.delivery.HomeserverAccount;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.delivery.internal.HomeserverGateway;
import io.mxnotify.core.delivery.internal.MatrixClientGateway;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.RoomEvent;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Across processes: while this JVM holds the spool's flusher lock (its delivery held in mid-send), a real
 * {@code mxnotify send} process spools a notification, finds the lock taken and answers "queued" (exit
 * 75). The flusher, once released, delivers that notification too before it gives up the lock: nobody
 * has to run another flush.
 */
class FlusherHandoffTest {

    @Test
    void aNotificationSpooledByAnotherProcessDuringAFlushIsDeliveredByThatFlush(@TempDir Path home) throws Exception {
        Path spool = home.resolve("spool");
        try (FakeHomeserver fake = FakeHomeserver.builder().user("bot", "bot-password").room("alerts")
                .member("bot", "alerts").start()) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:" + fake.serverName()).roomId();
            HomeserverAccount account = HomeserverAccount.withToken(URI.create(fake.baseUrl()),
                    Secret.of(bot.accessToken()));
            CountDownLatch inSend = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            HomeserverGateway real = new MatrixClientGateway(MatrixClient.builder(fake.baseUrl()).build(), account,
                    login -> { });
            HomeserverGateway held = new HomeserverGateway() {
                @Override
                public String send(String room, String txnId, ObjectNode content) {
                    if (inSend.getCount() > 0) {
                        inSend.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return real.send(room, txnId, content);
                }

                @Override
                public String join(String roomIdOrAlias) {
                    return real.join(roomIdOrAlias);
                }

                @Override
                public java.util.Optional<ObjectNode> roomEncryption(String roomId) {
                    return real.roomEncryption(roomId);
                }

                @Override
                public boolean canLogInAgain() {
                    return false;
                }

                @Override
                public void logInAgain() {
                    real.logInAgain();
                }

                @Override
                public String accountDescription() {
                    return real.accountDescription();
                }
            };
            try (Notifier notifier = Notifier.builder(spool, account).gateway(held).build()) {
                notifier.spool().enqueue(roomId, new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("msgtype", "m.notice").put("body", "first"));
                CompletableFuture<FlushReport> flushing = CompletableFuture.supplyAsync(notifier::flush);
                assertTrue(inSend.await(60, TimeUnit.SECONDS), "the flush did not start delivering");

                Path log = home.resolve("send.log");
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "send", "second"));
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().keySet().removeIf(name -> name.startsWith("MXNOTIFY_") || name.startsWith("XDG_"));
                builder.environment().put("HOME", home.toString());
                builder.environment().put("MXNOTIFY_HOMESERVER", fake.baseUrl());
                builder.environment().put("MXNOTIFY_ACCESS_TOKEN", bot.accessToken());
                builder.environment().put("MXNOTIFY_ROOM", roomId);
                builder.environment().put("MXNOTIFY_SPOOL", spool.toString());
                Process sender = builder.start();
                assertTrue(sender.waitFor(300, TimeUnit.SECONDS), "mxnotify send did not end");
                String output = Files.readString(log);
                assertEquals(75, sender.exitValue(), output);
                assertTrue(output.contains("another process"), output);

                release.countDown();
                FlushReport report = flushing.get(60, TimeUnit.SECONDS);
                assertEquals(2, report.delivered().size(), report.toString());
                assertEquals(0, report.stillQueued(), report.toString());
            }
            List<String> bodies = new ArrayList<>();
            for (RoomEvent event : fake.events(roomId)) {
                if ("m.room.message".equals(event.type())) {
                    bodies.add(event.content().path("body").asText());
                }
            }
            assertEquals(List.of("first", "second"), bodies);
        }
    }
}
