package io.mxnotify.cli.config;

import io.mxnotify.cli.CliContext;
import io.mxnotify.cli.CliException;
import io.mxnotify.cli.ExitStatus;

import java.util.function.Function;

/**
 * One setting resolved by precedence: a command-line flag, then an environment variable, then the
 * configuration file. Knows its names so that a missing value produces an error that says every way of
 * giving it.
 *
 * @param flag        the command-line option, e.g. {@code --room}
 * @param envVariable the environment variable, e.g. {@code MXNOTIFY_ROOM}
 * @param fromConfig  reads the value from the configuration file
 * @param what        what the setting is, in words, for error messages
 */
public record Setting(String flag, String envVariable, Function<StoredConfig, String> fromConfig, String what) {

    public static final Setting HOMESERVER = new Setting("--homeserver", "MXNOTIFY_HOMESERVER", StoredConfig::homeserver,
            "the home server URL (e.g. https://matrix.example.org)");
    public static final Setting ACCESS_TOKEN = new Setting("--access-token", "MXNOTIFY_ACCESS_TOKEN", StoredConfig::accessToken,
            "an access token (run 'mxnotify login' to get and store one)");
    public static final Setting ACCESS_TOKEN_FILE = new Setting("--access-token-file", "MXNOTIFY_ACCESS_TOKEN_FILE",
            config -> null, "a file holding the access token (mode 0600)");
    public static final Setting ROOM = new Setting("--room", "MXNOTIFY_ROOM", StoredConfig::room,
            "the room (an id like !abc:example.org or an alias like #alerts:example.org)");
    public static final Setting USER = new Setting("--user", "MXNOTIFY_USER", StoredConfig::userId,
            "the user (e.g. @bot:example.org)");
    public static final Setting PASSWORD_FILE = new Setting("--password-file", "MXNOTIFY_PASSWORD_FILE", StoredConfig::passwordFile,
            "a file holding the password");
    public static final Setting SPOOL = new Setting("--spool", "MXNOTIFY_SPOOL", config -> null,
            "the spool directory");

    /** The value by precedence flag > environment > configuration file, or null when none gives it. */
    public String resolve(String flagValue, CliContext context, StoredConfig config) {
        if (flagValue != null && !flagValue.isBlank()) {
            return flagValue;
        }
        String env = context.envValue(envVariable);
        if (env != null) {
            return env;
        }
        String stored = fromConfig.apply(config);
        return stored == null || stored.isBlank() ? null : stored;
    }

    /** Like {@link #resolve} but a missing value is a configuration error naming every way to give it. */
    public String require(String flagValue, CliContext context, StoredConfig config, String configPath) {
        String value = resolve(flagValue, context, config);
        if (value == null) {
            throw new CliException(ExitStatus.CONFIG, "missing " + what + ": give " + flag + ", set " + envVariable
                    + (configPath == null ? "" : ", or store it in " + configPath));
        }
        return value;
    }
}
