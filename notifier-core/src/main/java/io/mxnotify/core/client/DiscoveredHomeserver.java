package io.mxnotify.core.client;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@link HomeserverDiscovery}: a validated client-server base URL and what it supports.
 * Pass {@link #versions()} to {@link MatrixClient.Builder#versions} so the client need not ask again.
 *
 * @param baseUrl        the home server's client-server base URL, without trailing slash
 * @param versions       its {@code /versions} answer
 * @param source         how the URL was found
 * @param identityServer the identity server the well-known file named, if any
 * @param steps          what was tried, one line per request, for showing to a user
 */
public record DiscoveredHomeserver(URI baseUrl, SupportedVersions versions, DiscoverySource source,
                                   Optional<URI> identityServer, List<String> steps) {
    /** Copies. */
    public DiscoveredHomeserver {
        steps = List.copyOf(steps);
    }
}
