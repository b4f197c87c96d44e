package io.mxnotify.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.delivery.HomeserverAccount;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.internal.DiskSpoolFileSystem;
import io.mxnotify.core.spool.internal.SpoolFileSystem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the spool's time goes: {@code SpoolCallProfile N}. Runs N enqueues, one flush of those N, and N
 * one-at-a-time {@link Notifier#send}s against the fake in this JVM, through a file system that counts
 * each call and its time. Prints {@code spoolcalls.<phase>.<call> CALLS_PER_NOTIFICATION MS_PER_NOTIFICATION}
 * and {@code spoolcalls.<phase>.total_ms} (wall time per notification), so the fsyncs can be told
 * from the HTTP and the rest.
 */
public final class SpoolCallProfile {
    private SpoolCallProfile() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ObjectNode content = new ObjectMapper().createObjectNode().put("msgtype", "m.notice").put("body", "disk 91% full");
        Path dir = BenchDirectories.fresh("calls");
        CountingFileSystem fs = new CountingFileSystem(new DiskSpoolFileSystem());
        try (FakeFixture fixture = FakeFixture.start(10_000)) {
            SendTarget target = fixture.target();
            Spool spool = Spool.open(dir.resolve("spool"), fs, Clock.systemUTC(), new SecureRandom());
            try (Notifier notifier = Notifier.builder(dir.resolve("spool"),
                    HomeserverAccount.withToken(target.baseUrl(), Secret.of(target.accessToken()))).spool(spool).build()) {
                RoomRef room = RoomRef.parse(target.roomId());
                notifier.send(room, new MessageContent("m.notice", "warm-up", null)); // connections, classes
                fs.reset();
                long begin = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    spool.enqueue(room.value(), content);
                }
                fs.print("enqueue", n, System.nanoTime() - begin);
                begin = System.nanoTime();
                int delivered = notifier.flush().delivered().size();
                if (delivered != n) {
                    throw new IllegalStateException("flush delivered " + delivered + " of " + n);
                }
                fs.print("flush", n, System.nanoTime() - begin);
                begin = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    notifier.send(room, new MessageContent("m.notice", "disk 91% full", null));
                }
                fs.print("send", n, System.nanoTime() - begin);
            }
        } finally {
            BenchDirectories.delete(dir);
        }
    }

    /** Delegates every call and keeps its count and time. */
    private static final class CountingFileSystem implements SpoolFileSystem {
        private final SpoolFileSystem disk;
        private final Map<String, AtomicLong[]> calls = new TreeMap<>();

        CountingFileSystem(SpoolFileSystem disk) {
            this.disk = disk;
        }

        synchronized void reset() {
            calls.clear();
        }

        synchronized void print(String phase, int n, long wallNanos) {
            calls.forEach((name, v) -> System.out.printf(Locale.ROOT, "spoolcalls.%s.%s %.2f %.3f%n", phase, name,
                    v[0].get() / (double) n, v[1].get() / 1e6 / n));
            System.out.printf(Locale.ROOT, "spoolcalls.%s.total_ms %.3f%n", phase, wallNanos / 1e6 / n);
            calls.clear();
        }

        private <T> T timed(String name, IoCall<T> call) throws IOException {
            long begin = System.nanoTime();
            try {
                return call.run();
            } finally {
                long nanos = System.nanoTime() - begin;
                synchronized (this) {
                    AtomicLong[] v = calls.computeIfAbsent(name, k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
                    v[0].incrementAndGet();
                    v[1].addAndGet(nanos);
                }
            }
        }

        @Override
        public void createDirectories(Path dir) throws IOException {
            timed("createDirectories", () -> {
                disk.createDirectories(dir);
                return null;
            });
        }

        @Override
        public void writeDurably(Path file, byte[] bytes) throws IOException {
            timed("writeDurably(fsync)", () -> {
                disk.writeDurably(file, bytes);
                return null;
            });
        }

        @Override
        public void moveAtomically(Path source, Path target) throws IOException {
            timed("moveAtomically", () -> {
                disk.moveAtomically(source, target);
                return null;
            });
        }

        @Override
        public void syncDirectory(Path dir) throws IOException {
            timed("syncDirectory(fsync)", () -> {
                disk.syncDirectory(dir);
                return null;
            });
        }

        @Override
        public boolean deleteIfExists(Path file) throws IOException {
            return timed("deleteIfExists", () -> disk.deleteIfExists(file));
        }

        @Override
        public List<String> list(Path dir) throws IOException {
            return timed("list", () -> disk.list(dir));
        }

        @Override
        public byte[] read(Path file) throws IOException {
            return timed("read", () -> disk.read(file));
        }

        @Override
        public boolean isDirectory(Path path) {
            return disk.isDirectory(path);
        }

        @Override
        public FileChannel openLockFile(Path file) throws IOException {
            return timed("openLockFile", () -> disk.openLockFile(file));
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }
}
