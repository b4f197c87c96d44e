package io.mxnotify.cli;

import io.mxnotify.cli.config.ConfigFile;
import io.mxnotify.cli.config.Setting;
import io.mxnotify.cli.config.StoredConfig;
import io.mxnotify.core.client.DiscoveryException;
import io.mxnotify.core.client.HomeserverDiscovery;
import io.mxnotify.core.id.UserId;

import java.net.URI;

/**
 * Finds the home server for {@code login} and {@code register}: {@code --homeserver}, then
 * {@code MXNOTIFY_HOMESERVER}, then the configuration file, and last the user id's server name through
 * the spec's discovery ({@code /.well-known/matrix/client}).
 */
final class HomeserverLocator {
    private final CliContext context;

    HomeserverLocator(CliContext context) {
        this.context = context;
    }

    URI locate(String flag, String user, StoredConfig config, ConfigFile configFile) {
        String known = Setting.HOMESERVER.resolve(flag, context, config);
        if (known != null) {
            return AccountOptions.parseUrl(known);
        }
        if (user == null || !user.startsWith("@")) {
            throw new CliException(ExitStatus.CONFIG, "missing " + Setting.HOMESERVER.what() + ": give --homeserver, set "
                    + Setting.HOMESERVER.envVariable() + ", store it in " + configFile.path()
                    + ", or give a full user id (@bot:example.org) to discover it");
        }
        UserId userId = UserId.parseHistorical(user);
        try {
            return HomeserverDiscovery.create().discover(userId).baseUrl();
        } catch (DiscoveryException e) {
            throw new CliException(ExitStatus.CONFIG, "could not discover the home server of " + userId.server() + ": "
                    + e.getMessage() + "; give --homeserver");
        }
    }
}
