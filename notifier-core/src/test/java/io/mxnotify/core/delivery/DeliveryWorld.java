package io.mxnotify.core.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.spool.CrashingFileSystem;
import io.mxnotify.core.spool.CrashingFileSystem.SimulatedCrash;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RoomEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The system under test for the delivery property: a fake home server behind a fault proxy, a spool
 * directory, and a notifier "process" that can crash at any file-system step and be restarted. Keeps
 * the model: which notifications were accepted (enqueue returned), which may or may not exist (the
 * process died inside enqueue), in enqueue order per room.
 */
final class DeliveryWorld implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CLIENT_TIMEOUT = Duration.ofMillis(400);

    private final FakeHomeserver fake;
    private final FaultProxy proxy;
    private final Path spoolDir;
    private final Random random;
    private final List<String> rooms;
    private final String user;
    private final String password;
    private final String deviceId;
    private final Map<String, List<String>> enqueuedPerRoom = new LinkedHashMap<>();
    private final Set<String> accepted = new HashSet<>();
    private final Set<String> maybe = new HashSet<>();
    private final DeliveryPolicy policy = DeliveryPolicy.defaults()
            .withBackoff(new Backoff(Duration.ofMillis(2), Duration.ofMillis(40)))
            .withSendPatience(Duration.ZERO)
            .withLateLabel(new LateLabel(true, Duration.ofMinutes(1), ZoneOffset.UTC));
    private volatile Secret token;
    private Spool spool;
    private Notifier notifier;
    private int counter;
    private int crashes;
    private int restarts;

    DeliveryWorld(long seed) {
        this.random = new Random(seed);
        try {
            this.spoolDir = Files.createTempDirectory("mxnotify-property-");
            this.fake = FakeHomeserver.builder().user("bot", "bot-password")
                    .room("r1").room("r2").room("r3")
                    .member("bot", "r1").member("bot", "r2")
                    .start();
            this.proxy = new FaultProxy(fake.baseUrl(), CLIENT_TIMEOUT.multipliedBy(3).dividedBy(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FakeUser bot = fake.user("bot");
        this.user = bot.userId();
        this.password = bot.password();
        this.deviceId = bot.deviceId();
        this.token = Secret.of(bot.accessToken());
        String server = fake.serverName();
        // two rooms by id (the bot is a member), one by alias (the bot must join it first)
        this.rooms = List.of(fake.room("#r1:" + server).roomId(), fake.room("#r2:" + server).roomId(), "#r3:" + server);
        start(CrashingFileSystem.never());
    }

    List<String> rooms() {
        return rooms;
    }

    int crashes() {
        return crashes;
    }

    int restarts() {
        return restarts;
    }

    Map<FaultProxy.Fault, Integer> faultsInjected() {
        return proxy.injected();
    }

    private void start(CrashingFileSystem fs) {
        spool = Spool.open(spoolDir, fs, Clock.systemUTC(), new Random(random.nextLong()));
        HomeserverAccount account = new HomeserverAccount(URI.create(proxy.baseUrl()), Optional.of(token),
                Optional.of(user), Optional.of(Secret.of(password)), Optional.of(deviceId));
        MatrixClient client = MatrixClient.builder(proxy.baseUrl()).requestTimeout(CLIENT_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(2)).build();
        notifier = Notifier.builder(spoolDir, account).spool(spool).client(client).policy(policy)
                .random(new Random(random.nextLong()))
                .onLogin(result -> token = result.accessToken()) // as the CLI stores a renewed token
                .build();
    }

    private void stop() {
        notifier.close();
        spool.close(); // the OS drops the dead process's file locks
    }

    /** Restarts the process; its file system then crashes at the given step (0: never). */
    void restart(long crashAtStep, boolean afterStep) {
        stop();
        restarts++;
        start(new CrashingFileSystem(crashAtStep, afterStep));
    }

    /** Like `mxnotify send`: enqueue durably, then flush. A crash restarts the process. */
    void send(int roomIndex, boolean thenFlush) {
        String room = rooms.get(roomIndex);
        String body = "n" + counter++;
        enqueuedPerRoom.computeIfAbsent(room, r -> new ArrayList<>()).add(body);
        try {
            spool.enqueue(room, content(body));
            accepted.add(body);
        } catch (SimulatedCrash crash) {
            maybe.add(body);
            crashed();
            return;
        }
        if (thenFlush) {
            flush();
        }
    }

    /** Like `mxnotify queue flush`. A crash restarts the process. */
    void flush() {
        try {
            FlushReport report = notifier.flush();
            if (!report.died().isEmpty()) {
                throw new AssertionError("wrongly given up: " + report.died());
            }
        } catch (SimulatedCrash crash) {
            crashed();
        }
    }

    void injectFaults(List<FaultProxy.Fault> faults) {
        proxy.script(faults);
    }

    /** A fault rule in the fake home server itself, for its next matching request(s). */
    void serverFault(FaultRule rule) {
        fake.addFault(rule);
    }

    /** Hard logout of every token of the bot (devices stay): the notifier must log in again on its device. */
    void revokeTokens() {
        fake.revokeTokens("bot");
    }

    /** Soft logout (expired tokens): the notifier must log in again on its device (it has no refresh token). */
    void expireTokens() {
        fake.expireTokens("bot");
    }

    /** The bot's devices: logging in again must reuse the one device. */
    List<String> devices() {
        return fake.deviceIds("bot");
    }

    private void crashed() {
        crashes++;
        restart(0, false);
    }

    /** No more faults, a healthy process, flush until the spool is empty (or give up after a while). */
    void drain() {
        proxy.clearScript();
        fake.clearFaults();
        restart(0, false);
        for (int i = 0; i < 40 && !spool.scan().entries().isEmpty(); i++) {
            FlushReport report = notifier.flush(Duration.ofSeconds(2));
            if (!report.died().isEmpty()) {
                throw new AssertionError("wrongly given up: " + report.died());
            }
        }
    }

    /** Checks the room contents against the model; throws AssertionError with the details. */
    void verify() {
        if (devices().size() != 1) {
            throw new AssertionError("logging in again created devices: " + devices());
        }
        if (!spool.scan().entries().isEmpty()) {
            throw new AssertionError("spool not empty after the final flush: " + spool.scan().entries());
        }
        if (!spool.dead().isEmpty()) {
            throw new AssertionError("notifications wrongly dead: " + spool.dead());
        }
        try (Stream<Path> quarantined = Files.list(spool.quarantineDirectory())) {
            List<Path> files = quarantined.toList();
            if (!files.isEmpty()) {
                throw new AssertionError("files quarantined: " + files);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String room : rooms) {
            List<String> bodies = new ArrayList<>();
            for (RoomEvent event : fake.events(room)) {
                if (!"m.room.message".equals(event.type())) {
                    continue;
                }
                String body = event.content().path("body").asText();
                int cut = body.indexOf("\n\n");
                bodies.add(cut < 0 ? body : body.substring(0, cut));
            }
            for (String body : bodies) {
                if (seen.merge(body, 1, Integer::sum) > 1) {
                    throw new AssertionError("duplicate " + body + " in " + room + ": " + bodies);
                }
                if (!accepted.contains(body) && !maybe.contains(body)) {
                    throw new AssertionError("unknown notification " + body + " in " + room);
                }
            }
            List<String> expectedOrder = enqueuedPerRoom.getOrDefault(room, List.of()).stream()
                    .filter(bodies::contains).toList();
            if (!expectedOrder.equals(bodies)) {
                throw new AssertionError("order in " + room + " is " + bodies + ", enqueued " + expectedOrder);
            }
            for (String body : enqueuedPerRoom.getOrDefault(room, List.of())) {
                if (accepted.contains(body) && !bodies.contains(body)) {
                    throw new AssertionError("accepted notification " + body + " lost in " + room + ": " + bodies);
                }
            }
        }
    }

    private static ObjectNode content(String body) {
        return JSON.createObjectNode().put("msgtype", "m.notice").put("body", body);
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            proxy.close();
            fake.close();
            deleteRecursively(spoolDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // temp dir, best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "DeliveryWorld[" + counter + " sent, " + accepted.size() + " accepted, " + maybe.size()
                + " maybe, " + crashes + " crashes, " + restarts + " restarts]";
    }
}
