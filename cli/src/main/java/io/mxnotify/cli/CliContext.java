package io.mxnotify.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch of the outside world: environment variables, standard streams, the terminal
 * and the clock. Passed in rather than read from {@link System} so that tests run the real commands
 * in-process.
 */
public record CliContext(Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err, Clock clock,
                         Terminal terminal) {

    public CliContext {
        env = Map.copyOf(env);
        Objects.requireNonNull(terminal, "terminal");
    }

    /** A context without a terminal (as in cron or CI). */
    public CliContext(Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err, Clock clock) {
        this(env, stdin, out, err, clock, Terminal.none());
    }

    /** The value of an environment variable, or null when unset or blank. */
    public String envValue(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
