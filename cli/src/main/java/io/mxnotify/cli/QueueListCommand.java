package io.mxnotify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.spool.QuarantinedFile;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.SpoolEntry;
import io.mxnotify.core.spool.SpoolScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mxnotify queue list}: the waiting and the dead notifications, as text or JSON. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"List the notifications waiting in the spool (oldest first, with why they wait) and those given up.", ""},
        footer = {"", "Examples:",
                "  mxnotify queue list",
                "  mxnotify queue list --json",
                "  mxnotify queue list --spool /var/spool/mxnotify"})
final class QueueListCommand implements Callable<Integer> {
    private static final int PREVIEW = 60;

    @ParentCommand
    private QueueCommand queue;

    @Option(names = "--json", description = "Print JSON: {\"spool\", \"waiting\": [...], \"dead\": [...], \"unusable\": [...],"
            + " \"quarantined\": [...]}.")
    private boolean json;

    @Mixin
    private SpoolOption spoolOption;

    @Override
    public Integer call() throws Exception {
        CliContext context = queue.root().context();
        try (Spool spool = Spool.open(spoolOption.directory(context))) {
            SpoolScan scan = spool.inspect(); // looking only: moving unusable files aside is the flusher's job
            List<SpoolEntry> dead = spool.dead();
            List<QuarantinedFile> quarantined = spool.quarantined();
            if (json) {
                printJson(context.out(), spool, scan, dead, quarantined);
            } else {
                printText(context.out(), spool, scan, dead, quarantined);
            }
        }
        return ExitStatus.OK.code();
    }

    private static void printText(PrintWriter out, Spool spool, SpoolScan scan, List<SpoolEntry> dead,
                                  List<QuarantinedFile> quarantined) {
        out.println(scan.entries().size() + " waiting, " + dead.size() + " dead, " + quarantined.size() + " quarantined"
                + (scan.quarantined().isEmpty() ? "" : ", " + scan.quarantined().size() + " unusable") + " in "
                + spool.directory());
        for (SpoolEntry entry : scan.entries()) {
            out.println();
            out.println("waiting  " + entry.id() + "  " + entry.room());
            out.println("  queued " + entry.enqueuedAt() + ", " + entry.attempts() + " failed attempts"
                    + (entry.attempts() > 0 || entry.lastError() != null ? ", next try after " + entry.nextAttemptAt() : ""));
            if (entry.lastError() != null) {
                out.println("  last error: " + entry.lastError());
            }
            out.println("  " + preview(entry));
        }
        for (SpoolEntry entry : dead) {
            out.println();
            out.println("dead     " + entry.id() + "  " + entry.room());
            out.println("  queued " + entry.enqueuedAt() + ", " + entry.attempts() + " failed attempts");
            out.println("  given up: " + entry.deadReason());
            out.println("  " + preview(entry));
        }
        for (QuarantinedFile file : scan.quarantined()) {
            out.println();
            out.println("unusable " + file.movedTo() + ": " + file.reason());
            out.println("  the next 'mxnotify queue flush' moves it to " + spool.quarantineDirectory());
        }
        for (QuarantinedFile file : quarantined) {
            out.println();
            out.println("quarantined " + file.movedTo() + ": " + file.reason());
        }
    }

    private static void printJson(PrintWriter out, Spool spool, SpoolScan scan, List<SpoolEntry> dead,
                                  List<QuarantinedFile> quarantinedFiles) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("spool", spool.directory().toString());
        ArrayNode waiting = root.putArray("waiting");
        scan.entries().forEach(e -> waiting.add(toJson(mapper, e)));
        ArrayNode deadArray = root.putArray("dead");
        dead.forEach(e -> deadArray.add(toJson(mapper, e)));
        ArrayNode unusable = root.putArray("unusable");
        for (QuarantinedFile file : scan.quarantined()) {
            unusable.addObject().put("name", file.originalName()).put("path", file.movedTo().toString())
                    .put("reason", file.reason());
        }
        ArrayNode quarantined = root.putArray("quarantined");
        for (QuarantinedFile file : quarantinedFiles) {
            quarantined.addObject().put("name", file.originalName()).put("path", file.movedTo().toString())
                    .put("reason", file.reason());
        }
        out.println(mapper.writeValueAsString(root));
    }

    private static ObjectNode toJson(ObjectMapper mapper, SpoolEntry e) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", e.id().toString());
        node.put("room", e.room());
        node.put("txn_id", e.txnId());
        node.put("enqueued_at", e.enqueuedAt().toString());
        node.put("requeued_at", text(e.requeuedAt()));
        node.put("attempts", e.attempts());
        node.put("next_attempt_at", e.nextAttemptAt().toString());
        node.put("last_error", e.lastError());
        if (e.deadReason() != null) {
            node.put("dead_reason", e.deadReason());
        }
        node.set("content", e.content());
        return node;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String preview(SpoolEntry entry) {
        String body = entry.content().path("body").asText("");
        String firstLine = body.lines().findFirst().orElse("");
        String shown = firstLine.length() > PREVIEW ? firstLine.substring(0, PREVIEW) + "..." : firstLine;
        return "\"" + shown + "\"" + (body.contains("\n") || firstLine.length() > PREVIEW ? " (" + body.length() + " characters)" : "");
    }
}
