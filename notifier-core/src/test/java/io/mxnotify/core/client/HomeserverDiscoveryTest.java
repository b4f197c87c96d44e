package io.mxnotify.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.id.ServerName;
import io.mxnotify.core.testing.StubHomeserver;
import io.mxnotify.core.testing.StubHomeserver.Answer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each outcome of the spec's Server Discovery section. */
class HomeserverDiscoveryTest {
    private static final String WELL_KNOWN = "GET /.well-known/matrix/client";
    private static final String VERSIONS = "GET /_matrix/client/versions";
    private StubHomeserver site;
    private StubHomeserver homeserver;
    private HomeserverDiscovery discovery;

    @BeforeEach
    void start() throws Exception {
        site = new StubHomeserver();
        homeserver = new StubHomeserver().withV3();
        discovery = HomeserverDiscovery.builder()
                .originOf(name -> URI.create("http://" + name.value()))
                .requestTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() {
        site.close();
        homeserver.close();
    }

    private String siteName() {
        return "127.0.0.1:" + site.port();
    }

    private DiscoveryException failure(String input) {
        return assertThrows(DiscoveryException.class, () -> discovery.discover(input));
    }

    @Test
    void wellKnownBaseUrlWithTrailingSlashIsValidatedAndUsed() {
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{\"base_url\":\"" + homeserver.baseUrl() + "/\"}}");
        DiscoveredHomeserver found = discovery.discover("@bot:" + siteName());
        assertEquals(URI.create(homeserver.baseUrl()), found.baseUrl());
        assertEquals(DiscoverySource.WELL_KNOWN, found.source());
        assertEquals(ApiPrefix.V3, found.versions().prefix());
        assertEquals(VERSIONS, "GET " + homeserver.last().rawPath());
        assertTrue(found.steps().get(0).contains("m.homeserver.base_url"), found.steps().toString());
    }

    @Test
    void fromAServerName() {
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{\"base_url\":\"" + homeserver.baseUrl() + "\"}}");
        assertEquals(URI.create(homeserver.baseUrl()), discovery.discover(siteName()).baseUrl());
        assertEquals(URI.create(homeserver.baseUrl()), discovery.discover(ServerName.parse(siteName())).baseUrl());
    }

    @Test
    void notFoundMeansIgnoreAndTheServerNameItselfIsTried() {
        site.withV3();
        DiscoveredHomeserver found = discovery.discover(siteName());
        assertEquals(DiscoverySource.SERVER_NAME, found.source());
        assertEquals(URI.create(site.baseUrl()), found.baseUrl());
        assertTrue(found.steps().get(0).contains("IGNORE"), found.steps().toString());
    }

    @Test
    void ignoreWithNoHomeServerThereIsFailPrompt() {
        DiscoveryException e = failure(siteName());
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, e.outcome());
        assertTrue(e.getMessage().contains("give the home server URL explicitly"), e.getMessage());
    }

