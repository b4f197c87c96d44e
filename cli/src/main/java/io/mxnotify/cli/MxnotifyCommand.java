package io.mxnotify.cli;

import io.mxnotify.cli.config.CliPaths;
import io.mxnotify.cli.config.ConfigFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** The root {@code mxnotify} command: global options and the list of subcommands. */
@Command(name = "mxnotify",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Send notifications to Matrix rooms that are never lost, and test notifiers offline against a fake home server.", ""},
        footer = {"", "Examples:",
                "  mxnotify serve                                   # a fake home server with a ready user and room",
                "  mxnotify login --user @bot:example.org           # asks for the password, stores token and device",
                "  mxnotify join --save '#alerts:example.org'",
                "  mxnotify send \"disk 91%% full\"",
                "  mxnotify queue list",
                "",
                "Settings: flags > environment (MXNOTIFY_HOMESERVER, MXNOTIFY_ACCESS_TOKEN, MXNOTIFY_ROOM, MXNOTIFY_USER,",
                "MXNOTIFY_PASSWORD_FILE, MXNOTIFY_SPOOL) > configuration file ($XDG_CONFIG_HOME/mxnotify/config.json).",
                "",
                "Exit codes: 0 ok/delivered, 64 usage, 65 bad input, 69 unavailable, 74 I/O, 75 queued for retry,",
                "77 permission, 78 configuration."})
public final class MxnotifyCommand implements Callable<Integer> {
    /** The subcommands in the order help lists them; {@link Cli} adds them (lazily). */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(SendCommand.class, QueueCommand.class,
            DiscoverCommand.class, LoginCommand.class, RegisterCommand.class, JoinCommand.class, WhoamiCommand.class,
            LogoutCommand.class, ServeCommand.class, CompletionCommand.class);

    private static Map<String, Class<?>> subcommands(Class<?>... types) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> type : types) {
            byName.put(type.getAnnotation(Command.class).name(), type);
        }
        return Collections.unmodifiableMap(byName);
    }
    private final CliContext context;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: $XDG_CONFIG_HOME/mxnotify/config.json).")
    private Path configFile;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of unexpected errors.")
    private boolean debug;

    @Option(names = "--cacert", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Trust only the PEM certificates in FILE for https (a private CA, or 'serve --tls'); env MXNOTIFY_CACERT.")
    private Path caFile;

    MxnotifyCommand(CliContext context) {
        this.context = context;
    }

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        context.err().println("mxnotify: a command is required.");
        spec.commandLine().usage(context.err());
        return ExitStatus.USAGE.code();
    }

    /** The context commands run in. */
    CliContext context() {
        return context;
    }

    /** Whether {@code --debug} was given. */
    boolean debug() {
        return debug;
    }

    /** Builds clients with the TLS trust chosen by --cacert or MXNOTIFY_CACERT. */
    ClientFactory clients() {
        String fromEnv = context.envValue("MXNOTIFY_CACERT");
        return new ClientFactory(caFile != null ? caFile : fromEnv != null ? Path.of(fromEnv) : null);
    }

    /** The configuration file in use. */
    ConfigFile configFile() {
        return new ConfigFile(configFile != null ? configFile : new CliPaths(context).defaultConfigFile());
    }
}
