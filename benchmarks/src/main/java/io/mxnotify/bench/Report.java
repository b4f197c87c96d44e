package io.mxnotify.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one benchmarks/run result directory into the Markdown tables of BENCHMARKS.md:
 * {@code Report RESULT_DIR}. Reads {@code meta.txt} and {@code results.txt} ({@code key value} lines),
 * {@code jmh.json} (JMH) and {@code cli.json} (hyperfine). A figure that is missing prints as "n/a".
 */
public final class Report {
    private final Map<String, String> meta;
    private final Map<String, List<String>> values;
    private final JsonNode jmh;
    private final JsonNode cli;
    private final String cliPhases;
    private final StringBuilder out = new StringBuilder();

    Report(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        this.meta = readSingle(dir.resolve("meta.txt"));
        this.values = readMulti(dir.resolve("results.txt"));
        this.jmh = Files.exists(dir.resolve("jmh.json")) ? json.readTree(dir.resolve("jmh.json").toFile()) : null;
        this.cli = Files.exists(dir.resolve("cli.json")) ? json.readTree(dir.resolve("cli.json").toFile()) : null;
        this.cliPhases = Files.exists(dir.resolve("cli-phases.txt")) ? Files.readString(dir.resolve("cli-phases.txt")) : null;
    }

    public static void main(String[] args) throws IOException {
        System.out.print(new Report(Path.of(args[0])).render());
    }

    String render() {
        machine();
        if (has("http.")) {
            http();
        }
        if (has("start.")) {
            startTime();
        }
        if (has("heap.")) {
            memory();
        }
        if (jmh != null || has("spoolcalls.")) {
            spool();
        }
        if (cli != null) {
            commandLine();
        }
        return out.toString();
    }

    private void machine() {
        line("Measured %s on %s (%s cores, %s), %s.", meta.getOrDefault("date", "?"), meta.getOrDefault("cpu", "?"),
                meta.getOrDefault("nproc", "?"), meta.getOrDefault("memory", "?"), meta.getOrDefault("jdk", "?"));
        line("Load average before: %s; after: %s. Command: `%s`.", meta.getOrDefault("load_before", "?"),
                meta.getOrDefault("load_after", "?"), meta.getOrDefault("command", "benchmarks/run"));
        List<String> sections = meta.keySet().stream().filter(k -> k.startsWith("section.")).toList();
        if (sections.size() > 1) {
            line("");
            line("Taken in parts:");
            for (String section : sections) {
                line("- %s: %s", section.substring("section.".length()), meta.get(section));
            }
        }
        line("");
    }

    private void http() {
        line("### Fake home server: `PUT /send` with unique txnIds (wrk, %s s per point after a %s s warm-up)",
                meta.getOrDefault("http_seconds", "?"), meta.getOrDefault("http_warmup_seconds", "?"));
        line("");
        line("Server JVM flags (fake and bare route alike, as `mxnotify serve`): `%s`.", meta.getOrDefault("serve_opts", "?"));
        line("");
        line("| keep-alive connections | fake req/s | bare Javalin req/s | ratio | target | fake p50 / p99 ms | bare Javalin p50 / p99 ms | server CPU µs per request (fake, floor) | errors (fake, floor) |");
        line("|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        for (String c : List.of("1", "8", "64")) {
            double fake = number("http.fake.c" + c + ".rps");
            double floor = number("http.floor.c" + c + ".rps");
            String target = c.equals("1") ? "" : c.equals("8") ? "≥ 0.6, p99 < 5 ms" : "≥ 0.6";
            line("| %s | %s | %s | %s | %s | %s / %s | %s / %s | %s, %s | %s, %s |", c, fmt(fake, 0), fmt(floor, 0),
                    ratio(fake, floor), target, fmt(number("http.fake.c" + c + ".p50_ms"), 2),
                    fmt(number("http.fake.c" + c + ".p99_ms"), 2), fmt(number("http.floor.c" + c + ".p50_ms"), 2),
                    fmt(number("http.floor.c" + c + ".p99_ms"), 2),
                    fmt(number("http.fake.c" + c + ".server_cpu_us_per_request"), 0),
                    fmt(number("http.floor.c" + c + ".server_cpu_us_per_request"), 0),
                    fmt(number("http.fake.c" + c + ".errors"), 0),
                    fmt(number("http.floor.c" + c + ".errors"), 0));
        }
        line("");
        if (has("http.synapse.")) {
            line("Beside Synapse 1.67 (`benchmarks/synapse.sh`: Debian's Python 3.11, SQLite, rate limits off), the same wrk load:");
            line("");
            line("| keep-alive connections | fake req/s | Synapse req/s | fake / Synapse | fake p50 / p99 ms | Synapse p50 / p99 ms | server CPU µs per request (fake, Synapse) | errors (Synapse) |");
            line("|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (String c : List.of("1", "8", "64")) {
                double fake = number("http.fake.c" + c + ".rps");
                double synapse = number("http.synapse.c" + c + ".rps");
                line("| %s | %s | %s | %s | %s / %s | %s / %s | %s, %s | %s |", c, fmt(fake, 0), fmt(synapse, 0),
                        ratio(fake, synapse), fmt(number("http.fake.c" + c + ".p50_ms"), 2),
                        fmt(number("http.fake.c" + c + ".p99_ms"), 2), fmt(number("http.synapse.c" + c + ".p50_ms"), 2),
                        fmt(number("http.synapse.c" + c + ".p99_ms"), 2),
                        fmt(number("http.fake.c" + c + ".server_cpu_us_per_request"), 0),
                        fmt(number("http.synapse.c" + c + ".server_cpu_us_per_request"), 0),
                        fmt(number("http.synapse.c" + c + ".errors"), 0));
            }
            line("");
        }
    }

