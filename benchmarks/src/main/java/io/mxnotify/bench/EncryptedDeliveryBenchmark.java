package io.mxnotify.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.crypto.internal.Curve25519KeyPair;
import io.mxnotify.core.crypto.internal.DeviceKeys;
import io.mxnotify.core.crypto.internal.SignedJson;
import io.mxnotify.core.crypto.internal.UnpaddedBase64;
import io.mxnotify.core.delivery.FlushReport;
import io.mxnotify.core.delivery.HomeserverAccount;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.delivery.SendResult;
import io.mxnotify.core.delivery.SendStatus;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
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
 * {@link DeliveryBenchmark}'s {@code flushFullSpool} and {@code notifierSend} into an end-to-end encrypted room
 * of the fake (in this JVM) with one other member device: what encryption adds. Each pass reads the room's
 * members and device keys once; every 100 messages (the default {@code rotation_period_msgs}) the Megolm
 * session rotates, which claims a one-time key and sends an Olm message; each notification is Megolm-encrypted
 * and its ciphertext written (fsynced) beside the spool entry before it is sent.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class EncryptedDeliveryBenchmark {
    static final int BATCH = DeliveryBenchmark.BATCH;
    private static final int ONE_TIME_KEYS = 2_000;

    private final ObjectNode content = new ObjectMapper().createObjectNode()
            .put("msgtype", "m.notice").put("body", "disk 91% full on host1");
    private FakeHomeserver fake;
    private Path dir;
    private Notifier notifier;
    private RoomRef room;

    @Setup(Level.Trial)
    public void start() throws Exception {
        fake = FakeHomeserver.builder().retentionCap(10_000).user("bot", "secret").user("alice", "secret").start();
        FakeUser bot = fake.user("bot");
        FakeUser alice = fake.user("alice");
        uploadDevice(alice);
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(fake.baseUrl() + "/_fake/v1/rooms"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"members\":[\"bot\",\"alice\"],\"encrypted\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        room = RoomRef.parse(new ObjectMapper().readTree(created.body()).get("room_id").asText());
        dir = BenchDirectories.fresh("encrypted-delivery");
        notifier = Notifier.builder(dir.resolve("spool"),
                HomeserverAccount.withToken(URI.create(fake.baseUrl()), Secret.of(bot.accessToken()))).build();
    }

    /** A recipient device as a real client uploads it: signed device keys and many signed one-time keys. */
    private void uploadDevice(FakeUser user) {
        SecureRandom random = new SecureRandom();
        DeviceKeys keys = DeviceKeys.generate(random);
        MatrixClient client = MatrixClient.builder(fake.baseUrl()).accessToken(Secret.of(user.accessToken())).build();
        ObjectNode first = JsonNodeFactory.instance.objectNode();
        first.set("device_keys", keys.signedDeviceKeys(user.userId(), user.deviceId()));
        client.uploadKeys(first);
        // in batches, as clients do, each well under the fake's request size limit
        for (int batch = 0; batch < ONE_TIME_KEYS / 250; batch++) {
            ObjectNode request = JsonNodeFactory.instance.objectNode();
            ObjectNode otks = request.putObject("one_time_keys");
            for (int i = 0; i < 250; i++) {
                ObjectNode key = JsonNodeFactory.instance.objectNode()
                        .put("key", UnpaddedBase64.encode(Curve25519KeyPair.generate(random).publicKey()));
                otks.set("signed_curve25519:K" + batch + "_" + i,
                        SignedJson.sign(key, user.userId(), user.deviceId(), keys.fingerprint()));
            }
            client.uploadKeys(request);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        notifier.close();
        fake.close();
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
                    + ", " + report.stillQueued() + " still queued: " + report.waiting());
        }
        return report;
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
        public void fill(EncryptedDeliveryBenchmark bench) {
            for (int i = 0; i < BATCH; i++) {
                bench.notifier.spool().enqueue(bench.room.value(), bench.content);
            }
        }
    }
}
