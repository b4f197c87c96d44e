package io.mxnotify.cli.config;

import io.mxnotify.cli.CliContext;
import io.mxnotify.cli.CliException;
import io.mxnotify.cli.ExitStatus;

import java.nio.file.Path;

/**
 * Where mxnotify keeps its files, per the XDG base directory convention: the configuration in
 * {@code $XDG_CONFIG_HOME/mxnotify/config.json} (default {@code ~/.config}), the spool in
 * {@code $XDG_STATE_HOME/mxnotify/spool} (default {@code ~/.local/state}), cached versions answers in
 * {@code $XDG_STATE_HOME/mxnotify/versions}.
 */
public final class CliPaths {
    private final CliContext context;

    public CliPaths(CliContext context) {
        this.context = context;
    }

    /** The default configuration file. */
    public Path defaultConfigFile() {
        return base("XDG_CONFIG_HOME", ".config").resolve("mxnotify").resolve("config.json");
    }

    /** The default spool directory. */
    public Path defaultSpoolDirectory() {
        return base("XDG_STATE_HOME", ".local/state").resolve("mxnotify").resolve("spool");
    }

    /** Where each home server's versions answer is cached for a short time. */
    public Path versionsCacheDirectory() {
        return base("XDG_STATE_HOME", ".local/state").resolve("mxnotify").resolve("versions");
    }

    private Path base(String xdgVariable, String underHome) {
        String xdg = context.envValue(xdgVariable);
        if (xdg != null && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg);
        }
        String home = context.envValue("HOME");
        if (home == null) {
            home = System.getProperty("user.home");
        }
        if (home == null || home.isBlank()) {
            throw new CliException(ExitStatus.CONFIG, "neither $" + xdgVariable + " nor $HOME is set; set one of them, "
                    + "or give the file explicitly (--config, --spool)");
        }
        return Path.of(home).resolve(underHome);
    }
}
