package io.mxnotify.cli;

import io.mxnotify.core.spool.FlusherLock;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.SpoolEntry;
import io.mxnotify.core.spool.SpoolId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code mxnotify queue purge}: deletes waiting or dead notifications for good, after confirmation. */
@Command(name = "purge",
        mixinStandardHelpOptions = true,
        description = {"Delete notifications from the spool for good: the given ids, every dead one (--dead), every",
                "waiting one (--waiting) or all of them (--all). Asks for confirmation on a terminal; without one, needs --yes.", ""},
        footer = {"", "Examples:",
                "  mxnotify queue purge --dead",
                "  mxnotify queue purge --all --yes                 # in a script",
                "  mxnotify queue purge 0001795793423642074-mxnaHuMwU1xoL6srEbL-UHSfA"})
final class QueuePurgeCommand implements Callable<Integer> {

    @ParentCommand
    private QueueCommand queue;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Ids of waiting or dead notifications, as 'mxnotify queue list' shows them.")
    private List<String> ids = new ArrayList<>();

    @Option(names = "--dead", description = "Every dead notification.")
    private boolean dead;

    @Option(names = "--waiting", description = "Every waiting notification.")
    private boolean waiting;

    @Option(names = "--all", description = "Every notification, waiting or dead.")
    private boolean all;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    private boolean yes;

    @Mixin
    private SpoolOption spoolOption;

    @Override
    public Integer call() {
        CliContext context = queue.root().context();
        if (ids.isEmpty() && !dead && !waiting && !all) {
            throw new CliException(ExitStatus.USAGE, "say what to purge: ids, --dead, --waiting or --all");
        }
        List<SpoolId> wanted = ids.stream().map(QueueRetryCommand::parseId).toList();
        try (Spool spool = Spool.open(spoolOption.directory(context))) {
            Optional<FlusherLock> lock = spool.tryLockFlusher();
            if (lock.isEmpty()) {
                throw new CliException(ExitStatus.QUEUED, "another process is delivering from " + spool.directory()
                        + " (e.g. 'mxnotify queue flush --watch'); stop it or try again in a moment");
            }
            try (FlusherLock held = lock.get()) {
                List<SpoolEntry> waitingVictims = new ArrayList<>();
                List<SpoolEntry> deadVictims = new ArrayList<>();
                for (SpoolEntry entry : spool.scan().entries()) {
                    if (waiting || all || wanted.contains(entry.id())) {
                        waitingVictims.add(entry);
                    }
                }
                for (SpoolEntry entry : spool.dead()) {
                    if (dead || all || wanted.contains(entry.id())) {
                        deadVictims.add(entry);
                    }
                }
                List<String> unknown = wanted.stream()
                        .filter(id -> waitingVictims.stream().noneMatch(e -> e.id().equals(id))
                                && deadVictims.stream().noneMatch(e -> e.id().equals(id)))
                        .map(SpoolId::toString).toList();
                if (!unknown.isEmpty()) {
                    throw new CliException(ExitStatus.DATA, "no notification with id " + String.join(", ", unknown)
                            + " in " + spool.directory() + " (see 'mxnotify queue list')");
                }
                int count = waitingVictims.size() + deadVictims.size();
                if (count == 0) {
                    context.out().println("nothing to purge in " + spool.directory());
                    return ExitStatus.OK.code();
                }
                confirm(context, waitingVictims.size(), deadVictims.size());
                for (SpoolEntry entry : waitingVictims) {
                    spool.remove(entry);
                }
                for (SpoolEntry entry : deadVictims) {
                    spool.discardDead(entry.id());
                }
                context.out().println("purged " + waitingVictims.size() + " waiting and " + deadVictims.size()
                        + " dead notification" + (count == 1 ? "" : "s") + " from " + spool.directory());
            }
        }
        return ExitStatus.OK.code();
    }

    private void confirm(CliContext context, int waitingCount, int deadCount) {
        if (yes) {
            return;
        }
        String question = "Delete " + waitingCount + " waiting and " + deadCount + " dead notification"
                + (waitingCount + deadCount == 1 ? "" : "s") + " for good? [y/N] ";
        Optional<String> answer = context.terminal().readLine(question);
        if (answer.isEmpty()) {
            throw new CliException(ExitStatus.USAGE, "not purging without confirmation and there is no terminal to ask: add --yes");
        }
        String a = answer.get().strip().toLowerCase(Locale.ROOT);
        if (!a.equals("y") && !a.equals("yes")) {
            throw new CliException(ExitStatus.FAILURE, "not purged");
        }
    }
}
