package io.mxnotify.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch of the outside world: environment variables, standard streams and the clock.
 * Passed in rather than read from {@link System} so that tests run the real commands in-process.
 */
public record CliContext(Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err, Clock clock) {

    public CliContext {
        env = Map.copyOf(env);
    }

    /** The value of an environment variable, or null when unset or blank. */
    public String envValue(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
