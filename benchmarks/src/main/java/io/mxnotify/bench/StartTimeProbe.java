package io.mxnotify.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start time to the first answered request, in a fresh JVM: {@code StartTimeProbe fake|floor STARTS [LABEL]}.
 * Each start is timed from just before the builder (or {@code Javalin.create}) to the moment the answer to
 * {@code GET /_matrix/client/versions} has been read over a fresh connection; then the server is closed
 * and started again in the same JVM. Prints {@code start.<kind>.<n>_ms VALUE} lines (n = 1 is the first
 * start in the JVM) and {@code start.<kind>.jvm_to_main_ms}.
 */
public final class StartTimeProbe {
    private StartTimeProbe() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "fake";
        int starts = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String label = args.length > 2 ? args[2] : kind;
        long jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            millis.add(timeOneStart(kind));
        }
        System.out.printf(Locale.ROOT, "start.%s.jvm_to_main_ms %d%n", label, jvmToMain);
        for (int i = 0; i < millis.size(); i++) {
            System.out.printf(Locale.ROOT, "start.%s.%d_ms %.1f%n", label, i + 1, millis.get(i));
        }
    }

    private static double timeOneStart(String kind) throws Exception {
        long begin = System.nanoTime();
        AutoCloseable server;
        SendTarget target;
        if (kind.equals("fake")) {
            FakeFixture fixture = FakeFixture.start(10_000);
            server = fixture;
            target = fixture.target();
        } else {
            FloorServer floor = FloorServer.start();
            server = floor;
            target = floor.target();
        }
        try (server; RawHttpConnection connection = new RawHttpConnection(target.baseUrl())) {
            RawHttpConnection.Answer answer = connection.request("GET", "/_matrix/client/versions", null, null);
            double elapsed = (System.nanoTime() - begin) / 1e6;
            if (answer.status() != 200 || !answer.body().contains("versions")) {
                throw new IOException("unexpected answer to /versions: " + answer);
            }
            return elapsed;
        }
    }
}
