package io.mxnotify.cli;

import java.util.List;
import java.util.Map;

/**
 * Chooses how much the library logs (slf4j-simple, on stderr) before any logger exists: errors only for
 * the one-shot commands, whose outcome is already one line on stderr; progress for {@code --watch} and {@code serve},
 * long-running services whose journal should say what it does; everything with {@code --debug}.
 * {@code MXNOTIFY_LOG_LEVEL} (trace, debug, info, warn, error, off) overrides.
 */
final class LogSetup {
    private static final String PROPERTY = "org.slf4j.simpleLogger.log.io.mxnotify";

    private LogSetup() {
    }

    /** Sets the level for the process; call once, first thing in {@code main}. */
    static void configure(List<String> args, Map<String, String> env) {
        String level = env.get("MXNOTIFY_LOG_LEVEL");
        if (level == null || level.isBlank()) {
            level = args.contains("--debug") ? "debug" : args.contains("--watch") || args.contains("serve") ? "info" : "error";
        }
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, level);
        }
    }
}
