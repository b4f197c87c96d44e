package io.mxnotify.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code -Xlog:class+load:file=LOG:uptime} log of one CLI run and prints when each phase of a
 * send began (the uptime at which its first class was loaded), how many classes each library loaded,
 * and how many came from a CDS archive: {@code ClassLoadPhases LOG}. Start-up profiling, not guessing.
 */
public final class ClassLoadPhases {
    private static final Pattern LINE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\]\\s+(\\S+)\\s+source:\\s*(.*)$");

    /** A phase and the class whose first load marks its start. */
    private static final Map<String, String> MARKERS = new LinkedHashMap<>();

    static {
        MARKERS.put("main() entered", "io.mxnotify.cli.Main");
        MARKERS.put("picocli parses the command line", "picocli.CommandLine");
        MARKERS.put("Jackson ObjectMapper", "com.fasterxml.jackson.databind.ObjectMapper");
        MARKERS.put("spool opened", "io.mxnotify.core.spool.Spool");
        MARKERS.put("HttpClient built", "jdk.internal.net.http.HttpClientImpl");
        MARKERS.put("TLS context (default SSLContext)", "sun.security.ssl.SSLContextImpl");
        MARKERS.put("trust store read (cacerts)", "sun.security.ssl.TrustStoreManager");
        MARKERS.put("delivery engine", "io.mxnotify.core.delivery.internal.DeliveryEngine");
        MARKERS.put("first socket", "sun.nio.ch.SocketChannelImpl");
        MARKERS.put("JVM shutdown", "java.lang.Shutdown");
    }

    private ClassLoadPhases() {
    }

    public static void main(String[] args) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        Map<String, Double> firstSeen = new LinkedHashMap<>();
        Map<String, int[]> perLibrary = new TreeMap<>();
        int total = 0;
        int shared = 0;
        double last = 0;
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            double uptime = Double.parseDouble(m.group(1));
            String name = m.group(2);
            boolean fromArchive = m.group(3).contains("shared objects file");
            total++;
            shared += fromArchive ? 1 : 0;
            last = uptime;
            firstSeen.putIfAbsent(name, uptime);
            int[] counts = perLibrary.computeIfAbsent(library(name), k -> new int[2]);
            counts[0]++;
            counts[1] += fromArchive ? 1 : 0;
        }
        System.out.println("-- phase: uptime at its first class (ms)");
        for (Map.Entry<String, String> marker : MARKERS.entrySet()) {
            Double at = firstSeen.get(marker.getValue());
            System.out.printf(Locale.ROOT, "%7s  %s%n", at == null ? "-" : String.format(Locale.ROOT, "%.0f", at * 1000),
                    marker.getKey());
        }
        System.out.printf(Locale.ROOT, "%7.0f  last class loaded%n", last * 1000);
        System.out.printf(Locale.ROOT, "-- %d classes loaded, %d from a CDS archive; by library (loaded / from CDS):%n",
                total, shared);
        perLibrary.entrySet().stream().sorted((a, b) -> b.getValue()[0] - a.getValue()[0]).limit(15)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6d / %-6d %s%n", e.getValue()[0], e.getValue()[1], e.getKey()));
    }

    private static String library(String className) {
        String[] parts = className.split("\\.");
        if (className.startsWith("com.fasterxml.jackson") || className.startsWith("io.mxnotify")) {
            return parts.length > 2 ? parts[0] + "." + parts[1] + "." + parts[2] : className;
        }
        if (className.startsWith("sun.security") || className.startsWith("jdk.internal.net.http")) {
            return parts.length > 2 ? parts[0] + "." + parts[1] + "." + parts[2] : className;
        }
        return parts.length > 1 ? parts[0] + "." + parts[1] : className;
    }
}
