package io.mxnotify.cli;

import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.SpoolId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mxnotify queue retry}: takes given-up notifications back from dead/ into the queue. */
@Command(name = "retry",
        mixinStandardHelpOptions = true,
        description = {"Take given-up (dead) notifications back into the queue, with their attempts reset; the next",
                "send or 'mxnotify queue flush' delivers them. They keep their transaction id, so none is duplicated.", ""},
        footer = {"", "Examples:",
                "  mxnotify queue retry --all",
                "  mxnotify queue retry 0001795793423642074-mxnaHuMwU1xoL6srEbL-UHSfA   # an id from 'mxnotify queue list'",
                "  mxnotify queue retry --all && mxnotify queue flush"})
final class QueueRetryCommand implements Callable<Integer> {

    @ParentCommand
    private QueueCommand queue;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Ids of dead notifications, as 'mxnotify queue list' shows them.")
    private List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Every dead notification.")
    private boolean all;

    @Mixin
    private SpoolOption spoolOption;

    @Override
    public Integer call() {
        CliContext context = queue.root().context();
        if (all == !ids.isEmpty()) {
            throw new CliException(ExitStatus.USAGE, "give the ids of dead notifications to retry, or --all (not both)");
        }
        List<SpoolId> parsed = ids.stream().map(QueueRetryCommand::parseId).toList();
        try (Spool spool = Spool.open(spoolOption.directory(context))) {
            if (all) {
                int count = spool.requeueAll();
                context.out().println("re-queued " + count + " notification" + (count == 1 ? "" : "s") + " in " + spool.directory());
                return ExitStatus.OK.code();
            }
            List<String> unknown = new ArrayList<>();
            for (SpoolId id : parsed) {
                if (spool.requeue(id)) {
                    context.out().println("re-queued " + id);
                } else {
                    unknown.add(id.toString());
                }
            }
            if (!unknown.isEmpty()) {
                throw new CliException(ExitStatus.DATA, "no dead notification with id " + String.join(", ", unknown)
                        + " in " + spool.deadDirectory() + " (see 'mxnotify queue list')");
            }
        }
        return ExitStatus.OK.code();
    }

    /** Parses a spool id as 'mxnotify queue list' prints it. */
    static SpoolId parseId(String text) {
        try {
            return SpoolId.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitStatus.DATA, "'" + text + "' is not a spool id like "
                    + "0001795793423642074-mxnaHuMwU1xoL6srEbL-UHSfA (see 'mxnotify queue list')");
        }
    }
}
