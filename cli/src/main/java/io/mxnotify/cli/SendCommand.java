package io.mxnotify.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.cli.config.ConfigFile;
import io.mxnotify.cli.config.Setting;
import io.mxnotify.cli.config.StoredConfig;
import io.mxnotify.core.delivery.DeliveryPolicy;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.delivery.SendResult;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.InputFormat;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.core.render.MessageRenderer;
import io.mxnotify.core.render.MessageTooLargeException;
import io.mxnotify.core.render.MsgType;
import io.mxnotify.core.render.Notification;
import io.mxnotify.core.render.OversizePolicy;
import io.mxnotify.core.spool.Spool;
import io.mxnotify.core.spool.SpoolEntry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mxnotify send}: spools a notification durably, then delivers it. */
@Command(name = "send",
        mixinStandardHelpOptions = true,
        description = {"Send a notification to a Matrix room. It is written to the spool first, then delivered;",
                "if it cannot be delivered now it stays queued (exit 75) and 'mxnotify queue flush' (or the next send) delivers it later.", ""},
        footer = {"", "Examples:",
                "  mxnotify send \"disk 91%% full\"",
                "  mxnotify send --room '#alerts:example.org' --subject backup --link https://ci.example.org/42 \"backup failed\"",
                "  df -h | mxnotify send --room '!abc:example.org'             # the message from standard input",
                "  mxnotify send --markdown --text '**deploy** of `v1.2` done'",
                "  journalctl -n 2000 | mxnotify send --split                  # too long for one event: several",
                "  mxnotify send --no-wait \"queued only\"; mxnotify queue flush",
                "",
                "Exit codes: 0 delivered (or spooled with --no-wait), 75 queued for a later retry (reason on stderr),",
                "64 usage, 65 bad input (too large without --split, invalid room, refused by the server),",
                "77 permission (forbidden, token rejected and no password to log in again), 78 missing configuration."})
final class SendCommand implements Callable<Integer> {

    @ParentCommand
    private MxnotifyCommand parent;

    @Parameters(paramLabel = "MESSAGE", arity = "0..*",
            description = "The message; words are joined with spaces. Without it, or with '-', it is read from standard input.")
    private List<String> words = new ArrayList<>();

    @Option(names = "--room", paramLabel = "ROOM", description = "Room id (!abc:example.org) or alias (#alerts:example.org); env MXNOTIFY_ROOM.")
    private String room;

    @Option(names = "--subject", paramLabel = "TEXT", description = "A subject line, shown in bold before the message.")
    private String subject;

    @Option(names = "--link", paramLabel = "URL", description = "A link shown after the message (http, https or mailto).")
    private String link;

    @ArgGroup(exclusive = true)
    private MessageType type = new MessageType();

    @ArgGroup(exclusive = true)
    private Format format = new Format();

    @Option(names = "--split", description = "Split a message too large for one event into several (default: refuse it, exit 65).")
    private boolean split;

    @Option(names = "--no-wait", description = "Only spool the notification (exit 0 once it is on disk); 'mxnotify queue flush' delivers it.")
    private boolean noWait;

