package io.mxnotify.cli;

import io.mxnotify.core.auth.CredentialStoreException;
import io.mxnotify.core.auth.LoginRequiredException;
import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.client.MatrixClientException;
import io.mxnotify.core.delivery.FlushReport;
import io.mxnotify.core.delivery.SendResult;
import io.mxnotify.core.spool.SpoolException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Runs one {@code mxnotify} command line against a {@link CliContext} and returns its exit code. All exit
 * codes come from here: picocli's usage errors map to {@link ExitStatus#USAGE}, every exception a command
 * throws is translated once, in {@link #exitStatusOf(Throwable)}.
 */
public final class Cli {
    private final CliContext context;

    public Cli(CliContext context) {
        this.context = context;
    }

    /** Parses and runs {@code args}; never throws, never exits the JVM. */
    public int execute(String... args) {
        return commandLine(args).execute(args);
    }

    /**
     * The command tree for {@code args}. Subcommands are added lazily: when {@code args} name one, only that
     * one is built (picocli builds a command's model by reflection, which is a good part of a short run's
     * start-up); for help, {@code completion} or anything else, all of them.
     */
    CommandLine commandLine(String... args) {
        MxnotifyCommand root = new MxnotifyCommand(context);
        CommandLine commandLine = new CommandLine(root);
        String named = SubcommandName.in(args);
        boolean justOne = named != null && MxnotifyCommand.SUBCOMMANDS.containsKey(named) && !named.equals("completion");
        MxnotifyCommand.SUBCOMMANDS.forEach((name, type) -> {
            if (!justOne || name.equals(named)) {
                commandLine.addSubcommand(name, type);
            }
        });
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // Wide enough that no example in the help is broken across lines (they are meant to be copied).
        commandLine.setUsageHelpWidth(130);
        commandLine.setParameterExceptionHandler(this::onUsageError);
        commandLine.setExecutionExceptionHandler((failure, cmd, parsed) -> onFailure(failure, root.debug()));
        CommandLine serve = commandLine.getSubcommands().get("serve");
        if (serve != null) {
            serve.setDefaultValueProvider(new EnvironmentDefaults(context, "MXNOTIFY_SERVE_"));
        }
        return commandLine;
    }

    /** Finds the subcommand name in a command line: the first word that is neither an option nor a root option's value. */
    static final class SubcommandName {
        private static final java.util.Set<String> ROOT_OPTIONS_WITH_VALUE = java.util.Set.of("--config", "--cacert");

        private SubcommandName() {
        }

        static String in(String... args) {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                    i++;
                } else if (!arg.startsWith("-")) {
                    return arg;
                }
            }
            return null;
        }
    }

    private int onUsageError(CommandLine.ParameterException failure, String[] args) {
        CommandLine cmd = failure.getCommandLine();
        context.err().println("mxnotify: " + failure.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(failure, context.err());
        context.err().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage and examples.");
        context.err().flush();
        return ExitStatus.USAGE.code();
    }

    private int onFailure(Exception failure, boolean debug) {
        ExitStatus status = exitStatusOf(failure);
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (status == ExitStatus.SOFTWARE) {
            message = "unexpected error (" + failure.getClass().getSimpleName() + "): " + message
                    + (debug ? "" : "; run again with --debug for details, and please report it");
        }
        context.err().println("mxnotify: " + message.replace('\n', ' '));
        if (debug) {
            failure.printStackTrace(context.err());
        }
        context.err().flush();
        return status.code();
    }

    /** The one mapping from a failure to an exit status. */
    static ExitStatus exitStatusOf(Throwable failure) {
        if (failure instanceof CliException cli) {
            return cli.status();
        }
        if (failure instanceof MatrixClientException matrix) {
            return exitStatusOf(matrix.kind());
        }
        if (failure instanceof SpoolException || failure instanceof CredentialStoreException) {
            return ExitStatus.IO;
        }
        if (failure instanceof LoginRequiredException) {
            return ExitStatus.PERMISSION;
        }
        if (failure instanceof IllegalArgumentException) {
            return ExitStatus.DATA;
        }
        if (failure instanceof IOException || failure instanceof UncheckedIOException) {
            return ExitStatus.IO;
        }
        return ExitStatus.SOFTWARE;
    }

    /**
     * A home server's refusal or absence, for commands that talk to it directly (login, join, whoami...):
     * a rejected token or a refusal is a permission problem, a bad request is bad input, the rest means the
     * server is unavailable now.
     */
    static ExitStatus exitStatusOf(FailureKind kind) {
        return switch (kind) {
            case UNKNOWN_TOKEN, FORBIDDEN, ACCOUNT_UNUSABLE -> ExitStatus.PERMISSION;
            case REJECTED -> ExitStatus.DATA;
            case WRONG_ENDPOINT -> ExitStatus.CONFIG;
            case NETWORK, TIMEOUT, TLS, SERVER_ERROR, RATE_LIMITED, SERVER_LIMIT -> ExitStatus.UNAVAILABLE;
        };
    }

    /**
     * What became of a sent notification: delivered is 0; queued is 75 unless it waits for something only a
     * person can fix (a rejected token with no password to log in again, a refused login, an unusable
     * account: 77); given up is 77 when refused for permission, else 65 (the server will never take it).
     */
    static ExitStatus exitStatusOf(SendResult result) {
        return switch (result.status()) {
            case DELIVERED -> ExitStatus.OK;
            case QUEUED -> isConfig(result.failure()) ? ExitStatus.CONFIG
                    : isPermission(result.failure()) ? ExitStatus.PERMISSION : ExitStatus.QUEUED;
            case LOGIN_REQUIRED -> ExitStatus.PERMISSION;
            case DEAD -> isPermission(result.failure()) ? ExitStatus.PERMISSION : ExitStatus.DATA;
        };
    }

    /** A flush: 0 when nothing is left and nothing died, else as {@link #exitStatusOf(SendResult)} per notification. */
    static ExitStatus exitStatusOf(FlushReport report) {
        ExitStatus status = ExitStatus.OK;
        for (var dead : report.died()) {
            status = worst(List.of(status, isPermission(report.failureOf(dead.id())) ? ExitStatus.PERMISSION : ExitStatus.DATA));
        }
        if (report.loginRequired()) {
            status = worst(List.of(status, ExitStatus.PERMISSION));
        }
        if (report.stillQueued() > 0 || report.flusherBusy()) {
            var settled = new java.util.HashSet<io.mxnotify.core.spool.SpoolId>();
            report.delivered().forEach(d -> settled.add(d.id()));
            report.died().forEach(d -> settled.add(d.id()));
            boolean permission = report.failures().entrySet().stream()
                    .anyMatch(f -> !settled.contains(f.getKey()) && isPermission(Optional.of(f.getValue())));
            boolean config = report.failures().entrySet().stream()
                    .anyMatch(f -> !settled.contains(f.getKey()) && isConfig(Optional.of(f.getValue())));
            status = worst(List.of(status, config ? ExitStatus.CONFIG : permission ? ExitStatus.PERMISSION
                    : ExitStatus.QUEUED));
        }
        return status;
    }

    /** The most serious of several statuses: configuration, permission, then bad input, then queued, then success. */
    static ExitStatus worst(Collection<ExitStatus> statuses) {
        List<ExitStatus> order = List.of(ExitStatus.CONFIG, ExitStatus.PERMISSION, ExitStatus.DATA, ExitStatus.QUEUED, ExitStatus.OK);
        for (ExitStatus candidate : order) {
            if (statuses.contains(candidate)) {
                return candidate;
            }
        }
        return statuses.isEmpty() ? ExitStatus.OK : statuses.iterator().next();
    }

    private static boolean isConfig(Optional<FailureKind> kind) {
        return kind.map(k -> k == FailureKind.WRONG_ENDPOINT).orElse(false);
    }

    private static boolean isPermission(Optional<FailureKind> kind) {
        return kind.map(k -> exitStatusOf(k) == ExitStatus.PERMISSION).orElse(false);
    }
}
