package io.mxnotify.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Runs the real CLI in-process with a private HOME, environment, stdin and terminal, and captures its output. */
final class CliRunner {
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";
    private Terminal terminal = Terminal.none();

    CliRunner(Path home) {
        env.put("HOME", home.toString());
    }

    CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    CliRunner withoutEnv(String name) {
        env.remove(name);
        return this;
    }

    CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** A terminal that answers the given lines, in order, to every question (secret or not). */
    CliRunner terminal(String... answers) {
        Deque<String> queue = new ArrayDeque<>(java.util.List.of(answers));
        this.terminal = new Terminal() {
            @Override
            public Optional<char[]> readSecret(String prompt) {
                return Optional.ofNullable(queue.poll()).map(String::toCharArray);
            }

            @Override
            public Optional<String> readLine(String prompt) {
                return Optional.ofNullable(queue.poll());
            }
        };
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), terminal);
        int code = new Cli(context).execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** What one run produced. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