    @Test
    void anErrorStatusIsFailPrompt() {
        site.on(WELL_KNOWN, 500, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"boom\"}");
        DiscoveryException e = failure(siteName());
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, e.outcome());
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    }

    @Test
    void anEmptyBodyIsFailPrompt() {
        site.on(WELL_KNOWN, new Answer(200, Map.of(), "", false));
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, failure(siteName()).outcome());
    }

    @Test
    void aBodyThatIsNotJsonIsFailPrompt() {
        site.on(WELL_KNOWN, new Answer(200, Map.of("Content-Type", "text/html"), "<html>hello</html>", false));
        DiscoveryException e = failure(siteName());
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, e.outcome());
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    }

    @Test
    void aMissingBaseUrlIsFailPrompt() {
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{}}");
        DiscoveryException e = failure(siteName());
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, e.outcome());
        assertTrue(e.getMessage().contains("no m.homeserver.base_url"), e.getMessage());
    }

    @Test
    void aBaseUrlThatIsNotAUrlIsFailError() {
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{\"base_url\":\"not a url\"}}");
        DiscoveryException e = failure(siteName());
        assertEquals(DiscoveryOutcome.FAIL_ERROR, e.outcome());
        assertTrue(e.getMessage().contains("'not a url' is not a usable URL"), e.getMessage());
    }

    @Test
    void aBaseUrlWithoutWorkingVersionsIsFailError() {
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{\"base_url\":\"" + site.baseUrl() + "/nothing\"}}");
        DiscoveryException e = failure(siteName());
        assertEquals(DiscoveryOutcome.FAIL_ERROR, e.outcome());
        assertTrue(e.getMessage().contains("not a working home server"), e.getMessage());
    }

    @Test
    void malformedVersionsIsFailError() {
        homeserver.on(VERSIONS, 200, "{\"versions\":\"v1.1\"}");
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{\"base_url\":\"" + homeserver.baseUrl() + "\"}}");
        assertEquals(DiscoveryOutcome.FAIL_ERROR, failure(siteName()).outcome());
        homeserver.on(VERSIONS, 200, "{\"versions\":[]}");
        assertEquals(DiscoveryOutcome.FAIL_ERROR, failure(siteName()).outcome());
    }

    @Test
    void identityServerWithoutBaseUrlIsFailPrompt() {
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{\"base_url\":\"" + homeserver.baseUrl() + "\"},\"m.identity_server\":{}}");
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, failure(siteName()).outcome());
    }

    @Test
    void identityServerIsValidated() {
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{\"base_url\":\"" + homeserver.baseUrl() + "\"},"
                + "\"m.identity_server\":{\"base_url\":\"" + site.baseUrl() + "\"}}");
        assertEquals(DiscoveryOutcome.FAIL_ERROR, failure(siteName()).outcome());
        site.on("GET /_matrix/identity/v2", 200, "{}");
        assertEquals(URI.create(site.baseUrl()), discovery.discover(siteName()).identityServer().orElseThrow());
    }

    @Test
    void redirectsAreFollowedAndLoopsStopped() {
        site.on(WELL_KNOWN, Answer.json(301, "").withHeader("Location", "/elsewhere.json"))
                .on("GET /elsewhere.json", 200, "{\"m.homeserver\":{\"base_url\":\"" + homeserver.baseUrl() + "\"}}");
        assertEquals(URI.create(homeserver.baseUrl()), discovery.discover(siteName()).baseUrl());

        site.on("GET /elsewhere.json", Answer.json(302, "").withHeader("Location", site.baseUrl() + "/.well-known/matrix/client"));
        DiscoveryException e = failure(siteName());
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, e.outcome());
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void anUnreachableServerNameIsFailPrompt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DiscoveryException e = failure("@bot:127.0.0.1:" + port);
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, e.outcome());
        assertTrue(e.getMessage().contains("could not fetch"), e.getMessage());
    }

    @Test
    void anExplicitHttpUrlThatIsAHomeServerIsUsedDirectly() {
        DiscoveredHomeserver found = discovery.discover(homeserver.baseUrl() + "/");
        assertEquals(DiscoverySource.EXPLICIT_URL, found.source());
        assertEquals(URI.create(homeserver.baseUrl()), found.baseUrl());
    }

    @Test
    void anExplicitUrlThatDelegatesThroughWellKnown() {
        site.on(WELL_KNOWN, 200, "{\"m.homeserver\":{\"base_url\":\"" + homeserver.baseUrl() + "\"}}");
        DiscoveredHomeserver found = discovery.discover(site.baseUrl());
        assertEquals(DiscoverySource.WELL_KNOWN, found.source());
        assertEquals(URI.create(homeserver.baseUrl()), found.baseUrl());
    }

    @Test
    void anExplicitUrlThatIsNothingIsFailPrompt() {
        DiscoveryException e = failure(site.baseUrl());
        assertEquals(DiscoveryOutcome.FAIL_PROMPT, e.outcome());
        assertTrue(e.getMessage().contains("check the URL"), e.getMessage());
    }

    @Test
    void theSpecsRuleIsHttpsOnTheHostnameWithoutPort() {
        HomeserverDiscovery spec = HomeserverDiscovery.builder().requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2)).build();
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> spec.discover("@bot:127.0.0.1:" + site.port()));
        assertTrue(e.steps().get(0).startsWith("GET https://127.0.0.1/.well-known/matrix/client"), e.steps().toString());
    }

    @Test
    void badInputSaysWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> discovery.discover("not a server"));
        assertTrue(e.getMessage().contains("user id (@bot:example.org)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> discovery.discover(" "));
        assertThrows(IllegalArgumentException.class, () -> discovery.discover("ftp://example.org"));
    }
}
