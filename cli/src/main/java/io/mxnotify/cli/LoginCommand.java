package io.mxnotify.cli;

import io.mxnotify.cli.config.ConfigFile;
import io.mxnotify.cli.config.StoredConfig;
import io.mxnotify.core.Secret;
import io.mxnotify.core.client.LoginRequest;
import io.mxnotify.core.client.LoginResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.net.URI;
import java.util.concurrent.Callable;

/** {@code mxnotify login}: password login on a kept device; stores the session in the configuration file. */
@Command(name = "login",
        mixinStandardHelpOptions = true,
        description = {"Log in with a password and store the access token and device id in the configuration file,",
                "so that 'mxnotify send' needs nothing else. Logging in again as the same user reuses the stored device",
                "(no new device per login). The home server is found from the user id when not given.", ""},
        footer = {"", "Examples:",
                "  mxnotify login --user @bot:example.org                          # asks for the password",
                "  printf '%%s\\n' \"$BOT_PASSWORD\" | mxnotify login --user @bot:example.org --password-stdin",
                "  mxnotify login --user bot --homeserver http://127.0.0.1:8008 --password-file ~/.config/mxnotify/password",
                "  mxnotify login --user @bot:example.org --device-id NOTIFIER --show-token"})
final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    private MxnotifyCommand parent;

    @Option(names = "--user", paramLabel = "USER", required = true,
            description = "User id (@bot:example.org) or localpart (bot, with --homeserver).")
    private String user;

    @Option(names = "--homeserver", paramLabel = "URL",
            description = "Home server base URL; env MXNOTIFY_HOMESERVER, the configuration, else discovered from the user id.")
    private String homeserver;

    @Option(names = "--device-id", paramLabel = "ID",
            description = "Log in on this device (default: the device stored for this user, else a new one).")
    private String deviceId;

    @Option(names = "--show-token", description = "Also print the access token (it is stored either way).")
    private boolean showToken;

    @Mixin
    private PasswordSource password;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        ConfigFile configFile = parent.configFile();
        StoredConfig config = configFile.read();
        URI server = new HomeserverLocator(context).locate(homeserver, user, config, configFile);
        Secret secret = password.read(context, "Password for " + user + ": ");
        String device = deviceId != null ? deviceId : config.isSessionOf(user) ? config.deviceId() : null;
        LoginRequest request = LoginRequest.password(user, secret).withDeviceDisplayName("mxnotify").withRefreshToken();
        if (device != null) {
            request = request.onDevice(device);
        }
        LoginRequest asked = request;
        LoginResult result = RateLimitWaits.call(context, "login", () -> parent.clients().clientFor(server).login(asked));
        String passwordFile = password.file() != null ? password.file().toAbsolutePath().toString() : null;
        configFile.update(c -> {
            StoredConfig updated = c.withSession(server.toString(), result.userId().value(), result.deviceId(),
                    result.accessToken().reveal(), result.refreshToken().map(Secret::reveal).orElse(null),
                    result.expiresInMs().isPresent() ? context.clock().millis() + result.expiresInMs().getAsLong() : null);
            return passwordFile != null ? updated.withPasswordFile(passwordFile)
                    : c.isSessionOf(result.userId().value()) ? updated : updated.withPasswordFile(null);
        });
        context.out().println("logged in as " + result.userId().value() + " on device " + result.deviceId() + " at " + server);
        context.out().println(result.expiresInMs().isPresent()
                ? "the token expires at " + context.clock().instant().plusMillis(result.expiresInMs().getAsLong())
                + (result.refreshToken().isPresent() ? "; mxnotify refreshes it by itself" : "")
                : "the token does not expire");
        if (showToken) {
            context.out().println("access token " + result.accessToken().reveal());
        }
        context.out().println("saved to " + configFile.path() + (passwordFile != null
                ? " (with the password file, so mxnotify can log in again by itself)" : ""));
        return ExitStatus.OK.code();
    }
}
