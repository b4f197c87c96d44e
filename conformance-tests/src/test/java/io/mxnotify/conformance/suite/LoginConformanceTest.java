package io.mxnotify.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mxnotify.conformance.spec.SpecCheck;
import io.mxnotify.conformance.spec.SpecOperation;
import io.mxnotify.conformance.target.ConformanceSuite;
import io.mxnotify.conformance.target.SpecVersion;
import io.mxnotify.conformance.target.HomeserverTarget;
import io.mxnotify.conformance.target.MatrixApi;
import io.mxnotify.conformance.target.TestAccount;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /login} (flows) and {@code POST /login} (password): how a bot gets a token and a device. */
@ConformanceSuite
class LoginConformanceTest {
    private final List<TestAccount> sessions = new ArrayList<>();
    private HomeserverTarget target;
    private MatrixApi api;
    private TestAccount me;

    @BeforeEach
    void setUp(HomeserverTarget target) {
        this.target = target;
        this.api = target.api();
        this.me = target.primary();
    }

    /** Every login makes a device: log each one out again so a real account is not littered. */
    @AfterEach
    void logOutSessions() {
        for (TestAccount session : sessions) {
            api.as(session).contentType("application/json").body("{}").post(MatrixApi.V3 + "/logout");
        }
    }

    @Test
    @SpecVersion("v1.1")
    void loginFlowsOfferPasswordLogin(SpecCheck spec) {
        JsonNode answer = spec.conforms(SpecOperation.LOGIN_FLOWS, api.anonymous().get(MatrixApi.V3 + "/login"), 200);
        List<String> types = new ArrayList<>();
        answer.get("flows").forEach(flow -> types.add(flow.path("type").asText()));
        assertTrue(types.contains("m.login.password"), "flows: " + types);
    }

    @Test
    @SpecVersion("v1.1")
    void passwordLoginWithIdentifierAnswersUserTokenAndDevice(SpecCheck spec) {
        JsonNode answer = spec.conforms(SpecOperation.LOGIN, api.passwordLogin(me.localpart(), me.password()), 200);
        TestAccount session = remember(answer);
        assertEquals(me.userId(), session.userId());
        assertNotEquals(me.accessToken(), session.accessToken(), "a new login must get a new token");
        JsonNode whoami = spec.conforms(SpecOperation.WHOAMI, api.as(session).get(MatrixApi.V3 + "/account/whoami"), 200);
        assertEquals(me.userId(), whoami.path("user_id").asText());
        assertEquals(session.deviceId(), whoami.path("device_id").asText());
    }

    @Test
    @SpecVersion("v1.1")
    void passwordLoginAcceptsTheFullUserIdAsIdentifier(SpecCheck spec) {
        JsonNode answer = spec.conforms(SpecOperation.LOGIN, api.passwordLogin(me.userId(), me.password()), 200);
        assertEquals(me.userId(), remember(answer).userId());
    }

    @Test
    @SpecVersion("v1.1")
    void passwordLoginWithTheLegacyUserField(SpecCheck spec) {
        Response response = api.anonymous().contentType("application/json").body(Map.of("type", "m.login.password",
                "user", me.localpart(), "password", me.password())).post(MatrixApi.V3 + "/login");
        assertEquals(me.userId(), remember(spec.conforms(SpecOperation.LOGIN, response, 200)).userId());
    }

    @Test
    @SpecVersion("v1.1")
    void passwordLoginOnAGivenDeviceKeepsThatDevice(SpecCheck spec) {
        String deviceId = "MXCONF" + target.uniqueLocalpart("dev").replaceAll("[^A-Za-z0-9]", "").toUpperCase();
        Map<String, Object> body = Map.of("type", "m.login.password", "identifier",
                Map.of("type", "m.id.user", "user", me.localpart()), "password", me.password(), "device_id", deviceId);
        TestAccount first = remember(spec.conforms(SpecOperation.LOGIN,
                api.anonymous().contentType("application/json").body(body).post(MatrixApi.V3 + "/login"), 200));
        assertEquals(deviceId, first.deviceId());
        TestAccount second = remember(spec.conforms(SpecOperation.LOGIN,
                api.anonymous().contentType("application/json").body(body).post(MatrixApi.V3 + "/login"), 200));
        assertEquals(deviceId, second.deviceId(), "logging in again on a device id must keep it");
        assertNotEquals(first.accessToken(), second.accessToken());
    }

    @Test
    @SpecVersion("v1.1")
    void wrongPasswordIsForbidden(SpecCheck spec) {
        spec.error(SpecOperation.LOGIN, api.passwordLogin(me.localpart(), me.password() + "-wrong"), 403, "M_FORBIDDEN");
    }

    @Test
    @SpecVersion("v1.1")
    void unknownUserIsForbidden(SpecCheck spec) {
        spec.error(SpecOperation.LOGIN, api.passwordLogin(target.uniqueLocalpart("nobody"), "whatever"), 403,
                "M_FORBIDDEN");
    }

    @Test
    @SpecVersion("v1.1")
    void unknownLoginTypeIsRefused(SpecCheck spec) {
        Response response = api.anonymous().contentType("application/json")
                .body(Map.of("type", "m.login.mxnotify_nonexistent",
                        "identifier", Map.of("type", "m.id.user", "user", me.localpart()))).post(MatrixApi.V3 + "/login");
        spec.error(SpecOperation.LOGIN, response, 400, "M_UNKNOWN");
    }

    @Test
    @SpecVersion("v1.1")
    void bodyThatIsNotJsonIsRefused(SpecCheck spec) {
        Response response = api.anonymous().contentType("application/json").body("{\"type\": \"m.login.password\",")
                .post(MatrixApi.V3 + "/login");
        spec.error(SpecOperation.LOGIN, response, 400, "M_NOT_JSON");
    }

    @Test
    @SpecVersion("v1.1")
    void missingPasswordIsABadRequest(SpecCheck spec) {
        Response response = api.anonymous().contentType("application/json").body(Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", me.localpart()))).post(MatrixApi.V3 + "/login");
        JsonNode error = spec.conforms(SpecOperation.LOGIN, response, response.statusCode());
        assertTrue(response.statusCode() == 400 || response.statusCode() == 403,
                "a login without password must be refused with 400 (or 403), got " + response.statusCode());
        assertFalse(error.path("errcode").asText().isEmpty());
    }

    private TestAccount remember(JsonNode answer) {
        TestAccount session = new TestAccount(answer.path("user_id").asText(), answer.path("access_token").asText(),
                answer.path("device_id").asText(), me.password());
        sessions.add(session);
        return session;
    }
}
