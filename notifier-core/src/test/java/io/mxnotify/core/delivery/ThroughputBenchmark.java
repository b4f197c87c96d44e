package io.mxnotify.core.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Measures, does not assert: enqueues per second into the spool (one thread and several) and
 * deliveries per second from the spool to the fake home server. Not part of the suite (the class name
 * matches no surefire include); run it with
 * {@code mvn -B -o -q -pl notifier-core -am test -Dtest=ThroughputBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dorg.slf4j.simpleLogger.log.io.mxnotify=warn} and read the lines starting with "throughput:".
 * {@code -Dmxnotify.benchmark.count=N} changes the number of notifications (default 2000);
 * {@code -Dmxnotify.benchmark.dir=PATH} the directory the spools are created in (default the temp dir).
 */
class ThroughputBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int count = Integer.getInteger("mxnotify.benchmark.count", 2000);
    private final Path base = Path.of(System.getProperty("mxnotify.benchmark.dir", System.getProperty("java.io.tmpdir")));

    private static ObjectNode content(int i) {
        return JSON.createObjectNode().put("msgtype", "m.notice").put("body", "benchmark notification " + i);
    }

    private static void report(String what, int n, long nanos) {
        System.out.printf("throughput: %-55s %6d in %7.1f ms = %8.0f/s%n", what, n, nanos / 1e6, n / (nanos / 1e9));
    }

    @Test
    void measure() throws Exception {
        Path root = Files.createTempDirectory(base, "mxnotify-bench-");
        System.out.println("throughput: spools in " + root + " (" + Files.getFileStore(root).type() + ")");
        try (Spool spool = Spool.open(root.resolve("single"))) {
            for (int i = 0; i < 50; i++) { // warm-up
                spool.enqueue("!warm:localhost", content(i));
            }
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                spool.enqueue("!room:localhost", content(i));
            }
            report("enqueue, 1 thread (fsync file + dir each)", count, System.nanoTime() - start);
        }
        int threads = 4;
        try (Spool spool = Spool.open(root.resolve("threads"))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < count / threads; i++) {
                        spool.enqueue("!room:localhost", content(i));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            report("enqueue, " + threads + " threads", count / threads * threads, System.nanoTime() - start);
            pool.shutdown();
        }

        try (FakeHomeserver fake = FakeHomeserver.builder().user("bot", "pw").retentionCap(count * 4).start()) {
            FakeUser bot = fake.user("bot");
            List<String> rooms = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                rooms.add(fake.createRoom("bench" + r));
                fake.join("bot", rooms.get(r));
            }
            HomeserverAccount account = new HomeserverAccount(URI.create(fake.baseUrl()),
                    Optional.of(Secret.of(bot.accessToken())), Optional.empty(), Optional.empty(), Optional.empty());
            DeliveryPolicy policy = DeliveryPolicy.defaults().withSendPatience(Duration.ZERO);
            io.mxnotify.core.client.MatrixClient client = io.mxnotify.core.client.MatrixClient.builder(fake.baseUrl())
                    .accessToken(Secret.of(bot.accessToken())).build();
            io.mxnotify.core.id.RoomId roomId = io.mxnotify.core.id.RoomId.parse(rooms.get(0));
            for (int i = 0; i < 20; i++) {
                client.send(roomId, "warm" + i, java.util.Map.of("msgtype", "m.notice", "body", "warm"));
            }
            long rawStart = System.nanoTime();
            for (int i = 0; i < count; i++) {
                client.send(roomId, "raw" + i, java.util.Map.of("msgtype", "m.notice", "body", "raw " + i));
            }
            report("baseline: MatrixClient.send alone, no spool", count, System.nanoTime() - rawStart);
            for (int roomCount : new int[] {1, 10}) {
                Path dir = root.resolve("deliver-" + roomCount);
                try (Notifier notifier = Notifier.builder(dir, account).policy(policy).build()) {
                    for (int i = 0; i < count; i++) {
                        notifier.spool().enqueue(rooms.get(i % roomCount), content(i));
                    }
                    long start = System.nanoTime();
                    FlushReport report = notifier.flush();
                    report("delivered by flush(), " + roomCount + " room(s)", report.delivered().size(),
                            System.nanoTime() - start);
                }
            }
            try (Notifier notifier = Notifier.builder(root.resolve("send"), account).policy(policy).build()) {
                int n = Math.min(count, 1000);
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    notifier.send(io.mxnotify.core.id.RoomRef.parse(rooms.get(0)),
                            new io.mxnotify.core.render.MessageContent("m.notice", "send " + i, null));
                }
                report("send() = enqueue + flush, one after another", n, System.nanoTime() - start);
            }
        }
    }
}
