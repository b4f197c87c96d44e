package io.mxnotify.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

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
        MxnotifyCommand root = new MxnotifyCommand(context);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(this::onUsageError);
        commandLine.setExecutionExceptionHandler((failure, cmd, parsed) -> onFailure(failure, root.debug()));
        commandLine.getSubcommands().get("serve").setDefaultValueProvider(new EnvironmentDefaults(context, "MXNOTIFY_SERVE_"));
        return commandLine.execute(args);
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
        context.err().println("mxnotify: " + message);
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
        if (failure instanceof IllegalArgumentException) {
            return ExitStatus.DATA;
        }
        if (failure instanceof IOException || failure instanceof UncheckedIOException) {
            return ExitStatus.IO;
        }
        return ExitStatus.SOFTWARE;
    }
}
