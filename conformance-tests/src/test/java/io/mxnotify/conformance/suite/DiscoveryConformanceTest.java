package io.mxnotify.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mxnotify.conformance.spec.SpecCheck;
import io.mxnotify.conformance.spec.SpecOperation;
import io.mxnotify.conformance.target.ConformanceSuite;
import io.mxnotify.conformance.target.SpecVersion;
import io.mxnotify.conformance.target.HomeserverTarget;
import io.mxnotify.conformance.target.MatrixApi;
import io.restassured.response.Response;
import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code /.well-known/matrix/client} and {@code /_matrix/client/versions}: how a client finds and checks the server. */
@ConformanceSuite
class DiscoveryConformanceTest {

    @Test
    @SpecVersion("v1.1")
    void versionsListsSpecVersionsWithoutAToken(MatrixApi api, SpecCheck spec) {
        JsonNode answer = spec.conforms(SpecOperation.VERSIONS, api.anonymous().get("/_matrix/client/versions"), 200);
        assertFalse(answer.get("versions").isEmpty(), "versions must list at least one spec version: " + answer);
        for (JsonNode version : answer.get("versions")) {
            assertTrue(version.asText().matches("r0\\.\\d+\\.\\d+|v1\\.\\d+"),
                    "not a spec version name (r0.x.y or v1.x): " + version);
        }
    }

    @Test
    @SpecVersion("v1.1")
    void versionsAlsoAnswersWithAToken(HomeserverTarget target, SpecCheck spec) {
        spec.conforms(SpecOperation.VERSIONS, target.api().as(target.primary()).get("/_matrix/client/versions"), 200);
    }

    @Test
    @SpecVersion("v1.1")
    void wellKnownAnswersAsTheSpecSays(MatrixApi api, SpecCheck spec) {
        Response answer = api.anonymous().get("/.well-known/matrix/client");
        Assumptions.assumeTrue(answer.statusCode() != 404, "this base URL does not serve /.well-known/matrix/client"
                + " (404, which the spec allows: it lives on the server name's domain, which may be another host)");
        JsonNode body = spec.conforms(SpecOperation.WELL_KNOWN, answer, 200);
        assertTrue(body.path("m.homeserver").path("base_url").isTextual(), "m.homeserver.base_url: " + body);
    }

    @Test
    @SpecVersion("v1.1")
    void wellKnownBaseUrlLeadsToAWorkingServer(MatrixApi api, SpecCheck spec) {
        Response answer = api.anonymous().get("/.well-known/matrix/client");
        Assumptions.assumeTrue(answer.statusCode() != 404, "this base URL does not serve /.well-known/matrix/client"
                + " (404, which the spec allows)");
        String baseUrl = spec.conforms(SpecOperation.WELL_KNOWN, answer, 200).path("m.homeserver").path("base_url")
                .asText();
        URI uri = URI.create(baseUrl);
        assertTrue(uri.getScheme().equals("http") || uri.getScheme().equals("https"), "base_url scheme: " + baseUrl);
        String versionsUrl = baseUrl.replaceAll("/+$", "") + "/_matrix/client/versions";
        Response versions = new MatrixApi(baseUrl.replaceAll("/+$", "")).anonymous().get("/_matrix/client/versions");
        assertEquals(200, versions.statusCode(), "GET " + versionsUrl + ": " + versions.asString());
        spec.conforms(SpecOperation.VERSIONS, versions, 200);
    }
}
