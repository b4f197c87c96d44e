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
        description = {"Log out: the home server invalidates the access token, and it is removed from the configuration",
                "file (the user and device id stay, so the next 'mxnotify login' reuses the device id).", ""},
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
            resolved.client().logout();
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
                + (resolved.tokenFromConfig() ? "; removed it from " + resolved.configFile().path() : ""));
        return ExitStatus.OK.code();
    }
}
