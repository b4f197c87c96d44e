package io.mxnotify.cli;

import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.client.MatrixException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code mxnotify logout}: invalidates the access token and removes it from the configuration file. */
@Command(name = "logout",
        mixinStandardHelpOptions = true,
        description = {"Log out: the home server invalidates the access token, and the token and the password file's path",
                "are removed from the configuration file, so that nothing (send, queue flush) logs in again by itself",
                "until the next 'mxnotify login'. The user and device id stay, so that login reuses the device id.", ""},
        footer = {"", "Examples:",
                "  mxnotify logout"})
final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    private MxnotifyCommand parent;

    @Mixin
    private AccountOptions accountOptions;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        AccountOptions.Resolved resolved = accountOptions.resolve(context, parent.configFile(), parent.clients());
        if (resolved.account().accessToken().isEmpty()) {
            throw new CliException(ExitStatus.CONFIG, "no access token to log out: nothing to do");
        }
        boolean alreadyInvalid = false;
        try {
            RateLimitWaits.run(context, "logout", () -> resolved.client().logout());
        } catch (MatrixException e) {
            if (e.kind() != FailureKind.UNKNOWN_TOKEN) {
                throw e;
            }
            alreadyInvalid = true;
        }
        if (resolved.tokenFromConfig()) {
            resolved.configFile().update(c -> c.withoutTokens());
        }
        context.out().println((alreadyInvalid ? "the token was already invalid" : "logged out")
                + (resolved.tokenFromConfig() ? "; removed it and the password file's path from "
                        + resolved.configFile().path() + ": run 'mxnotify login' to use the account again" : ""));
        return ExitStatus.OK.code();
    }
}
