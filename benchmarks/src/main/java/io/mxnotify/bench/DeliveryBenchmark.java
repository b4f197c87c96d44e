package io.mxnotify.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.delivery.FlushReport;
import io.mxnotify.core.delivery.HomeserverAccount;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.delivery.SendResult;
import io.mxnotify.core.delivery.SendStatus;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.MessageContent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Delivery to the fake home server (in this JVM) beside its floor. {@code flushFullSpool}: a spool holding
 * {@value #BATCH} notifications for one room is flushed (each PUT, then its file deleted), timed per
 * notification. {@code rawPutLoop}, the floor: the same number of PUTs with fresh txnIds from a bare
 * {@link HttpClient}, no spool. {@code notifierSend}: one {@link Notifier#send} at a time (enqueue,
 * deliver, delete), what a long-lived program pays per notification.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class DeliveryBenchmark {
    static final int BATCH = 500;

    private final ObjectNode content = new ObjectMapper().createObjectNode()
            .put("msgtype", "m.notice").put("body", "disk 91% full on host1");
    private final AtomicLong txn = new AtomicLong();
    private FakeFixture fixture;
    private Path dir;
    private Notifier notifier;
    private HttpClient http;
    private RoomRef room;

    @Setup(Level.Trial)
    public void start() {
        fixture = FakeFixture.start(10_000);
        dir = BenchDirectories.fresh("delivery");
        SendTarget target = fixture.target();
        notifier = Notifier.builder(dir.resolve("spool"),
                HomeserverAccount.withToken(target.baseUrl(), Secret.of(target.accessToken()))).build();
        room = RoomRef.parse(target.roomId());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @TearDown(Level.Trial)
    public void stop() {
        notifier.close();
        fixture.close();
        BenchDirectories.delete(dir);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 4)
    @Measurement(iterations = 6)
    public FlushReport flushFullSpool(FullSpool full) {
        FlushReport report = notifier.flush();
        if (report.delivered().size() != BATCH || report.stillQueued() != 0) {
            throw new IllegalStateException("flush delivered " + report.delivered().size() + " of " + BATCH
                    + ", " + report.stillQueued() + " still queued");
        }
        return report;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 4)
    @Measurement(iterations = 6)
    public int rawPutLoop(RawPutState state) throws IOException, InterruptedException {
        int ok = 0;
        for (int i = 0; i < BATCH; i++) {
            HttpRequest request = HttpRequest.newBuilder(state.uri("raw" + txn.incrementAndGet()))
                    .header("Authorization", "Bearer " + fixture.target().accessToken())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(state.body))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PUT answered " + response.statusCode() + ": " + response.body());
            }
            ok++;
        }
        return ok;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    public SendResult notifierSend() {
        SendResult result = notifier.send(room, new MessageContent("m.notice", "disk 91% full on host1", null));
        if (result.status() != SendStatus.DELIVERED) {
            throw new IllegalStateException("send was not delivered: " + result);
        }
        return result;
    }

    /** Before each flush (untimed): {@value #BATCH} notifications written to the spool. */
    @State(Scope.Benchmark)
    public static class FullSpool {
        @Setup(Level.Invocation)
        public void fill(DeliveryBenchmark bench) {
            for (int i = 0; i < BATCH; i++) {
                bench.notifier.spool().enqueue(bench.room.value(), bench.content);
            }
        }
    }

    /** The floor's request parts, built once. */
    @State(Scope.Benchmark)
    public static class RawPutState {
        String prefix;
        String body;

        @Setup(Level.Trial)
        public void build(DeliveryBenchmark bench) {
            SendTarget target = bench.fixture.target();
            prefix = target.baseUrl() + target.sendPathPrefix();
            body = SendTarget.SMALL_EVENT;
        }

        URI uri(String txnId) {
            return URI.create(prefix + txnId);
        }
    }
}
