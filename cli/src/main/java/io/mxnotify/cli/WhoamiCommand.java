package io.mxnotify.cli;

import io.mxnotify.core.auth.Credentials;
import io.mxnotify.core.auth.SessionKeeper;
import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.client.MatrixException;
import io.mxnotify.core.client.WhoAmI;
import io.mxnotify.core.crypto.internal.DeviceKeys;
import io.mxnotify.core.delivery.internal.EncryptionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code mxnotify whoami}: who the configured token belongs to, on which device, and until when. */
@Command(name = "whoami",
        mixinStandardHelpOptions = true,
        description = {"Ask the home server who the access token belongs to: user id and device id, and when the",
                "token expires when that is known; and the device's Ed25519 fingerprint, to compare with the",
                "session your client lists for the bot when you verify it. Exit 77 when the token is rejected.", ""},
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

    @Mixin
    private SpoolOption spoolOption;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        AccountOptions.Resolved resolved = accountOptions.resolve(context, parent.configFile(), parent.clients());
        if (resolved.account().accessToken().isEmpty()) {
            throw new CliException(ExitStatus.CONFIG, "no access token to ask about: run 'mxnotify login', or give"
                    + " --access-token or MXNOTIFY_ACCESS_TOKEN");
        }
        if (!resolved.tokenFromConfig()) {
            WhoAmI me = RateLimitWaits.call(context, "whoami", () -> resolved.client().whoami());
            print(context, me, resolved, Optional.empty());
            printFingerprint(context, me);
            if (showToken) {
                context.out().println("access token " + resolved.account().accessToken().orElseThrow().reveal());
            }
            return ExitStatus.OK.code();
        }
        // The stored session: an expired token is refreshed (and stored) first, as send would do.
        SessionKeeper keeper = resolved.sessionKeeper();
        Credentials session = keeper.current();
        WhoAmI me;
        try {
            Credentials current = session;
            me = RateLimitWaits.call(context, "whoami", () -> clientFor(resolved, current).whoami());
        } catch (MatrixException e) {
            if (e.kind() != FailureKind.UNKNOWN_TOKEN) {
                throw e;
            }
            session = keeper.renew(session, e);
            Credentials renewed = session;
            me = RateLimitWaits.call(context, "whoami", () -> clientFor(resolved, renewed).whoami());
        }
        print(context, me, resolved, Optional.of(session));
        printFingerprint(context, me);
        if (showToken) {
            context.out().println("access token " + session.accessToken().reveal());
        }
        return ExitStatus.OK.code();
    }

    /** The device's encryption keys as the spool keeps them, made on the first send into an encrypted room. */
    private void printFingerprint(CliContext context, WhoAmI me) {
        if (me.deviceId().isEmpty()) {
            return;
        }
        Optional<DeviceKeys> keys = EncryptionStore.deviceKeys(io.mxnotify.core.spool.Spool.encryptionDirectoryOf(spoolOption.directory(context)),
                me.userId().value(), me.deviceId().get());
        context.out().println("ed25519     " + keys.map(DeviceKeys::fingerprintForPeople)
                .orElse("(no encryption keys yet: made on the first send into an encrypted room)"));
        keys.ifPresent(k -> context.out().println("curve25519  " + k.identity().publicKeyBase64()));
    }

    private static MatrixClient clientFor(AccountOptions.Resolved resolved, Credentials session) {
        return resolved.clients().clientFor(resolved.homeserver()).withAccessToken(session.accessToken());
    }

    private static void print(CliContext context, WhoAmI me, AccountOptions.Resolved resolved,
                              Optional<Credentials> session) {
        context.out().println("user        " + me.userId().value());
        context.out().println("device      " + me.deviceId().orElse("(the server did not say)"));
        context.out().println("homeserver  " + resolved.homeserver());
        session.ifPresent(s -> context.out().println("token       " + s.expiresAt()
                .map(at -> (at.isAfter(context.clock().instant()) ? "expires at " : "expired at ") + at)
                .orElse("does not expire (no expiry was given at login)")
                + (s.refreshToken().isPresent() ? ", refreshed by itself with the stored refresh token" : "")));
    }
}
