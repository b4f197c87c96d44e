package io.mxnotify.cli;

import io.mxnotify.cli.config.ConfigFile;
import io.mxnotify.cli.config.SecretFile;
import io.mxnotify.cli.config.Setting;
import io.mxnotify.cli.config.StoredConfig;
import io.mxnotify.core.Secret;
import io.mxnotify.core.auth.SessionKeeper;
import io.mxnotify.core.delivery.Notifier;
import io.mxnotify.core.client.LoginResult;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.delivery.HomeserverAccount;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The options that say which home server and account a command acts as: {@code --homeserver},
 * {@code --access-token}, {@code --user}, {@code --password-file}, each resolved by precedence flag >
 * environment > configuration file. With a user and a password file the engine can log in again by
 * itself on the device stored in the configuration, and the new token is stored back there.
 */
final class AccountOptions {
    @Option(names = "--homeserver", paramLabel = "URL", description = "Home server base URL; env MXNOTIFY_HOMESERVER.")
    private String homeserver;

    @Option(names = "--access-token", paramLabel = "TOKEN",
            description = "Access token; env MXNOTIFY_ACCESS_TOKEN (better: a flag is visible to other users in 'ps').")
    private String accessToken;

    @Option(names = "--access-token-file", paramLabel = "FILE",
            description = "File holding the access token, mode 0600; env MXNOTIFY_ACCESS_TOKEN_FILE.")
    private Path accessTokenFile;

    @Option(names = "--user", paramLabel = "USER",
            description = "User for logging in again by itself when the token is rejected (with --password-file); env MXNOTIFY_USER.")
    private String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File holding that user's password, mode 0600; env MXNOTIFY_PASSWORD_FILE.")
    private Path passwordFile;

    /** The settings of one run: the configuration file read once, and the resolved account. */
    record Resolved(ConfigFile configFile, StoredConfig config, URI homeserver, HomeserverAccount account,
                    boolean tokenFromConfig, ClientFactory clients) {

        /** A client for the home server with the account's access token. */
        MatrixClient client() {
            MatrixClient anonymous = clients.clientFor(homeserver);
            return account.accessToken().map(anonymous::withAccessToken).orElse(anonymous);
        }

        /**
         * Whether this run's session lives in the configuration file (no token given by flag or environment):
         * then the engine uses the file as its shared credential store, refreshing and renewing there.
         */
        boolean sharesCredentials() {
            return tokenFromConfig || account.accessToken().isEmpty();
        }

        /**
         * Points a notifier at the session: the configuration file as the shared credential store when the
         * session lives there, else (a token from a flag or the environment) logins are stored back to it.
         */
        Notifier.Builder withSession(Notifier.Builder builder, CliContext context) {
            builder.onRateLimitWait(sentence -> context.err().println("mxnotify: " + sentence));
            return sharesCredentials() ? builder.credentialStore(configFile.credentialStore())
                    : builder.onLogin(storeLogins(context));
        }

        /** Keeps the stored session alive (refresh, login again with the password file) for direct calls. */
        SessionKeeper sessionKeeper() {
            SessionKeeper.Builder keeper = SessionKeeper.builder(clients.clientFor(homeserver),
                    configFile.credentialStore()).deviceId(account.deviceId().orElse(null));
            if (account.canLogIn()) {
                keeper.passwordLogin(account.user().orElseThrow(), account.password().orElseThrow());
            }
            return keeper.build();
        }

        /** Stores a new session (after logging in again by itself) in the configuration file. */
        Consumer<LoginResult> storeLogins(CliContext context) {
            return login -> configFile.update(c -> c.withSession(homeserver.toString(), login.userId().value(),
                    login.deviceId(), login.accessToken().reveal(), login.refreshToken().map(Secret::reveal).orElse(null),
                    login.expiresInMs().isPresent() ? context.clock().millis() + login.expiresInMs().getAsLong() : null));
        }
    }

    /** The home server URL only (for commands that need no account). */
    URI homeserver(CliContext context, ConfigFile configFile, StoredConfig config) {
        return parseUrl(Setting.HOMESERVER.require(homeserver, context, config, configFile.path().toString()));
    }

    /**
     * Resolves the account: an access token, or a user with a password file, or both.
     *
     * @throws CliException {@link ExitStatus#CONFIG} naming every way to give what is missing
     */
    Resolved resolve(CliContext context, ConfigFile configFile, ClientFactory clients) {
        StoredConfig config = configFile.read();
        String where = configFile.path().toString();
        URI server = homeserver(context, configFile, config);
        String token = accessToken(context, config);
        String userName = Setting.USER.resolve(user, context, config);
        String passwordPath = Setting.PASSWORD_FILE.resolve(passwordFile == null ? null : passwordFile.toString(), context, config);
        if (token == null && (userName == null || passwordPath == null)) {
            throw new CliException(ExitStatus.CONFIG, "missing an access token: run 'mxnotify login' (it stores one in "
                    + where + "), give --access-token-file or set MXNOTIFY_ACCESS_TOKEN; or give a user and a password file"
                    + " (--user and --password-file, MXNOTIFY_USER and MXNOTIFY_PASSWORD_FILE) to log in by itself");
        }
        Optional<String> login = Optional.empty();
        Optional<Secret> password = Optional.empty();
        Optional<String> deviceId = Optional.empty();
        if (userName != null && passwordPath != null) {
            login = Optional.of(userName);
            password = Optional.of(new SecretFile(Path.of(passwordPath), "password").read());
            deviceId = Optional.ofNullable(config.isSessionOf(userName) ? config.deviceId() : null);
        }
        HomeserverAccount account = new HomeserverAccount(server, Optional.ofNullable(token).map(Secret::of), login,
                password, deviceId);
        boolean fromConfig = token != null && token.equals(config.accessToken());
        return new Resolved(configFile, config, server, account, fromConfig, clients);
    }

    /**
     * The access token by precedence: {@code --access-token} (with a warning: other users see it in
     * {@code ps}), {@code --access-token-file}, {@code MXNOTIFY_ACCESS_TOKEN}, {@code MXNOTIFY_ACCESS_TOKEN_FILE},
     * the configuration file. A token file is read like the password file (refused when others can read it).
     */
    private String accessToken(CliContext context, StoredConfig config) {
        if (accessToken != null && accessTokenFile != null) {
            throw new CliException(ExitStatus.USAGE, "give either --access-token or --access-token-file, not both");
        }
        if (accessToken != null && !accessToken.isBlank()) {
            context.err().println("warning: --access-token shows the token to every user of this machine (ps,"
                    + " /proc/PID/cmdline); use --access-token-file FILE (mode 0600) or MXNOTIFY_ACCESS_TOKEN instead");
            context.err().flush();
            return accessToken;
        }
        if (accessTokenFile != null) {
            return new SecretFile(accessTokenFile, "access token").read().reveal();
        }
        String env = context.envValue(Setting.ACCESS_TOKEN.envVariable());
        if (env != null) {
            return env;
        }
        String file = context.envValue(Setting.ACCESS_TOKEN_FILE.envVariable());
        if (file != null && !file.isBlank()) {
            return new SecretFile(Path.of(file), "access token").read().reveal();
        }
        return Setting.ACCESS_TOKEN.resolve(null, context, config);
    }

    static URI parseUrl(String url) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitStatus.CONFIG, "the home server URL '" + url
                    + "' is not an http(s) URL like https://matrix.example.org; fix --homeserver, MXNOTIFY_HOMESERVER or the configuration file");
        }
    }
}
