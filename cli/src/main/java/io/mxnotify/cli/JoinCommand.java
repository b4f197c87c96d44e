package io.mxnotify.cli;

import io.mxnotify.cli.config.Setting;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.id.RoomRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code mxnotify join ROOM}: joins a room by id or alias and prints its id. */
@Command(name = "join",
        mixinStandardHelpOptions = true,
        description = {"Join a room (by id or alias) as the configured account and print its room id alone on standard",
                "output (ROOM_ID=$(mxnotify join '#alerts:example.org')); what was joined is said on standard error.",
                "With --save it becomes the default room of 'mxnotify send'.", ""},
        footer = {"", "Examples:",
                "  mxnotify join '#alerts:example.org'",
                "  mxnotify join --save '#alerts:example.org'     # and send there by default",
                "  mxnotify join '!abcdef:example.org'",
                "",
                "Exit codes: 0 joined, 65 no such room, 77 not allowed (not invited, banned, token rejected), 69 server unavailable."})
final class JoinCommand implements Callable<Integer> {

    @ParentCommand
    private MxnotifyCommand parent;

    @Parameters(paramLabel = "ROOM", arity = "0..1",
            description = "Room id or alias (default: --room, MXNOTIFY_ROOM or the configured room).")
    private String room;

    @Option(names = "--save", description = "Store the room in the configuration file as the default for 'send'.")
    private boolean save;

    @Mixin
    private AccountOptions accountOptions;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        AccountOptions.Resolved resolved = accountOptions.resolve(context, parent.configFile(), parent.clients());
        RoomRef target = RoomRef.parse(Setting.ROOM.require(room, context, resolved.config(),
                resolved.configFile().path().toString()).strip());
        if (resolved.account().accessToken().isEmpty()) {
            throw new CliException(ExitStatus.CONFIG, "joining needs an access token: run 'mxnotify login' first");
        }
        RoomId joined = RateLimitWaits.call(context, "join", () -> resolved.client().join(target));
        context.out().println(joined.value());
        context.err().println("mxnotify: joined " + target.value()
                + (target.value().equals(joined.value()) ? "" : " (" + joined.value() + ")"));
        if (save) {
            resolved.configFile().update(c -> c.withRoom(target.value()));
            context.err().println("mxnotify: saved as the default room in " + resolved.configFile().path());
        }
        return ExitStatus.OK.code();
    }
}
