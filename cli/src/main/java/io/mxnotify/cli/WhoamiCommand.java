package io.mxnotify.cli;

import io.mxnotify.core.client.WhoAmI;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code mxnotify whoami}: who the configured token belongs to, on which device, and until when. */
@Command(name = "whoami",
        mixinStandardHelpOptions = true,
        description = {"Ask the home server who the access token belongs to: user id and device id, and when the",
                "token expires when that is known. Exit 77 when the token is rejected.", ""},
        footer = {"", "Examples:",
                "  mxnotify whoami",
                "  MXNOTIFY_ACCESS_TOKEN=syt_... mxnotify whoami --homeserver https://matrix.example.org"})
final class WhoamiCommand implements Callable<Integer> {

    @ParentCommand
    private MxnotifyCommand parent;

    @Option(names = "--show-token", description = "Also print the access token.")
    private boolean showToken;

    @Mixin
    private AccountOptions accountOptions;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        AccountOptions.Resolved resolved = accountOptions.resolve(context, parent.configFile(), parent.clients());
        if (resolved.account().accessToken().isEmpty()) {
            throw new CliException(ExitStatus.CONFIG, "no access token to ask about: run 'mxnotify login', or give"
                    + " --access-token or MXNOTIFY_ACCESS_TOKEN");
        }
        WhoAmI me = resolved.client().whoami();
        context.out().println("user        " + me.userId().value());
        context.out().println("device      " + me.deviceId().orElse("(the server did not say)"));
        context.out().println("homeserver  " + resolved.homeserver());
        if (resolved.tokenFromConfig()) {
            Long expiresAt = resolved.config().expiresAtEpochMs();
            context.out().println("token       " + (expiresAt == null ? "does not expire (no expiry was given at login)"
                    : (expiresAt <= context.clock().millis() ? "expired at " : "expires at ") + Instant.ofEpochMilli(expiresAt)
                    + (resolved.config().refreshToken() != null ? ", refreshable" : "")));
        }
        if (showToken) {
            context.out().println("access token " + resolved.account().accessToken().orElseThrow().reveal());
        }
        return ExitStatus.OK.code();
    }
}
