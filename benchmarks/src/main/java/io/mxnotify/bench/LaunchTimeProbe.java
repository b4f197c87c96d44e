package io.mxnotify.bench;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Process launch to the first answered request: {@code LaunchTimeProbe LABEL PORT LOG_FILE COMMAND...}
 * starts COMMAND (a server that will listen on 127.0.0.1:PORT), then tries {@code GET /_matrix/client/versions}
 * over a fresh connection every millisecond until one is answered 200, and prints
 * {@code launch.LABEL_ms VALUE}: the time from just before the process was started to that answer. Then it
 * stops the process (and its children). Gives up after 60 s. Only 127.0.0.1 is contacted.
 */
public final class LaunchTimeProbe {
    private LaunchTimeProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: LaunchTimeProbe LABEL PORT LOG_FILE COMMAND...");
            System.exit(64);
        }
        String label = args[0];
        URI base = URI.create("http://127.0.0.1:" + Integer.parseInt(args[1]));
        List<String> command = Arrays.asList(args).subList(3, args.length);
        long begin = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of(args[2]).toFile()).start();
        try {
            long deadline = begin + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException(label + ": the server exited with " + process.exitValue() + " before answering; see " + args[2]);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(label + ": no answer to /versions within 60 s; see " + args[2]);
                }
                try (RawHttpConnection connection = new RawHttpConnection(base)) {
                    RawHttpConnection.Answer answer = connection.request("GET", "/_matrix/client/versions", null, null);
                    if (answer.status() == 200 && answer.body().contains("versions")) {
                        System.out.printf(Locale.ROOT, "launch.%s_ms %.1f%n", label, (System.nanoTime() - begin) / 1e6);
                        return;
                    }
                } catch (ConnectException notYet) {
                    // not listening yet
                } catch (IOException early) {
                    // accepted but not ready to answer
                }
                Thread.sleep(1);
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