    private void startTime() {
        int jvms = values.getOrDefault("start.fake.1_ms", List.of()).size();
        line("### Start to first answered request (`GET /_matrix/client/versions`), median of %d fresh JVMs", jvms);
        line("");
        line("| | fake home server | bare Javalin | ratio | target (fake) |");
        line("|---|---:|---:|---:|---|");
        line("| first start in a JVM | %s ms | %s ms | %s | < 300 ms |", fmt(median("start.fake.1_ms"), 0),
                fmt(median("start.floor.1_ms"), 0), ratio(median("start.fake.1_ms"), median("start.floor.1_ms")));
        line("| second start, same JVM | %s ms | %s ms | %s | < 50 ms |", fmt(median("start.fake.2_ms"), 1),
                fmt(median("start.floor.2_ms"), 1), ratio(median("start.fake.2_ms"), median("start.floor.2_ms")));
        line("| third start, same JVM | %s ms | %s ms | %s | |", fmt(median("start.fake.3_ms"), 1),
                fmt(median("start.floor.3_ms"), 1), ratio(median("start.fake.3_ms"), median("start.floor.3_ms")));
        line("| (JVM launch to `main`) | %s ms | %s ms | | |", fmt(median("start.fake.jvm_to_main_ms"), 0),
                fmt(median("start.floor.jvm_to_main_ms"), 0));
        if (has("start.fake-aot.")) {
            line("| first start, JDK 25 with an AOT cache (`%s`) | %s ms | %s ms | %s | < 300 ms |",
                    meta.getOrDefault("start_aot_java", "?"), fmt(median("start.fake-aot.1_ms"), 0),
                    fmt(median("start.floor-aot.1_ms"), 0), ratio(median("start.fake-aot.1_ms"), median("start.floor-aot.1_ms")));
            line("| second start, same, same JVM | %s ms | %s ms | %s | < 50 ms |", fmt(median("start.fake-aot.2_ms"), 1),
                    fmt(median("start.floor-aot.2_ms"), 1), ratio(median("start.fake-aot.2_ms"), median("start.floor-aot.2_ms")));
            line("| (JVM launch to `main`, AOT) | %s ms | %s ms | | |", fmt(median("start.fake-aot.jvm_to_main_ms"), 0),
                    fmt(median("start.floor-aot.jvm_to_main_ms"), 0));
        }
        line("");
        if (has("launch.")) {
            int launches = values.getOrDefault("launch.serve_ms", List.of()).size();
            line("Process launch to the first answered `/versions` (`LaunchTimeProbe`, polling every millisecond; median of %d, interleaved):", launches);
            line("");
            line("| | `./mxnotify serve` (launcher: JVM %s) | Synapse 1.67 (fresh SQLite) | ratio | target |",
                    meta.getOrDefault("cli_aot_java", "on the PATH").contains("25") ? "25 with its AOT cache" : "on the PATH");
            line("|---|---:|---:|---:|---|");
            line("| launch to first answer | %s ms | %s ms | %s | < 300 ms |", fmt(median("launch.serve_ms"), 0),
                    fmt(median("launch.synapse_ms"), 0), ratio(median("launch.serve_ms"), median("launch.synapse_ms")));
            line("");
        }
    }

