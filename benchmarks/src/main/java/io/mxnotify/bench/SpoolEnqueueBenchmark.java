package io.mxnotify.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.SpoolEntry;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable enqueues per second: each {@link Spool#enqueue} writes a temp file, fsyncs it, renames it and
 * fsyncs the directory before returning. The spool offers no batched enqueue, so there is no batched figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SpoolEnqueueBenchmark {
    private final ObjectNode content = new ObjectMapper().createObjectNode()
            .put("msgtype", "m.notice").put("body", "disk 91% full on host1");
    private Path dir;
    private Spool spool;

    @Setup(Level.Iteration)
    public void openSpool() {
        dir = BenchDirectories.fresh("enqueue");
        spool = Spool.open(dir.resolve("spool"));
    }

    @TearDown(Level.Iteration)
    public void removeSpool() {
        spool.close();
        BenchDirectories.delete(dir);
    }

    @Benchmark
    public SpoolEntry durableEnqueue() {
        return spool.enqueue("!room:localhost", content);
    }
}
