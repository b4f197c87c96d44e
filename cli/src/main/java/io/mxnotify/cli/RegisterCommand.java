package io.mxnotify.cli;

import io.mxnotify.cli.config.ConfigFile;
import io.mxnotify.cli.config.SecretFile;
import io.mxnotify.cli.config.StoredConfig;
import io.mxnotify.core.Secret;
import io.mxnotify.core.client.LoginResult;
import io.mxnotify.core.client.SharedSecretRegistration;
import io.mxnotify.core.id.UserId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mxnotify register}: creates a user through Synapse's shared-secret registration. */
@Command(name = "register",
        mixinStandardHelpOptions = true,
        description = {"Create a user through the shared-secret registration API (what Synapse's register_new_matrix_user",
                "uses): needs the server's registration_shared_secret, from --shared-secret-file or MXNOTIFY_REGISTRATION_SECRET.",
                "The new user's password comes from a prompt, --password-stdin or --password-file.", ""},
        footer = {"", "Examples:",
                "  mxnotify register --user @notify-bot:example.org --shared-secret-file /etc/synapse/registration-secret",
                "  printf '%%s\\n' \"$BOT_PASSWORD\" | MXNOTIFY_REGISTRATION_SECRET=... \\",
                "      mxnotify register --user notify-bot --homeserver http://127.0.0.1:8008 --password-stdin --login",
                "",
                "Exit codes: 0 created, 65 user name taken or invalid, 77 wrong shared secret, 78 no shared secret or home server."})
final class RegisterCommand implements Callable<Integer> {
    static final String SECRET_VARIABLE = "MXNOTIFY_REGISTRATION_SECRET";

    @ParentCommand
    private MxnotifyCommand parent;

    @Option(names = "--user", paramLabel = "USER", required = true,
            description = "The new user: a user id (@bot:example.org) or a localpart (bot, with --homeserver).")
    private String user;

    @Option(names = "--admin", description = "Make the user a server admin (a notification bot should not be one).")
    private boolean admin;

    @Option(names = "--display-name", paramLabel = "NAME", description = "The user's display name.")
    private String displayName;

    @Option(names = "--shared-secret-file", paramLabel = "FILE",
            description = "File holding the registration shared secret (mode 0600); else env " + SECRET_VARIABLE + ".")
    private Path sharedSecretFile;

    @Option(names = "--homeserver", paramLabel = "URL",
            description = "Home server base URL; env MXNOTIFY_HOMESERVER, the configuration, else discovered from the user id.")
    private String homeserver;

    @Option(names = "--login", description = {"Store the new user's session in the configuration file, as 'mxnotify login' does.",
            "Without it, the session registration opened is logged out again, so that no device with a live token is left."})
    private boolean login;

    @Option(names = "--show-token", description = "Also print the new user's access token.")
    private boolean showToken;

    @Mixin
    private PasswordSource password;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        ConfigFile configFile = parent.configFile();
        StoredConfig config = configFile.read();
        Secret sharedSecret = sharedSecret(context);
        String localpart = user.startsWith("@") ? UserId.parseHistorical(user).localpart() : user;
        URI server = new HomeserverLocator(context).locate(homeserver, user, config, configFile);
        Secret secret = password.read(context, "Password for the new user " + user + ": ");
        SharedSecretRegistration registration = SharedSecretRegistration.user(localpart, secret).withAdmin(admin);
        if (displayName != null) {
            registration = registration.withDisplayName(displayName);
        }
        SharedSecretRegistration asked = registration;
        LoginResult result = RateLimitWaits.call(context, "registration",
                () -> parent.clients().clientFor(server).registerWithSharedSecret(asked, sharedSecret));
        context.out().println("registered " + result.userId().value() + (admin ? " (server admin)" : "")
                + " at " + server + ", device " + result.deviceId());
        if (showToken) {
            context.out().println("access token " + result.accessToken().reveal());
        }
        if (!login && !showToken) {
            // Registration always opens a session; a bot that later runs 'mxnotify login' would have two devices.
            RateLimitWaits.run(context, "logout", () -> parent.clients().clientFor(server).withAccessToken(result.accessToken()).logout());
            context.out().println("logged out registration's device " + result.deviceId()
                    + "; run 'mxnotify login' (or register with --login) to send as " + result.userId().value());
        }
        if (login) {
            String passwordFile = password.file() != null ? password.file().toAbsolutePath().toString() : null;
            configFile.update(c -> c.withSession(server.toString(), result.userId().value(), result.deviceId(),
                    result.accessToken().reveal(), result.refreshToken().map(Secret::reveal).orElse(null),
                    result.expiresInMs().isPresent() ? context.clock().millis() + result.expiresInMs().getAsLong() : null)
                    .withPasswordFile(passwordFile));
            context.out().println("saved to " + configFile.path());
        }
        return ExitStatus.OK.code();
    }

    private Secret sharedSecret(CliContext context) {
        if (sharedSecretFile != null) {
            return new SecretFile(sharedSecretFile, "shared secret").read();
        }
        String fromEnv = context.envValue(SECRET_VARIABLE);
        if (fromEnv == null) {
            throw new CliException(ExitStatus.CONFIG, "missing the registration shared secret (registration_shared_secret"
                    + " in Synapse's homeserver.yaml): give --shared-secret-file FILE or set " + SECRET_VARIABLE);
        }
        return Secret.of(fromEnv);
    }
}
