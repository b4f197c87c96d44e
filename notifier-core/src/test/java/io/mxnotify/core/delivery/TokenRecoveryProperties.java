package io.mxnotify.core.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.Secret;
import io.mxnotify.core.auth.FileCredentialStore;
import io.mxnotify.core.auth.SessionKeeper;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.Notification;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RoomEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import io.mxnotify.pbt.Generators;
import io.mxnotify.pbt.PropertyRun;
import io.mxnotify.pbt.StepSequence;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Failure-recovery schedules with dying tokens: sends from two "processes" sharing one credentials file,
 * mixed with token expiries (soft logouts), hard logouts, refreshes that fail (server error, rate limit,
 * connection dropped before or after the server rotated the tokens, refused), failing sends, restarts and
 * a person running {@code mxnotify login}. Afterwards every accepted notification is in its room exactly
 * once, in order per room and sender, the bot never had more than its one device, and no refresh token was
 * ever spent twice (the server never refused one it had not been told to refuse).
 */
class TokenRecoveryProperties {

    private static final DeliveryPolicy POLICY = DeliveryPolicy.defaults()
            .withBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(10)))
            .withSendPatience(Duration.ZERO)
            .withLateLabel(new LateLabel(false, Duration.ofMinutes(1), ZoneOffset.UTC));

    /** One step of a schedule. */
    enum Step {
        SEND, SEND_OTHER_PROCESS, FLUSH, EXPIRE, HARD_LOGOUT, REFRESH_FAILS_5XX, REFRESH_RATE_LIMITED,
        REFRESH_DROPPED_BEFORE, REFRESH_ANSWER_LOST, REFRESH_REFUSED, SEND_FAILS_5XX, RESTART, PERSON_LOGS_IN
    }

    /** A schedule, and whether the notifier has the bot's password (else only a token from the credentials file). */
    record Schedule(List<Step> steps, boolean passwordConfigured) implements StepSequence<Step, Schedule> {
        @Override
        public Schedule withSteps(List<Step> fewer) {
            return new Schedule(fewer, passwordConfigured);
        }

        @Override
        public String toString() {
            return (passwordConfigured ? "with password: " : "token only: ") + steps;
        }
    }

    static Gen<Schedule> schedules() {
        Gen<Step> step = Generate.frequency(List.of(
                weighted(6, Step.SEND), weighted(3, Step.SEND_OTHER_PROCESS), weighted(3, Step.FLUSH),
                weighted(3, Step.EXPIRE), weighted(2, Step.HARD_LOGOUT), weighted(1, Step.REFRESH_FAILS_5XX),
                weighted(1, Step.REFRESH_RATE_LIMITED), weighted(1, Step.REFRESH_DROPPED_BEFORE),
                weighted(2, Step.REFRESH_ANSWER_LOST), weighted(1, Step.REFRESH_REFUSED),
                weighted(1, Step.SEND_FAILS_5XX), weighted(1, Step.RESTART), weighted(1, Step.PERSON_LOGS_IN)));
        return Generators.listOf(step, 4, 24).zip(Generators.oneOf(false, true), Schedule::new);
    }

    private static Pair<Integer, Gen<Step>> weighted(int weight, Step step) {
        return Pair.of(weight, Generate.constant(step));
    }

    /** 15 tries; each run takes a second or so, so a failure shrinks within 80 further runs. */
    @Test
    void everyAcceptedNotificationArrivesOnceAndTheDeviceCountNeverGrows() {
        PropertyRun.checkSteps(15, 80, schedules(), TokenRecoveryProperties::runAndCheck);
    }

    private static void runAndCheck(Schedule schedule) {
        Path dir;
        try {
            dir = Files.createTempDirectory("mxnotify-token-property-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (World world = new World(dir, schedule.passwordConfigured())) {
            for (Step step : schedule.steps()) {
                world.apply(step);
                assertEquals(1, world.fake.deviceIds("bot").size(), "the device count grew after " + step);
            }
            world.finish();
            world.check();
        } finally {
            deleteTree(dir);
        }
    }

    /** The fake home server, two notifier "processes" sharing one credentials file, and the model. */
    private static final class World implements AutoCloseable {
        final FakeHomeserver fake;
        final Path dir;
        final boolean passwordConfigured;
        final String password;
        final String deviceId;
        final URI homeserver;
        final List<RoomRef> rooms = new ArrayList<>();
        /** What each sender had accepted, per room, in order. */
        final Map<String, List<String>> accepted = new HashMap<>();
        Notifier main;
        Notifier other;
        int counter;
        int restarts;

        World(Path dir, boolean passwordConfigured) {
            this.dir = dir;
            this.passwordConfigured = passwordConfigured;
            this.fake = FakeHomeserver.builder().user("bot", "bot-password").room("r1").room("r2")
                    .member("bot", "r1").member("bot", "r2").tokenLifetime(Duration.ofHours(1)).start();
            this.password = fake.user("bot").password();
            this.deviceId = fake.user("bot").deviceId();
            this.homeserver = URI.create(fake.baseUrl());
            rooms.add(RoomRef.parse(fake.room("#r1:localhost").roomId()));
            rooms.add(RoomRef.parse(fake.room("#r2:localhost").roomId()));
            personLogsIn();
            main = notifier("spool-main-0");
            other = notifier("spool-other");
        }

        FileCredentialStore store() {
            return new FileCredentialStore(dir.resolve("credentials.json"));
        }

        void personLogsIn() {
            SessionKeeper.builder(MatrixClient.builder(fake.baseUrl()).build(), store())
                    .passwordLogin("bot", Secret.of(password)).deviceId(deviceId).build().logIn();
        }

        Notifier notifier(String spool) {
            HomeserverAccount account = passwordConfigured
                    ? new HomeserverAccount(homeserver, Optional.empty(), Optional.of("bot"),
                    Optional.of(Secret.of(password)), Optional.of(deviceId))
                    : HomeserverAccount.withToken(homeserver, store().load().orElseThrow().accessToken());
            return Notifier.builder(dir.resolve(spool), account).policy(POLICY).credentialStore(store()).build();
        }

        void apply(Step step) {
            switch (step) {
                case SEND -> send(main, "main");
                case SEND_OTHER_PROCESS -> send(other, "other");
                case FLUSH -> main.flush();
                case EXPIRE -> fake.expireTokens("bot");
                case HARD_LOGOUT -> fake.revokeTokens("bot");
                case REFRESH_FAILS_5XX -> refreshFault(FaultRule.builder().respond(503, "M_UNKNOWN"));
                case REFRESH_RATE_LIMITED -> refreshFault(FaultRule.builder().respond(429, "M_LIMIT_EXCEEDED")
                        .retryAfterMs(5));
                case REFRESH_DROPPED_BEFORE -> refreshFault(FaultRule.builder()
                        .dropConnection(FaultRule.DropConnection.BEFORE));
                case REFRESH_ANSWER_LOST -> refreshFault(FaultRule.builder()
                        .dropConnection(FaultRule.DropConnection.AFTER));
                case REFRESH_REFUSED -> refreshFault(FaultRule.builder().respond(401, "M_UNKNOWN_TOKEN"));
                case SEND_FAILS_5XX -> fake.addFault(FaultRule.builder().method("PUT").path("/send/")
                        .respond(502, "M_UNKNOWN").times(1).build());
                case RESTART -> {
                    main.close();
                    main = notifier("spool-main-0"); // the same spool: what was queued survives the restart
                    restarts++;
                }
                case PERSON_LOGS_IN -> personLogsIn();
            }
        }

        void refreshFault(FaultRule.Builder rule) {
            fake.addFault(rule.method("POST").path("/refresh$").times(1).build());
        }

        void send(Notifier notifier, String sender) {
            RoomRef room = rooms.get(counter % rooms.size());
            String body = sender + " " + counter++;
            SendResult result = notifier.send(room, Notification.of(body));
            assertNotEquals(SendStatus.DEAD, result.status(), result.reason());
            accepted.computeIfAbsent(room.value() + " " + sender, k -> new ArrayList<>()).add(body);
        }

        /** The faults stop, a person logs in if no password is configured, and both processes flush. */
        void finish() {
            fake.clearFaults();
            if (!passwordConfigured) {
                personLogsIn();
            }
            for (Notifier notifier : List.of(main, other)) {
                FlushReport report = notifier.flush(Duration.ofSeconds(30));
                assertTrue(report.clean(), report.toString());
            }
        }

        void check() {
            long spentTwice = fake.requests().stream()
                    .filter(r -> r.path().endsWith("/refresh") && r.status() == 401 && r.faultId() == null).count();
            assertEquals(0, spentTwice, "a refresh token was used after it had been replaced (spent twice)");
            for (RoomRef room : rooms) {
                List<RoomEvent> events = fake.events(room.value());
                for (String sender : List.of("main", "other")) {
                    List<String> arrived = events.stream().map(e -> e.content().path("body").asText())
                            .filter(b -> b.startsWith(sender + " ")).toList();
                    assertEquals(accepted.getOrDefault(room.value() + " " + sender, List.of()), arrived,
                            "each accepted notification of " + sender + " exactly once, in order, in " + room);
                }
            }
        }

        @Override
        public void close() {
            main.close();
            other.close();
            fake.close();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
