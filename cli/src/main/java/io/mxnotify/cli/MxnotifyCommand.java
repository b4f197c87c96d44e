package io.mxnotify.cli;

import io.mxnotify.cli.config.CliPaths;
import io.mxnotify.cli.config.VersionsCache;
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
    /**
     * The subcommands by name, in the order help lists them; {@link Cli} adds them (lazily). The names are
     * written out (each the same as its class's {@code @Command} name, which a test checks) rather than read
     * from the annotations: reading ten classes' annotations was a few per cent of a {@code send}'s start-up.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "send", SendCommand.class,
            "queue", QueueCommand.class,
            "discover", DiscoverCommand.class,
            "login", LoginCommand.class,
            "register", RegisterCommand.class,
            "join", JoinCommand.class,
            "whoami", WhoamiCommand.class,
            "logout", LogoutCommand.class,
            "serve", ServeCommand.class,
            "completion", CompletionCommand.class);

    private static Map<String, Class<?>> subcommands(Object... namesAndTypes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            byName.put((String) namesAndTypes[i], (Class<?>) namesAndTypes[i + 1]);
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

    private ClientFactory clients;

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

    /**
     * Builds clients with the TLS trust chosen by --cacert or MXNOTIFY_CACERT, and the servers' versions
     * answers cached in the state directory. One factory per run.
     */
    ClientFactory clients() {
        if (clients == null) {
            String fromEnv = context.envValue("MXNOTIFY_CACERT");
            clients = new ClientFactory(caFile != null ? caFile : fromEnv != null ? Path.of(fromEnv) : null,
                    new VersionsCache(new CliPaths(context).versionsCacheDirectory(), context.clock()));
        }
        return clients;
    }

    /** The configuration file in use. */
    ConfigFile configFile() {
        return new ConfigFile(configFile != null ? configFile : new CliPaths(context).defaultConfigFile(), warning -> {
            context.err().println(warning);
            context.err().flush();
        });
    }
}
