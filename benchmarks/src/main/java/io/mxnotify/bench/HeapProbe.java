package io.mxnotify.bench;

import io.mxnotify.fakehs.RoomSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap cost of stored events: {@code HeapProbe EVENTS RETENTION_CAP CONNECTIONS}. Starts the fake in this
 * JVM, measures the live heap after a full GC, sends EVENTS small events through its HTTP API (unique
 * txnIds, CONNECTIONS keep-alive connections), then measures the live heap again. Prints
 * {@code heap.cap<CAP>.*} lines: live heap before and after, bytes per sent event, events kept and dropped.
 * With a fourth argument {@code histogram}, the top of the live-object class histogram goes to stderr:
 * what holds the memory.
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int cap = Integer.parseInt(args[1]);
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        try (FakeFixture fixture = FakeFixture.start(cap)) {
            long before = liveHeapBytes();
            long begin = System.nanoTime();
            sendAll(fixture.target(), events, connections);
            double seconds = (System.nanoTime() - begin) / 1e9;
            long after = liveHeapBytes();
            RoomSummary room = fixture.fake().room("#alerts:localhost").summary();
            String p = "heap.cap" + cap + ".";
            System.out.printf(Locale.ROOT, "%sevents_sent %d%n", p, events);
            System.out.printf(Locale.ROOT, "%sevents_kept %d%n", p, room.messageCount());
            System.out.printf(Locale.ROOT, "%sevents_dropped %d%n", p, room.droppedEvents());
            System.out.printf(Locale.ROOT, "%slive_before_mb %.1f%n", p, before / 1048576.0);
            System.out.printf(Locale.ROOT, "%slive_after_mb %.1f%n", p, after / 1048576.0);
            System.out.printf(Locale.ROOT, "%sbytes_per_sent_event %.0f%n", p, (after - before) / (double) events);
            System.out.printf(Locale.ROOT, "%sload_rps %.0f%n", p, events / seconds);
            if (args.length > 3 && args[3].equals("histogram")) {
                printHistogram(25);
            }
        }
    }

    private static void sendAll(SendTarget target, int events, int connections) throws Exception {
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        String prefix = target.sendPathPrefix();
        for (int c = 0; c < connections; c++) {
            Thread thread = new Thread(() -> {
                try (RawHttpConnection connection = new RawHttpConnection(target.baseUrl())) {
                    for (long i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                        RawHttpConnection.Answer answer = connection.request("PUT", prefix + "heap" + i,
                                target.accessToken(), SendTarget.SMALL_EVENT);
                        if (answer.status() != 200) {
                            throw new IllegalStateException("send " + i + " answered " + answer);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "heap-load-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("load failed: " + failures.get(0), failures.get(0));
        }
    }

    /** The top rows of {@code jcmd PID GC.class_histogram}, taken from inside this JVM. */
    private static void printHistogram(int rows) throws Exception {
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        text.toString().lines().limit(rows + 3L).forEach(System.err::println);
    }

    /** Heap in use after full collections, i.e. what is still reachable. */
    private static long liveHeapBytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
