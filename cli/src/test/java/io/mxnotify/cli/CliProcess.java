package io.mxnotify.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real {@code mxnotify} as a separate JVM (the test class path, {@link Main}), with a private
 * environment: only what the test gives plus PATH. Output goes to files so a chatty process never blocks.
 */
final class CliProcess {
    private final Path workDir;
    private final Map<String, String> env = new HashMap<>();
    private String stdin;

    CliProcess(Path home) {
        this.workDir = home;
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    CliProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliProcess stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** Starts {@code mxnotify args...}; the caller waits for or kills it. */
    Running start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out-", ".txt");
        Path err = Files.createTempFile(workDir, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        if (stdin != null) {
            Path in = Files.createTempFile(workDir, "in-", ".txt");
            Files.writeString(in, stdin);
            builder.redirectInput(in.toFile());
        }
        return new Running(builder.start(), out, err);
    }

    /** Runs {@code mxnotify args...} to the end (at most two minutes). */
    CliRunner.Result run(String... args) throws IOException, InterruptedException {
        return start(args).await(Duration.ofMinutes(2));
    }

    /** A started process and where its output goes. */
    record Running(Process process, Path out, Path err) {
        CliRunner.Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("mxnotify did not finish within " + timeout + "; stderr:\n" + Files.readString(err));
            }
            return result();
        }

        CliRunner.Result result() throws IOException {
            return new CliRunner.Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }
}
