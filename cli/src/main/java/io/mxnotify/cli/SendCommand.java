package io.mxnotify.cli;

import io.mxnotify.cli.config.CliPaths;
import io.mxnotify.cli.config.ConfigFile;
import io.mxnotify.cli.config.Setting;
import io.mxnotify.cli.config.StoredConfig;
import io.mxnotify.core.Secret;
import io.mxnotify.core.delivery.HomeserverAccount;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.delivery.SendResult;
import io.mxnotify.core.id.RoomRef;
import io.mxnotify.core.render.InputFormat;
import io.mxnotify.core.render.MsgType;
import io.mxnotify.core.render.Notification;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mxnotify send}: spools a notification durably, then delivers it. */
@Command(name = "send",
        mixinStandardHelpOptions = true,
        description = {"Send a notification to a Matrix room. It is written to the spool first, then delivered;",
                "if it cannot be delivered now it stays queued (exit 75) and 'mxnotify queue flush' delivers it later.", ""},
        footer = {"", "Examples:",
                "  mxnotify send \"disk 91% full\"",
                "  mxnotify send --room '#alerts:example.org' --subject 'backup' --link https://ci.example.org/42 \"backup failed\"",
                "  df -h | mxnotify send --room '!abc:example.org'           # the message from standard input",
                "",
                "Exit codes: 0 delivered, 75 queued for a later retry (reason on stderr), 64 usage, 65 bad input,",
                "77 permission (forbidden, token rejected), 78 missing configuration."})
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
    private URI link;

    @ArgGroup(exclusive = true)
    private MessageType type = new MessageType();

    @ArgGroup(exclusive = true)
    private Format format = new Format();

    @Option(names = "--homeserver", paramLabel = "URL", description = "Home server base URL; env MXNOTIFY_HOMESERVER.")
    private String homeserver;

    @Option(names = "--access-token", paramLabel = "TOKEN",
            description = "Access token; env MXNOTIFY_ACCESS_TOKEN (preferred: a flag is visible to other users in 'ps').")
    private String accessToken;

    @Option(names = "--spool", paramLabel = "DIR", description = "Spool directory; env MXNOTIFY_SPOOL (default: $XDG_STATE_HOME/mxnotify/spool).")
    private Path spool;

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
        String where = configFile.path().toString();

        RoomRef target = RoomRef.parse(Setting.ROOM.require(room, context, config, where));
        Notification notification = new Notification(subject, messageText(context), link,
                type.text ? MsgType.TEXT : MsgType.NOTICE,
                format.html ? InputFormat.HTML : format.markdown ? InputFormat.MARKDOWN : InputFormat.PLAIN);
        URI server = URI.create(Setting.HOMESERVER.require(homeserver, context, config, where));
        HomeserverAccount account = HomeserverAccount.withToken(server,
                Secret.of(Setting.ACCESS_TOKEN.require(accessToken, context, config, where)));
        Path spoolDir = spool != null ? spool
                : Path.of(java.util.Objects.requireNonNullElse(context.envValue(Setting.SPOOL.envVariable()),
                new CliPaths(context).defaultSpoolDirectory().toString()));

        try (Notifier notifier = Notifier.builder(spoolDir, account).build()) {
            SendResult result = notifier.send(target, notification);
            switch (result.status()) {
                case DELIVERED:
                    context.out().println("delivered to " + result.room() + " as " + result.eventId().orElseThrow());
                    return ExitStatus.OK.code();
                case QUEUED:
                    context.err().println("mxnotify: queued (" + result.id() + "): " + result.reason());
                    return ExitStatus.QUEUED.code();
                default:
                    context.err().println("mxnotify: not delivered and given up (" + result.id() + "): " + result.reason());
                    return ExitStatus.DATA.code();
            }
        }
    }

    private String messageText(CliContext context) throws IOException {
        if (words.isEmpty() || words.equals(List.of("-"))) {
            String text = new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8);
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isBlank()) {
                throw new CliException(ExitStatus.USAGE, "no message: give it as arguments or on standard input");
            }
            return text;
        }
        return String.join(" ", words);
    }
}
