package io.mxnotify.cli;

import io.mxnotify.core.client.DiscoveredHomeserver;
import io.mxnotify.core.client.DiscoveryException;
import io.mxnotify.core.client.HomeserverDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mxnotify discover}: the client base URL of a server name or user id, per the spec's discovery. */
@Command(name = "discover",
        mixinStandardHelpOptions = true,
        description = {"Find the home server's client base URL from a server name or user id, the way Matrix clients do",
                "(/.well-known/matrix/client, validated through /_matrix/client/versions), and print it.", ""},
        footer = {"", "Examples:",
                "  mxnotify discover matrix.org",
                "  mxnotify discover --verbose @bot:example.org",
                "  export MXNOTIFY_HOMESERVER=$(mxnotify discover example.org)",
                "  mxnotify discover --http localhost:8008        # a local test server over plain http",
                "",
                "Exit codes: 0 found, 65 not a server name, user id or URL, 69 nothing usable found (FAIL_PROMPT),",
                "76 the published URL is broken (FAIL_ERROR)."})
final class DiscoverCommand implements Callable<Integer> {

    @ParentCommand
    private MxnotifyCommand parent;

    @Parameters(paramLabel = "SERVER_NAME|USER_ID", description = "A server name (example.org), a user id (@bot:example.org) or a URL.")
    private String input;

    @Option(names = {"-v", "--verbose"}, description = "Also say how it was found: every request and its answer.")
    private boolean verbose;

    @Option(names = "--http", description = "Fetch the well-known file over plain http from the server name's host and port"
            + " (local test servers such as 'mxnotify serve'; real servers publish it over https).")
    private boolean http;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        HomeserverDiscovery.Builder discovery = HomeserverDiscovery.builder();
        if (http) {
            discovery.originOf(server -> URI.create("http://" + server.value()));
        }
        javax.net.ssl.SSLContext tls = parent.clients().sslContextFor(URI.create("https://discovery"));
        if (tls != null) {
            discovery.sslContext(tls);
        }
        DiscoveredHomeserver found;
        try {
            found = discovery.build().discover(input);
        } catch (DiscoveryException e) {
            printSteps(context, e.steps());
            throw new CliException(switch (e.outcome()) {
                case FAIL_PROMPT -> ExitStatus.UNAVAILABLE;
                case FAIL_ERROR -> ExitStatus.PROTOCOL;
            }, e.getMessage());
        }
        printSteps(context, found.steps());
        if (verbose) {
            context.err().println("found through " + switch (found.source()) {
                case WELL_KNOWN -> "the well-known file";
                case SERVER_NAME -> "the server name's own host (no well-known file)";
                case EXPLICIT_URL -> "the URL itself";
            } + "; it supports " + String.join(", ", found.versions().versions()));
            found.identityServer().ifPresent(is -> context.err().println("identity server " + is));
        }
        context.out().println(found.baseUrl());
        return ExitStatus.OK.code();
    }

    private void printSteps(CliContext context, List<String> steps) {
        if (verbose) {
            steps.forEach(step -> context.err().println(step));
        }
    }
}