    private void memory() {
        line("### Memory: live heap (after full GC) around small events sent over HTTP");
        line("");
        line("| retention cap | events sent | kept | dropped | live heap before | live heap after | bytes per sent event | load rate |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String key : values.keySet()) {
            if (key.startsWith("heap.") && key.endsWith(".events_sent")) {
                String p = key.substring(0, key.length() - "events_sent".length());
                String cap = p.substring("heap.cap".length(), p.length() - 1);
                line("| %s | %s | %s | %s | %s MB | %s MB | %s | %s req/s |", group(cap), group(value(p + "events_sent")),
                        group(value(p + "events_kept")), group(value(p + "events_dropped")), value(p + "live_before_mb"),
                        value(p + "live_after_mb"), value(p + "bytes_per_sent_event"), value(p + "load_rps"));
            }
        }
        line("");
    }

    private void spool() {
        line("### Spool and delivery (JMH, in one JVM with the fake; spool on the project's disk)");
        line("");
        line("| figure | per second | floor | ratio | target |");
        line("|---|---:|---:|---:|---|");
        double enqueue = jmhPerSecond("SpoolEnqueueBenchmark.durableEnqueue");
        double flush = jmhPerSecond("DeliveryBenchmark.flushFullSpool");
        double raw = jmhPerSecond("DeliveryBenchmark.rawPutLoop");
        double send = jmhPerSecond("DeliveryBenchmark.notifierSend");
        line("| durable enqueue (fsync file + directory each; no batched enqueue offered) | %s | | | |", fmt(enqueue, 0));
        line("| delivered from a full spool (%d notifications, one room) | %s | raw `HttpClient` PUT loop: %s | %s | ≥ 0.5 |",
                DeliveryBenchmark.BATCH, fmt(flush, 0), fmt(raw, 0), ratio(flush, raw));
        line("| `Notifier.send`, one at a time (enqueue + deliver + delete) | %s | raw `HttpClient` PUT loop: %s | %s | |",
                fmt(send, 0), fmt(raw, 0), ratio(send, raw));
        line("");
        spoolCalls();
    }

    /** SpoolCallProfile's lines: {@code spoolcalls.<phase>.<call> CALLS MS} per notification. */
    private void spoolCalls() {
        List<String> phases = List.of("enqueue", "flush", "send");
        if (values.keySet().stream().noneMatch(k -> k.startsWith("spoolcalls."))) {
            return;
        }
        line("Where a notification's time goes (`SpoolCallProfile`, file-system calls counted and timed; calls × ms per notification):");
        line("");
        line("| file-system call | %s |", String.join(" | ", phases));
        line("|---|---:|---:|---:|");
        java.util.Set<String> calls = new java.util.TreeSet<>();
        for (String key : values.keySet()) {
            if (key.startsWith("spoolcalls.") && !key.endsWith(".total_ms")) {
                calls.add(key.substring(key.indexOf('.', "spoolcalls.".length()) + 1));
            }
        }
        for (String call : calls) {
            List<String> cells = new ArrayList<>();
            for (String phase : phases) {
                String v = value("spoolcalls." + phase + "." + call);
                String[] parts = v.split(" ");
                cells.add(parts.length == 2 ? parts[0] + " × → " + parts[1] + " ms" : "");
            }
            line("| `%s` | %s |", call, String.join(" | ", cells));
        }
        List<String> totals = new ArrayList<>();
        for (String phase : phases) {
            totals.add("**" + value("spoolcalls." + phase + ".total_ms") + " ms**");
        }
        line("| wall time per notification | %s |", String.join(" | ", totals));
        line("");
    }

