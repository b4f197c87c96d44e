package io.mxnotify.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.mxnotify.conformance.spec.SpecCheck;
import io.mxnotify.conformance.spec.SpecOperation;
import io.mxnotify.conformance.target.ConformanceSuite;
import io.mxnotify.conformance.target.SpecVersion;
import io.mxnotify.conformance.target.HomeserverTarget;
import io.mxnotify.conformance.target.MatrixApi;
import io.mxnotify.conformance.target.Segment;
import io.mxnotify.conformance.target.TestAccount;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code whoami}, {@code logout}, and both ways of presenting the access token. */
@ConformanceSuite
class SessionConformanceTest {
    private static final String WHOAMI = MatrixApi.V3 + "/account/whoami";

    private HomeserverTarget target;
    private MatrixApi api;
    private TestAccount me;

    @BeforeEach
    void setUp(HomeserverTarget target) {
        this.target = target;
        this.api = target.api();
        this.me = target.primary();
    }

    @Test
    @SpecVersion("v1.1")
    void whoamiWithTheTokenInTheAuthorizationHeader(SpecCheck spec) {
        JsonNode answer = spec.conforms(SpecOperation.WHOAMI, api.as(me).get(WHOAMI), 200);
        assertEquals(me.userId(), answer.path("user_id").asText());
        assertEquals(me.deviceId(), answer.path("device_id").asText());
    }

    @Test
    @SpecVersion("v1.1")
    void whoamiWithTheTokenInTheAccessTokenQueryParameter(SpecCheck spec) {
        JsonNode answer = spec.conforms(SpecOperation.WHOAMI, api.asWithQueryToken(me).get(WHOAMI), 200);
        assertEquals(me.userId(), answer.path("user_id").asText());
        assertEquals(me.deviceId(), answer.path("device_id").asText());
    }

    @Test
    @SpecVersion("v1.1")
    void whoamiWithoutATokenIsMissingToken(SpecCheck spec) {
        spec.error(SpecOperation.WHOAMI, api.anonymous().get(WHOAMI), 401, "M_MISSING_TOKEN");
    }

    @Test
    @SpecVersion("v1.1")
    void whoamiWithAnUnknownTokenIsUnknownToken(SpecCheck spec) {
        Response response = api.anonymous().header("Authorization", "Bearer mxnotify_conformance_not_a_token").get(WHOAMI);
        spec.error(SpecOperation.WHOAMI, response, 401, "M_UNKNOWN_TOKEN");
    }

    @Test
    @SpecVersion("v1.1")
    void whoamiWithAnUnknownTokenInTheQueryIsUnknownToken(SpecCheck spec) {
        Response response = api.anonymous().queryParam("access_token", "mxnotify_conformance_not_a_token").get(WHOAMI);
        spec.error(SpecOperation.WHOAMI, response, 401, "M_UNKNOWN_TOKEN");
    }

    @Test
    @SpecVersion("v1.1")
    void logoutInvalidatesTheTokenForBothTransports(SpecCheck spec) {
        TestAccount session = api.login(me.localpart(), me.password());
        spec.conforms(SpecOperation.WHOAMI, api.as(session).get(WHOAMI), 200);
        JsonNode answer = spec.conforms(SpecOperation.LOGOUT,
                api.as(session).contentType("application/json").body("{}").post(MatrixApi.V3 + "/logout"), 200);
        assertEquals(0, answer.size(), "logout answers an empty object: " + answer);
        spec.error(SpecOperation.WHOAMI, api.as(session).get(WHOAMI), 401, "M_UNKNOWN_TOKEN");
        spec.error(SpecOperation.WHOAMI, api.asWithQueryToken(session).get(WHOAMI), 401, "M_UNKNOWN_TOKEN");
        spec.conforms(SpecOperation.WHOAMI, api.as(me).get(WHOAMI), 200);
    }

    @Test
    @SpecVersion("v1.1")
    void logoutWithTheTokenInTheQuery(SpecCheck spec) {
        TestAccount session = api.login(me.localpart(), me.password());
        spec.conforms(SpecOperation.LOGOUT, api.asWithQueryToken(session).post(MatrixApi.V3 + "/logout"), 200);
        spec.error(SpecOperation.WHOAMI, api.as(session).get(WHOAMI), 401, "M_UNKNOWN_TOKEN");
    }

    @Test
    @SpecVersion("v1.1")
    void logoutWithAnUnknownTokenIsUnknownToken(SpecCheck spec) {
        Response response = api.anonymous().header("Authorization", "Bearer mxnotify_conformance_not_a_token")
                .post(MatrixApi.V3 + "/logout");
        spec.error(SpecOperation.LOGOUT, response, 401, "M_UNKNOWN_TOKEN");
    }

    @Test
    @SpecVersion(value = "r0.0.1", what = "the r0 prefix, served while /versions lists an r0 version")
    void theLegacyR0PrefixServesTheSameSession(SpecCheck spec) {
        Response response = api.anonymous().queryParam("access_token", Segment.encode(me.accessToken()))
                .get("/_matrix/client/r0/account/whoami");
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals(me.userId(), response.path("user_id"));
        assertEquals(target.primary().userId(), me.userId());
    }
}
