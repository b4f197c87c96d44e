package io.mxnotify.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.core.id.InvalidIdentifierException;
import io.mxnotify.core.id.ServerName;
import io.mxnotify.core.id.UserId;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * Finds a home server's client-server base URL from what a user knows: a user id
 * ({@code @bot:example.org}), a server name ({@code example.org}) or a URL, following the spec's
 * "Server Discovery" section.
 *
 * <p>For a user id or server name: {@code GET https://{hostname}/.well-known/matrix/client} (redirects
 * followed, at most 5, no loops). 404 means IGNORE: the server name's own host is tried as the home
 * server. Any other non-200 status, an empty or non-JSON body, or a missing
 * {@code m.homeserver.base_url} is {@link DiscoveryOutcome#FAIL_PROMPT}. A {@code base_url} that is not a
 * URL, or whose {@code /_matrix/client/versions} fails or is malformed, is
 * {@link DiscoveryOutcome#FAIL_ERROR}; likewise for a named identity server that does not validate. A
 * trailing slash on {@code base_url} is accepted.
 *
 * <p>For a URL ({@code https://...}, or {@code http://...} for local and test servers): the URL itself
 * if it answers {@code /versions}, else the well-known file at its origin.
 */
public final class HomeserverDiscovery {
    private static final String WELL_KNOWN_PATH = "/.well-known/matrix/client";
    private static final int MAX_REDIRECTS = 5;

    private final HttpConnector http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration requestTimeout;
    private final Function<ServerName, URI> originOf;
    private final boolean validateIdentityServer;

    private HomeserverDiscovery(Builder b) {
        this.http = new HttpConnector(b.connectTimeout, b.sslContext);
        this.requestTimeout = b.requestTimeout;
        this.originOf = b.originOf;
        this.validateIdentityServer = b.validateIdentityServer;
    }

    /** A discovery with default timeouts, HTTPS and the JDK's trust store. */
    public static HomeserverDiscovery create() {
        return builder().build();
    }

    /** Configures a discovery. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Discovers from a user id ({@code @bot:example.org}), a server name ({@code example.org},
     * {@code example.org:8448}) or a URL ({@code https://matrix.example.org}).
     *
     * @throws IllegalArgumentException if the input is none of these (the message says why)
     * @throws DiscoveryException       if no usable home server was found
     */
    public DiscoveredHomeserver discover(String input) {
        String text = input == null ? "" : input.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("nothing to discover from: give a user id (@bot:example.org), a server name (example.org) or a URL");
        }
        if (text.contains("://")) {
            return discover(MatrixClient.BaseUrl.parse(text));
        }
        if (text.startsWith("@")) {
            return discover(UserId.parseHistorical(text));
        }
        try {
            return discover(ServerName.parse(text));
        } catch (InvalidIdentifierException e) {
            throw new IllegalArgumentException(e.getMessage() + "; or give a user id (@bot:example.org) or a URL (https://matrix.example.org)", e);
        }
    }

    /**
     * Discovers from a user id's server name.
     *
     * @throws DiscoveryException if no usable home server was found
     */
    public DiscoveredHomeserver discover(UserId userId) {
        return discover(userId.server());
    }

    /**
     * Discovers from a server name through its well-known file, falling back to the server name's host
     * when there is none.
     *
     * @throws DiscoveryException if no usable home server was found
     */
    public DiscoveredHomeserver discover(ServerName server) {
        List<String> steps = new ArrayList<>();
        URI origin = originOf.apply(server);
        WellKnown wellKnown = fetchWellKnown(origin, steps);
        if (wellKnown.document() != null) {
            return fromWellKnown(wellKnown.document(), steps);
        }
        if (wellKnown.failure() != null) {
            throw new DiscoveryException(DiscoveryOutcome.FAIL_PROMPT, wellKnown.failure()
                    + "; give the home server URL explicitly (e.g. https://matrix.example.org)", steps, wellKnown.cause());
        }
        URI guess = MatrixClient.BaseUrl.parse(origin.toString());
        try {
            SupportedVersions versions = validate(guess, steps);
            return new DiscoveredHomeserver(guess, versions, DiscoverySource.SERVER_NAME, Optional.empty(), steps);
        } catch (MatrixClientException e) {
            throw new DiscoveryException(DiscoveryOutcome.FAIL_PROMPT, server + " publishes no " + WELL_KNOWN_PATH
                    + " and " + guess + " is not a home server (" + e.getMessage() + "); give the home server URL explicitly", steps, e);
        }
    }

    /**
     * Discovers from a URL: the URL itself when it answers {@code /versions}, else its origin's well-known file.
     *
     * @throws DiscoveryException if neither yields a home server
     */
    public DiscoveredHomeserver discover(URI url) {
        URI base = MatrixClient.BaseUrl.parse(url.toString());
        List<String> steps = new ArrayList<>();
        MatrixClientException direct;
        try {
            SupportedVersions versions = validate(base, steps);
            return new DiscoveredHomeserver(base, versions, DiscoverySource.EXPLICIT_URL, Optional.empty(), steps);
        } catch (MatrixClientException e) {
            direct = e;
        }
        URI origin = URI.create(base.getScheme() + "://" + base.getRawAuthority());
        WellKnown wellKnown = fetchWellKnown(origin, steps);
        if (wellKnown.document() != null) {
            return fromWellKnown(wellKnown.document(), steps);
        }
        throw new DiscoveryException(DiscoveryOutcome.FAIL_PROMPT, base + " is not a home server (" + direct.getMessage()
                + ") and " + origin + " publishes no usable " + WELL_KNOWN_PATH + "; check the URL", steps, direct);
    }

    /** Either a parsed document, a FAIL_PROMPT reason, or neither (IGNORE). */
    private record WellKnown(JsonNode document, String failure, Throwable cause) {
    }

    private WellKnown fetchWellKnown(URI origin, List<String> steps) {
        URI url = URI.create(origin.toString().replaceAll("/+$", "") + WELL_KNOWN_PATH);
        JsonTransport transport = rawTransport(url);
        Set<URI> visited = new HashSet<>();
        for (int hop = 0; ; hop++) {
            if (!visited.add(url)) {
                steps.add("GET " + url + " -> redirect loop");
                return new WellKnown(null, "the well-known redirects loop back to " + url, null);
            }
            JsonTransport.RawResponse response;
            try {
                response = transport.getRaw(url);
            } catch (MatrixClientException e) {
                steps.add("GET " + url + " -> " + e.kind() + " (FAIL_PROMPT)");
                return new WellKnown(null, "could not fetch " + url + ": " + e.getMessage(), e);
            }
            int status = response.status();
            if (status >= 300 && status < 400 && status != 304) {
                URI current = url;
                Optional<URI> next = response.location().flatMap(loc -> resolve(current, loc));
                if (next.isEmpty() || hop >= MAX_REDIRECTS) {
                    steps.add("GET " + url + " -> HTTP " + status + " (FAIL_PROMPT)");
                    return new WellKnown(null, url + " redirects " + (next.isEmpty() ? "without a usable Location" : "more than " + MAX_REDIRECTS + " times"), null);
                }
                steps.add("GET " + url + " -> HTTP " + status + ", redirected to " + next.get());
                url = next.get();
                continue;
            }
            if (status == 404) {
                steps.add("GET " + url + " -> HTTP 404 (IGNORE: no well-known file)");
                return new WellKnown(null, null, null);
            }
            if (status != 200) {
                steps.add("GET " + url + " -> HTTP " + status + " (FAIL_PROMPT)");
                return new WellKnown(null, url + " answered HTTP " + status + " instead of 200", null);
            }
            if (response.body().length == 0) {
                steps.add("GET " + url + " -> HTTP 200 with an empty body (FAIL_PROMPT)");
                return new WellKnown(null, url + " is empty", null);
            }
            JsonNode document;
            try {
                document = json.readTree(response.body());
            } catch (IOException e) {
                document = null;
            }
            if (document == null || !document.isObject()) {
                steps.add("GET " + url + " -> HTTP 200, not a JSON object (FAIL_PROMPT)");
                return new WellKnown(null, url + " is not a JSON object", null);
            }
            JsonNode baseUrl = document.path("m.homeserver").path("base_url");
            if (!baseUrl.isTextual()) {
                steps.add("GET " + url + " -> HTTP 200 without m.homeserver.base_url (FAIL_PROMPT)");
                return new WellKnown(null, url + " has no m.homeserver.base_url", null);
            }
            steps.add("GET " + url + " -> m.homeserver.base_url = " + baseUrl.asText());
            return new WellKnown(document, null, null);
        }
    }

    private DiscoveredHomeserver fromWellKnown(JsonNode document, List<String> steps) {
        String published = document.path("m.homeserver").path("base_url").asText();
        URI base;
        try {
            base = MatrixClient.BaseUrl.parse(published);
        } catch (IllegalArgumentException e) {
            steps.add("base_url '" + published + "' is not a usable URL (FAIL_ERROR)");
            throw new DiscoveryException(DiscoveryOutcome.FAIL_ERROR, "the well-known m.homeserver.base_url '" + published
                    + "' is not a usable URL: " + e.getMessage() + "; the server's admin must fix its well-known file", steps, e);
        }
        SupportedVersions versions;
        try {
            versions = validate(base, steps);
        } catch (MatrixClientException e) {
            throw new DiscoveryException(DiscoveryOutcome.FAIL_ERROR, "the well-known names " + base
                    + " but it is not a working home server (" + e.getMessage() + "); the server's admin must fix this", steps, e);
        }
        Optional<URI> identityServer = identityServer(document, steps);
        return new DiscoveredHomeserver(base, versions, DiscoverySource.WELL_KNOWN, identityServer, steps);
    }

    private Optional<URI> identityServer(JsonNode document, List<String> steps) {
        if (!document.has("m.identity_server")) {
            return Optional.empty();
        }
        JsonNode baseUrl = document.path("m.identity_server").path("base_url");
        if (!baseUrl.isTextual()) {
            steps.add("m.identity_server has no base_url (FAIL_PROMPT)");
            throw new DiscoveryException(DiscoveryOutcome.FAIL_PROMPT,
                    "the well-known file has m.identity_server without a base_url", steps, null);
        }
        URI is;
        try {
            is = MatrixClient.BaseUrl.parse(baseUrl.asText());
        } catch (IllegalArgumentException e) {
            steps.add("m.identity_server.base_url '" + baseUrl.asText() + "' is not a usable URL (FAIL_ERROR)");
            throw new DiscoveryException(DiscoveryOutcome.FAIL_ERROR,
                    "the well-known m.identity_server.base_url is not a usable URL: " + e.getMessage(), steps, e);
        }
        if (validateIdentityServer) {
            URI check = URI.create(is + "/_matrix/identity/v2");
            String problem;
            try {
                JsonTransport.RawResponse r = rawTransport(check).getRaw(check);
                problem = r.status() == 200 && isJsonObject(r.body()) ? null : "HTTP " + r.status();
            } catch (MatrixClientException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                steps.add("GET " + check + " -> " + problem + " (FAIL_ERROR)");
                throw new DiscoveryException(DiscoveryOutcome.FAIL_ERROR,
                        "the well-known names identity server " + is + " but it does not answer /_matrix/identity/v2 (" + problem + ")", steps, null);
            }
            steps.add("GET " + check + " -> OK");
        }
        return Optional.of(is);
    }

    private boolean isJsonObject(byte[] body) {
        try {
            return body.length > 0 && json.readTree(body).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private SupportedVersions validate(URI base, List<String> steps) {
        MatrixClient client = MatrixClient.builder(base).requestTimeout(requestTimeout).connector(http).build();
        try {
            SupportedVersions versions = client.versions();
            if (versions.versions().isEmpty()) {
                throw JsonTransport.malformed("GET /_matrix/client/versions", 200, "the answer lists no versions");
            }
            steps.add("GET " + base + "/_matrix/client/versions -> " + String.join(", ", versions.versions()));
            return versions;
        } catch (MatrixClientException e) {
            steps.add("GET " + base + "/_matrix/client/versions -> " + e.kind());
            throw e;
        }
    }

    private JsonTransport rawTransport(URI url) {
        return new JsonTransport(http, json, url, requestTimeout, Clock.systemUTC(), "mxnotify");
    }

    private static Optional<URI> resolve(URI from, String location) {
        try {
            URI next = from.resolve(location.strip());
            String scheme = next.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || next.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(next);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Configures a {@link HomeserverDiscovery}. */
    public static final class Builder {
        private Duration connectTimeout = MatrixClient.DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = Duration.ofSeconds(15);
        private SSLContext sslContext;
        private Function<ServerName, URI> originOf = server -> URI.create("https://" + server.hostname());
        private boolean validateIdentityServer = true;

        private Builder() {
        }

        /** Time allowed to establish each connection (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Time allowed for each request (default 15 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Trust material other than the JDK default. Certificates are still verified. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context);
            return this;
        }

        /**
         * Where a server name's well-known file lives (its origin, {@code scheme://host[:port]}). The spec's
         * rule, and the default, is {@code https://{hostname}} (no port). Override it only to point at a
         * local test server, e.g. {@code name -> URI.create("http://" + name.value())}.
         */
        public Builder originOf(Function<ServerName, URI> origin) {
            this.originOf = Objects.requireNonNull(origin);
            return this;
        }

        /** Whether to check that a named identity server answers {@code /_matrix/identity/v2} (default true, as the spec says). */
        public Builder validateIdentityServer(boolean validate) {
            this.validateIdentityServer = validate;
            return this;
        }

        /** Creates the discovery. */
        public HomeserverDiscovery build() {
            return new HomeserverDiscovery(this);
        }
    }
}