    @Option(names = "--patience", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to keep retrying before answering 'queued' (exit 75) (default: ${DEFAULT-VALUE}).")
    private long patienceSeconds;

    @Mixin
    private AccountOptions accountOptions;

    @Mixin
    private SpoolOption spoolOption;

    static final class MessageType {
        @Option(names = "--notice", description = "Send as m.notice (the default: clients show it as a bot message).")
        boolean notice;
        @Option(names = "--text", description = "Send as m.text (a normal message, may trigger notifications).")
        boolean text;
    }

    static final class Format {
        @Option(names = "--html", description = "The message is HTML (sanitized to the Matrix subset).")
        boolean html;
        @Option(names = "--markdown", description = "The message is Markdown.")
        boolean markdown;
    }

    @Override
    public Integer call() throws IOException {
        CliContext context = parent.context();
        ConfigFile configFile = parent.configFile();
        StoredConfig config = configFile.read();
        if (patienceSeconds < 0) {
            throw new CliException(ExitStatus.USAGE, "--patience must not be negative, got " + patienceSeconds);
        }
        RoomRef target = RoomRef.parse(Setting.ROOM.require(room, context, config, configFile.path().toString()).strip());
        Notification notification = new Notification(subject, messageText(context), parseLink(),
                type.text ? MsgType.TEXT : MsgType.NOTICE,
                format.html ? InputFormat.HTML : format.markdown ? InputFormat.MARKDOWN : InputFormat.PLAIN);
        Path spoolDir = spoolOption.directory(context);
        if (noWait) {
            return spoolOnly(context, spoolDir, target, notification);
        }
        AccountOptions.Resolved resolved = accountOptions.resolve(context, configFile, parent.clients());
        DeliveryPolicy policy = DeliveryPolicy.defaults().withSendPatience(Duration.ofSeconds(patienceSeconds));
        try (Notifier notifier = resolved.withSession(Notifier.builder(spoolDir, resolved.account()).policy(policy)
                .client(resolved.client().withoutAccessToken()), context).build()) {
            List<SendResult> results = split ? notifier.sendSplitting(target, notification)
                    : List.of(notifier.send(target, tooLargeIsBadInput(notification)));
            List<ExitStatus> statuses = new ArrayList<>();
            for (SendResult result : results) {
                ExitStatus status = Cli.exitStatusOf(result);
                statuses.add(status);
                switch (result.status()) {
                    case DELIVERED -> context.out().println("delivered to " + result.room() + " as " + result.eventId().orElseThrow());
                    case QUEUED -> context.err().println("mxnotify: queued (" + result.id() + "): " + result.reason());
                    case LOGIN_REQUIRED -> context.err().println("mxnotify: queued (" + result.id() + ") until you log in"
                            + " again: " + result.reason());
                    case DEAD -> context.err().println("mxnotify: not delivered and given up (" + result.id() + ", kept in "
                            + notifier.spool().deadDirectory() + "): " + result.reason());
                }
            }
            parent.clients().cacheFetchedVersions();
            return Cli.worst(statuses).code();
        }
    }

    /** Renders now so that a message too large for one event is refused before anything is spooled. */
    private Notification tooLargeIsBadInput(Notification notification) {
        try {
            new MessageRenderer().render(notification);
            return notification;
        } catch (MessageTooLargeException e) {
            throw new CliException(ExitStatus.DATA, e.getMessage() + "; give --split to send it as several messages");
        }
    }

    private int spoolOnly(CliContext context, Path spoolDir, RoomRef target, Notification notification) {
        MessageRenderer renderer = new MessageRenderer();
        List<MessageContent> parts = split ? renderer.render(notification, OversizePolicy.SPLIT)
                : List.of(renderer.render(tooLargeIsBadInput(notification)));
        ObjectMapper json = new ObjectMapper();
        try (Spool spool = Spool.open(spoolDir)) {
            for (MessageContent part : parts) {
                SpoolEntry entry = spool.enqueue(target.value(), json.valueToTree(part.toMap()));
                context.out().println("spooled " + entry.id() + " for " + target + " in " + spool.directory());
            }
        }
        return ExitStatus.OK.code();
    }

    private URI parseLink() {
        if (link == null) {
            return null;
        }
        try {
            return new URI(link.strip());
        } catch (URISyntaxException e) {
            throw new CliException(ExitStatus.DATA, "the link '" + link + "' is not a URL: " + e.getReason());
        }
    }

    private String messageText(CliContext context) throws IOException {
        if (words.isEmpty() || words.equals(List.of("-"))) {
            if (context.terminal().present()) {
                context.err().println("mxnotify: reading the message from the terminal; end it with Ctrl+D (or give it as arguments)");
            }
            String text = new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8);
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isBlank() && subject == null) {
                throw new CliException(ExitStatus.USAGE, "no message: give it as arguments or on standard input");
            }
            return text;
        }
        return String.join(" ", words);
    }
}
