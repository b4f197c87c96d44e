package io.mxnotify.cli;

import io.mxnotify.cli.config.CliPaths;
import io.mxnotify.cli.config.Setting;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --spool DIR} option shared by the commands that use the spool, with its env and XDG defaults. */
final class SpoolOption {
    @Option(names = "--spool", paramLabel = "DIR",
            description = "Spool directory; env MXNOTIFY_SPOOL (default: $XDG_STATE_HOME/mxnotify/spool).")
    private Path spool;

    /** The spool directory by precedence flag > MXNOTIFY_SPOOL > XDG default. */
    Path directory(CliContext context) {
        if (spool != null) {
            return spool;
        }
        String fromEnv = context.envValue(Setting.SPOOL.envVariable());
        return fromEnv != null ? Path.of(fromEnv) : new CliPaths(context).defaultSpoolDirectory();
    }
}