    private void commandLine() {
        int runs = 0;
        Map<String, double[]> commands = new LinkedHashMap<>();
        if (cli != null) {
            for (JsonNode result : cli.path("results")) {
                runs = result.path("times").size();
                commands.put(result.path("command").asText(), new double[] {result.path("median").asDouble(),
                        result.path("mean").asDouble(), result.path("stddev").asDouble(), result.path("min").asDouble(),
                        result.path("max").asDouble(), result.path("user").asDouble(Double.NaN)
                        + result.path("system").asDouble(Double.NaN)});
            }
        }
        line("### CLI: cold start to a local fake (hyperfine, %d runs each after 2 warm-ups, interleaved by command)", runs);
        line("");
        line("`./mxnotify` runs on %s.", meta.getOrDefault("cli_aot_java", "none").equals("none")
                ? "the java on the PATH with the CDS archive"
                : "`" + meta.get("cli_aot_java") + "` with the client AOT cache (`JAVA_HOME=...` forces another JVM, which then uses the CDS archive)");
        line("");
        line("| command | median | mean ± σ | min … max | CPU (user + sys, mean) | vs curl | vs Apprise | target |");
        line("|---|---:|---:|---:|---:|---:|---:|---|");
        double curl = medianOf(commands, "curl");
        double apprise = medianOf(commands, "apprise");
        for (Map.Entry<String, double[]> e : commands.entrySet()) {
            double[] v = e.getValue();
            String name = e.getKey().replace("|", "\\|");
            line("| `%s` | %s s | %s ± %s s | %s … %s s | %s s | %s | %s | %s |", name, fmt(v[0], 3), fmt(v[1], 3), fmt(v[2], 3),
                    fmt(v[3], 3), fmt(v[4], 3), fmt(v[5], 3), ratio(v[0], curl), ratio(v[0], apprise),
                    name.contains("mxnotify") && name.contains("send") ? "< 0.25 s and < Apprise" : "");
        }
        line("");
        if (cliPhases != null) {
            line("Start-up of one `send` (`-Xlog:class+load`, `ClassLoadPhases`; one run, so noisier than the medians):");
            line("");
            line("```");
            out.append(cliPhases.strip()).append('\n');
            line("```");
            line("");
        }
    }

    private static double medianOf(Map<String, double[]> commands, String prefix) {
        return commands.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(e -> e.getValue()[0])
                .findFirst().orElse(Double.NaN);
    }

    private boolean has(String prefix) {
        return values.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    private double jmhPerSecond(String suffix) {
        if (jmh == null) {
            return Double.NaN;
        }
        for (JsonNode run : jmh) {
            if (run.path("benchmark").asText().endsWith(suffix)) {
                double score = run.path("primaryMetric").path("score").asDouble();
                String unit = run.path("primaryMetric").path("scoreUnit").asText();
                return switch (unit) {
                    case "ops/s" -> score;
                    case "us/op" -> 1e6 / score;
                    case "ms/op" -> 1e3 / score;
                    case "s/op" -> 1 / score;
                    default -> Double.NaN;
                };
            }
        }
        return Double.NaN;
    }

    private double number(String key) {
        List<String> list = values.get(key);
        return list == null || list.isEmpty() ? Double.NaN : Double.parseDouble(list.get(list.size() - 1));
    }

    private String value(String key) {
        List<String> list = values.get(key);
        return list == null || list.isEmpty() ? "n/a" : list.get(list.size() - 1);
    }

    private double median(String key) {
        List<Double> list = new ArrayList<>(values.getOrDefault(key, List.of()).stream().map(Double::parseDouble).toList());
        if (list.isEmpty()) {
            return Double.NaN;
        }
        list.sort(null);
        int n = list.size();
        return n % 2 == 1 ? list.get(n / 2) : (list.get(n / 2 - 1) + list.get(n / 2)) / 2;
    }

    private static String group(String number) {
        try {
            return String.format(Locale.ROOT, "%,d", Long.parseLong(number));
        } catch (NumberFormatException e) {
            return number;
        }
    }

    private static String fmt(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return decimals == 0 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String ratio(double value, double floor) {
        return Double.isNaN(value) || Double.isNaN(floor) || floor == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f", value / floor);
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static Map<String, String> readSingle(Path file) throws IOException {
        Map<String, String> map = new LinkedHashMap<>();
        readMulti(file).forEach((k, v) -> map.put(k, String.join(" ", v.get(v.size() - 1))));
        return map;
    }

    /** {@code key value...} lines; a key may repeat (one value per fresh JVM, for medians). */
    private static Map<String, List<String>> readMulti(Path file) throws IOException {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return map;
        }
        for (String line : Files.readAllLines(file)) {
            int space = line.indexOf(' ');
            if (line.isBlank() || line.startsWith("#") || space < 0) {
                continue;
            }
            map.computeIfAbsent(line.substring(0, space), k -> new ArrayList<>()).add(line.substring(space + 1).trim());
        }
        return map;
    }
}
