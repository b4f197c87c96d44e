package io.mxnotify.cli;

import io.mxnotify.core.delivery.DeliveredNotification;
import io.mxnotify.core.delivery.FlushReport;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.spool.QuarantinedFile;
import io.mxnotify.core.spool.SpoolEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code mxnotify queue flush}: delivers what the spool holds, once or (with --watch) until stopped. */
@Command(name = "flush",
        mixinStandardHelpOptions = true,
        description = {"Deliver the notifications waiting in the spool. Every room's oldest notification is tried now;",
                "with --watch, keep delivering (with backoff, honouring rate limits, picking up what other processes spool)",
                "until interrupted: run it as a systemd service or a container's main process.", ""},
        footer = {"", "Examples:",
                "  mxnotify queue flush",
                "  mxnotify queue flush --patience 60          # keep retrying for up to a minute",
                "  mxnotify queue flush --watch --interval 10  # until Ctrl+C or SIGTERM",
                "",
                "Exit codes: 0 nothing left waiting, 75 some still wait, 65 some were given up, 77 permission, 78 configuration."})
final class QueueFlushCommand implements Callable<Integer> {

    @ParentCommand
    private QueueCommand queue;

    @Option(names = "--watch", description = "Keep delivering until interrupted (SIGINT/SIGTERM).")
    private boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --watch: how often to look for notifications spooled by other processes (default: ${DEFAULT-VALUE}).")
    private long intervalSeconds;

    @Option(names = "--patience", paramLabel = "SECONDS", defaultValue = "0",
            description = "Without --watch: keep retrying (with backoff) for up to this long (default: ${DEFAULT-VALUE}).")
    private long patienceSeconds;

    @Option(names = "--rate-limit-patience", paramLabel = "SECONDS", defaultValue = "60",
            description = {"Without --watch: wait out the server's rate limit (M_LIMIT_EXCEEDED) for as long as it asks,",
                    "while each wait ends within this long of the last delivery (default: ${DEFAULT-VALUE}); then exit 75",
                    "with what is left."})
    private long rateLimitPatienceSeconds;

    @Mixin
    private AccountOptions accountOptions;

    @Mixin
    private SpoolOption spoolOption;

    @Override
    public Integer call() throws InterruptedException {
        CliContext context = queue.root().context();
        if (intervalSeconds < 1 || patienceSeconds < 0 || rateLimitPatienceSeconds < 0) {
            throw new CliException(ExitStatus.USAGE,
                    "--interval must be at least 1, and --patience and --rate-limit-patience not negative");
        }
        AccountOptions.Resolved resolved = accountOptions.resolve(context, queue.root().configFile(), queue.root().clients());
        Notifier notifier = resolved.withSession(Notifier.builder(spoolOption.directory(context), resolved.account())
                .client(resolved.client().withoutAccessToken())
                .backgroundRescan(Duration.ofSeconds(intervalSeconds)), context)
                .build();
        if (!watch) {
            try (notifier) {
                FlushReport report = notifier.flush(Duration.ofSeconds(patienceSeconds),
                        Duration.ofSeconds(Math.max(patienceSeconds, rateLimitPatienceSeconds)));
                print(context, report);
                return Cli.exitStatusOf(report).code();
            }
        }
        CountDownLatch stop = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable shutDown = () -> {
            if (stopped.compareAndSet(false, true)) {
                context.err().println("mxnotify: stopping; what is not delivered stays in " + notifier.spool().directory());
                notifier.close(); // finishes the send in flight, releases the flusher lock
            }
        };
        // SIGTERM and SIGINT are the way to stop a watcher (systemd, docker stop, Ctrl+C): a clean stop, exit 0.
        // Any other end of the JVM still closes the notifier through the hook.
        Runtime.getRuntime().addShutdownHook(new Thread(shutDown, "mxnotify-flush-shutdown"));
        StopSignals.onStop(stop::countDown);
        print(context, notifier.flush());
        context.err().println("mxnotify: watching " + notifier.spool().directory() + " and delivering to "
                + resolved.homeserver() + " until interrupted");
        notifier.startBackground();
        stop.await();
        shutDown.run();
        return ExitStatus.OK.code();
    }

    private static void print(CliContext context, FlushReport report) {
        for (DeliveredNotification d : report.delivered()) {
            context.out().println("delivered " + d.id() + " to " + d.room() + " as " + d.eventId() + (d.late() ? " (late)" : ""));
        }
        for (SpoolEntry dead : report.died()) {
            context.err().println("mxnotify: given up " + dead.id() + " for " + dead.room() + ": " + dead.deadReason());
        }
        for (QuarantinedFile file : report.quarantined()) {
            context.err().println("mxnotify: quarantined " + file.originalName() + ": " + file.reason());
        }
        if (report.flusherBusy()) {
            context.err().println("mxnotify: another process is delivering from this spool; it will deliver what waits");
        }
        for (Map.Entry<String, String> room : report.waiting().entrySet()) {
            context.err().println("mxnotify: " + room.getKey() + ": " + room.getValue());
        }
        context.out().println(report.delivered().size() + " delivered, " + report.stillQueued() + " still waiting, "
                + report.died().size() + " given up");
    }
}
