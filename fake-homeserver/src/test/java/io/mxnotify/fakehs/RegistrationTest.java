package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.notNullValue;

import io.mxnotify.fakehs.internal.RegistrationEndpoints;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Synapse's shared-secret registration and the client API's dummy-auth registration. */
class RegistrationTest {

    /** The HMAC as register_new_matrix_user computes it, written out independently of the server code. */
    private static String mac(String secret, String nonce, String user, String password, boolean admin) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String message = nonce + "\0" + user + "\0" + password + "\0" + (admin ? "admin" : "notadmin");
        return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sharedSecretRegistrationAsRegisterNewMatrixUserDoesIt() throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().registrationSharedSecret("s3cret").start()) {
            String nonce = to(fake).get("/_synapse/admin/v1/register").then().statusCode(200)
                    .body("nonce", hasLength(128)).extract().path("nonce");
            String mac = mac("s3cret", nonce, "newusername", "very-secure-password1", false);
            String body = "{\"nonce\":\"" + nonce + "\",\"username\":\"newusername\",\"password\":\"very-secure-password1\","
                    + "\"admin\":false,\"mac\":\"" + mac + "\"}";
            to(fake).body(body).post("/_synapse/admin/v1/register").then().statusCode(200)
                    .body("user_id", equalTo("@newusername:localhost")).body("access_token", notNullValue())
                    .body("device_id", notNullValue());
            to(fake).body(body).post("/_synapse/admin/v1/register").then().statusCode(400)
                    .body("errcode", equalTo("M_UNKNOWN")).body("error", equalTo("unrecognised nonce"));
            to(fake).body("{\"type\":\"m.login.password\",\"user\":\"newusername\",\"password\":\"very-secure-password1\"}")
                    .post("/_matrix/client/r0/login").then().statusCode(200);
        }
    }

    @Test
    void sharedSecretErrorsInSynapseOrder() throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().registrationSharedSecret("s3cret").start()) {
            String nonce = to(fake).get("/_synapse/admin/v1/register").then().extract().path("nonce");
            to(fake).body("{\"nonce\":\"" + nonce + "\",\"username\":\"u\",\"password\":\"p\",\"mac\":\"00\"}")
                    .post("/_synapse/admin/v1/register").then().statusCode(403).body("errcode", equalTo("M_UNKNOWN"))
                    .body("error", equalTo("HMAC incorrect"));
            to(fake).body("{\"username\":\"u\"}").post("/_synapse/admin/v1/register").then().statusCode(400)
                    .body("errcode", equalTo("M_BAD_JSON"));
            String admin = to(fake).get("/_synapse/admin/v1/register").then().extract().path("nonce");
            to(fake).body("{\"nonce\":\"" + admin + "\",\"username\":\"Boss\",\"password\":\"p\",\"admin\":true,\"mac\":\""
                    + RegistrationEndpoints.mac("s3cret", admin, "Boss", "p", true, null) + "\"}")
                    .post("/_synapse/admin/v1/register").then().statusCode(200).body("user_id", equalTo("@boss:localhost"));
        }
        try (FakeHomeserver closed = FakeHomeserver.builder().start()) {
            to(closed).body("{}").post("/_synapse/admin/v1/register").then().statusCode(400)
                    .body("error", equalTo("Shared secret registration is not enabled"));
        }
    }

    @Test
    void clientRegistrationIsOffUnlessEnabledThenUsesDummyAuth() {
        try (FakeHomeserver fake = FakeHomeserver.builder().start()) {
            to(fake).body("{\"username\":\"x\",\"password\":\"p\"}").post("/_matrix/client/v3/register").then()
                    .statusCode(403).body("errcode", equalTo("M_FORBIDDEN"));
        }
        try (FakeHomeserver fake = FakeHomeserver.builder().registrationEnabled(true).user("taken", "p").start()) {
            String session = to(fake).body("{\"username\":\"x\",\"password\":\"p\"}").post("/_matrix/client/v3/register")
                    .then().statusCode(401).body("flows[0].stages[0]", equalTo("m.login.dummy")).extract().path("session");
            to(fake).body("{\"username\":\"x\",\"password\":\"p\",\"auth\":{\"type\":\"m.login.dummy\",\"session\":\""
                    + session + "\"}}").post("/_matrix/client/v3/register").then().statusCode(200)
                    .body("user_id", equalTo("@x:localhost")).body("access_token", notNullValue());
            to(fake).body("{\"username\":\"taken\",\"password\":\"p\"}").post("/_matrix/client/v3/register").then()
                    .statusCode(400).body("errcode", equalTo("M_USER_IN_USE"));
            to(fake).body("{\"username\":\"Bad Name\"}").post("/_matrix/client/v3/register").then()
                    .statusCode(400).body("errcode", equalTo("M_INVALID_USERNAME"));
            to(fake).get("/_matrix/client/v3/register/available?username=free").then().statusCode(200)
                    .body("available", equalTo(true));
        }
    }
}
