package io.mxnotify.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code mxnotify queue}: see and drive the spool of notifications not delivered yet. */
@Command(name = "queue",
        mixinStandardHelpOptions = true,
        description = {"See and drive the spool: notifications waiting for delivery, and those given up (dead).", ""},
        subcommands = {QueueListCommand.class, QueueFlushCommand.class, QueueRetryCommand.class, QueuePurgeCommand.class},
        footer = {"", "Examples:",
                "  mxnotify queue list                 # what waits, and why",
                "  mxnotify queue list --json | jq '.waiting | length'",
                "  mxnotify queue flush                # deliver what waits now",
                "  mxnotify queue flush --watch        # keep delivering until stopped (systemd, containers)",
                "  mxnotify queue retry --all          # take the dead back into the queue",
                "  mxnotify queue purge --dead --yes   # delete the dead for good"})
final class QueueCommand implements Callable<Integer> {
    @ParentCommand
    private MxnotifyCommand parent;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        parent.context().err().println("mxnotify: 'queue' needs a subcommand: list, flush, retry or purge.");
        spec.commandLine().usage(parent.context().err());
        return ExitStatus.USAGE.code();
    }

    /** The root command, for the context and the configuration. */
    MxnotifyCommand root() {
        return parent;
    }
}
