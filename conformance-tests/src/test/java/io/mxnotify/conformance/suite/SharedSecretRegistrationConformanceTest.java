package io.mxnotify.conformance.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mxnotify.conformance.spec.SpecCheck;
import io.mxnotify.conformance.spec.SpecOperation;
import io.mxnotify.conformance.target.ConformanceSuite;
import io.mxnotify.conformance.target.NotInSpec;
import io.mxnotify.conformance.target.HomeserverTarget;
import io.mxnotify.conformance.target.MatrixApi;
import io.mxnotify.conformance.target.SharedSecretRegistration;
import io.mxnotify.conformance.target.TestAccount;
import io.restassured.response.Response;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Synapse's shared-secret registration ({@code /_synapse/admin/v1/register}), which {@code mxnotify register}
 * uses to create a bot user. Not part of the Matrix spec: checked against Synapse's behaviour, and skipped
 * unless the suite knows the server's secret.
 */
@ConformanceSuite
@NotInSpec("Synapse's admin API (/_synapse/admin/v1/register): Synapse's answers are the reference")
class SharedSecretRegistrationConformanceTest {
    private HomeserverTarget target;
    private SharedSecretRegistration registration;

    @BeforeEach
    void setUp(HomeserverTarget target) {
        this.target = target;
        this.registration = target.registration("testing Synapse's admin registration API");
    }

    @Test
    void nonceIsAString() {
        Response nonce = registration.nonce();
        assertEquals(200, nonce.statusCode(), nonce.asString());
        assertTrue(nonce.path("nonce") instanceof String s && !s.isEmpty(), nonce.asString());
    }

    @Test
    void registrationCreatesALoggedInUser(SpecCheck spec) {
        String localpart = target.uniqueLocalpart("bot");
        Response answer = registration.register(localpart, HomeserverTarget.randomPassword(new SecureRandom()));
        assertEquals(200, answer.statusCode(), answer.asString());
        String userId = answer.path("user_id");
        assertTrue(userId.startsWith("@" + localpart + ":"), userId);
        TestAccount bot = new TestAccount(userId, answer.path("access_token"), answer.path("device_id"), "unused");
        JsonNode whoami = spec.conforms(SpecOperation.WHOAMI, target.api().as(bot).get(MatrixApi.V3 + "/account/whoami"), 200);
        assertEquals(userId, whoami.path("user_id").asText());
    }

    @Test
    void theNewUserCanLogInWithItsPassword(SpecCheck spec) {
        String localpart = target.uniqueLocalpart("bot");
        String password = HomeserverTarget.randomPassword(new SecureRandom());
        registration.registerAccount(localpart, password);
        JsonNode login = spec.conforms(SpecOperation.LOGIN, target.api().passwordLogin(localpart, password), 200);
        assertTrue(login.path("user_id").asText().startsWith("@" + localpart + ":"));
    }

    /** Synapse's own API, so Synapse is the reference: 403 with {@code M_UNKNOWN} (not {@code M_FORBIDDEN}), "HMAC incorrect". */
    @Test
    void wrongMacIsRefusedAsSynapseDoes(SpecCheck spec) {
        String nonce = registration.nonce().path("nonce");
        String localpart = target.uniqueLocalpart("bot");
        Response answer = registration.register(nonce, localpart, "pw-1", registration.mac(nonce, localpart, "pw-2"));
        spec.genericError("POST " + SharedSecretRegistration.PATH + " with a wrong mac", answer, 403, "M_UNKNOWN");
        assertEquals("HMAC incorrect", answer.path("error"), answer.asString());
    }

    @Test
    void aNonceWorksOnce(SpecCheck spec) {
        String nonce = registration.nonce().path("nonce");
        String first = target.uniqueLocalpart("bot");
        Response ok = registration.register(nonce, first, "pw-1", registration.mac(nonce, first, "pw-1"));
        assertEquals(200, ok.statusCode(), ok.asString());
        String second = target.uniqueLocalpart("bot");
        Response reused = registration.register(nonce, second, "pw-1", registration.mac(nonce, second, "pw-1"));
        spec.genericError("POST " + SharedSecretRegistration.PATH + " with a used nonce", reused, 400, "M_UNKNOWN");
    }

    @Test
    void takenUsernameIsInUse(SpecCheck spec) {
        String localpart = target.uniqueLocalpart("bot");
        registration.registerAccount(localpart, "pw-1");
        Response again = registration.register(localpart, "pw-2");
        spec.genericError("POST " + SharedSecretRegistration.PATH + " of a taken name", again, 400, "M_USER_IN_USE");
    }
}
