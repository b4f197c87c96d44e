package io.mxnotify.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.core.Secret;
import io.mxnotify.core.id.RoomAlias;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.id.ServerName;
import io.mxnotify.core.render.MessageContent;
import io.mxnotify.core.testing.StubHomeserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MatrixClientTest {
    private static final Secret TOKEN = Secret.of("syt_c2VjcmV0_token_value_XYZ");
    private final ObjectMapper json = new ObjectMapper();
    private StubHomeserver server;

    @BeforeEach
    void start() throws Exception {
        server = new StubHomeserver();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MatrixClient client() {
        return MatrixClient.builder(server.baseUrl() + "/").accessToken(TOKEN).build();
    }

    @Test
    void versionsAreReadAndChooseV3() {
        server.on("GET /_matrix/client/versions", 200,
                "{\"versions\":[\"r0.6.1\",\"v1.1\",\"v1.12\"],\"unstable_features\":{\"org.example\":true,\"x\":\"no\"}}");
        SupportedVersions v = client().versions();
        assertEquals(List.of("r0.6.1", "v1.1", "v1.12"), v.versions());
        assertTrue(v.hasUnstableFeature("org.example"));
        assertEquals(ApiPrefix.V3, v.prefix());
        assertTrue(v.supportsV1(12));
        assertFalse(v.supportsV1(13));
    }

    @Test
    void r0IsUsedOnlyWhenNoV11PlusIsOffered() {
        server.on("GET /_matrix/client/versions", 200, "{\"versions\":[\"r0.5.0\",\"r0.6.1\"]}")
                .on("GET /_matrix/client/r0/account/whoami", 200, "{\"user_id\":\"@bot:example.org\"}");
        MatrixClient client = client();
        assertEquals(ApiPrefix.R0, client.apiPrefix());
        assertEquals("@bot:example.org", client.whoami().userId().value());
        assertEquals("/_matrix/client/r0/account/whoami", server.last().rawPath());
        long versionCalls = server.received().stream().filter(r -> r.rawPath().endsWith("/versions")).count();
        assertEquals(1, versionCalls, "versions are fetched once");
    }

    @Test
    void malformedVersionsAnswerIsAServerError() {
        server.on("GET /_matrix/client/versions", 200, "{\"nope\":1}");
        MatrixException e = assertThrows(MatrixException.class, () -> client().versions());
        assertEquals(FailureKind.SERVER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("'versions'"), e.getMessage());
    }

    @Test
    void loginSendsPasswordIdentifierDeviceAndRefreshRequest() throws Exception {
        server.withV3().on("POST /_matrix/client/v3/login", 200,
                "{\"user_id\":\"@bot:example.org\",\"access_token\":\"abc123\",\"device_id\":\"DEV1\","
                        + "\"refresh_token\":\"ref456\",\"expires_in_ms\":60000,\"home_server\":\"example.org\"}");
        MatrixClient anonymous = MatrixClient.builder(server.baseUrl()).build();
        LoginResult result = anonymous.login(LoginRequest.password("bot", Secret.of("pw")).onDevice("DEV1").withRefreshToken());

        JsonNode sent = json.readTree(server.last().body());
        assertEquals("m.login.password", sent.get("type").asText());
        assertEquals("m.id.user", sent.at("/identifier/type").asText());
        assertEquals("bot", sent.at("/identifier/user").asText());
        assertEquals("pw", sent.get("password").asText());
        assertEquals("DEV1", sent.get("device_id").asText());
        assertTrue(sent.get("refresh_token").asBoolean());
        assertEquals(null, server.last().header("Authorization"), "login sends no token");

        assertEquals("@bot:example.org", result.userId().value());
        assertEquals("abc123", result.accessToken().reveal());
        assertEquals("DEV1", result.deviceId());
        assertEquals("ref456", result.refreshToken().orElseThrow().reveal());
        assertEquals(60000, result.expiresInMs().orElseThrow());
        assertEquals("example.org", result.homeServer().orElseThrow());
        assertFalse(result.toString().contains("abc123"), result.toString());
        assertFalse(result.toString().contains("ref456"), result.toString());
    }

    @Test
    void loginOnR0AlsoSendsTheLegacyUserField() throws Exception {
        server.on("GET /_matrix/client/versions", 200, "{\"versions\":[\"r0.6.1\"]}")
                .on("POST /_matrix/client/r0/login", 200,
                        "{\"user_id\":\"@bot:example.org\",\"access_token\":\"abc\",\"device_id\":\"D\"}");
        MatrixClient.builder(server.baseUrl()).build().login(LoginRequest.password("bot", Secret.of("pw")));
        JsonNode sent = json.readTree(server.last().body());
        assertEquals("bot", sent.get("user").asText());
        assertFalse(sent.has("device_id"));
        assertFalse(sent.has("refresh_token"));
    }

    @Test
    void loginFlows() {
        server.withV3().on("GET /_matrix/client/v3/login", 200,
                "{\"flows\":[{\"type\":\"m.login.password\"},{\"type\":\"m.login.sso\"}]}");
        List<LoginFlow> flows = client().loginFlows();
        assertEquals(List.of(new LoginFlow("m.login.password"), new LoginFlow("m.login.sso")), flows);
        assertTrue(flows.get(0).isPassword());
    }

    @Test
    void refreshRotatesTokens() throws Exception {
        server.withV3().on("POST /_matrix/client/v3/refresh", 200,
                "{\"access_token\":\"new\",\"refresh_token\":\"newref\",\"expires_in_ms\":1000}");
        RefreshResult r = MatrixClient.builder(server.baseUrl()).build().refresh(Secret.of("oldref"));
        assertEquals("oldref", json.readTree(server.last().body()).get("refresh_token").asText());
        assertEquals("new", r.accessToken().reveal());
        assertEquals("newref", r.refreshToken().orElseThrow().reveal());
        assertEquals(1000, r.expiresInMs().orElseThrow());
    }

    @Test
    void joinByAliasUsesTheJoinEndpointWithEncodedAliasAndVia() {
        server.withV3().on("POST /_matrix/client/v3/join/%23alerts%3Aexample.org", 200, "{\"room_id\":\"!r1:example.org\"}");
        RoomId id = client().join(RoomAlias.parse("#alerts:example.org"), List.of(ServerName.parse("example.org")));
        assertEquals("!r1:example.org", id.value());
        assertEquals("via=example.org&server_name=example.org", server.last().rawQuery());
        assertEquals("{}", server.last().body());
        assertEquals("Bearer " + TOKEN.reveal(), server.last().header("Authorization"));
    }

    @Test
    void joinByIdUsesTheRoomsJoinEndpoint() {
        server.withV3().on("POST /_matrix/client/v3/rooms/%21WUcxpSjKyxSGelouhA%3Amatrix.org/join", 200,
                "{\"room_id\":\"!WUcxpSjKyxSGelouhA:matrix.org\"}");
        assertEquals("!WUcxpSjKyxSGelouhA:matrix.org", client().joinById(RoomId.parse("!WUcxpSjKyxSGelouhA:matrix.org")).value());
    }

    @Test
    void resolveAlias() {
        server.withV3().on("GET /_matrix/client/v3/directory/room/%23a%3Ab", 200, "{\"room_id\":\"!x:b\",\"servers\":[\"b\"]}");
        assertEquals(RoomId.parse("!x:b"), client().resolveAlias(RoomAlias.parse("#a:b")));
    }

    @Test
    void sendPutsContentUnderTheEncodedTxnId() throws Exception {
        server.withV3().on("PUT /_matrix/client/v3/rooms/%21r%3Ab/send/m.room.message/txn%2F1%20x", 200, "{\"event_id\":\"$ev1\"}");
        MessageContent content = new MessageContent("m.notice", "hi", "<p>hi</p>");
        assertEquals("$ev1", client().send(RoomId.parse("!r:b"), "txn/1 x", content).value());
        JsonNode sent = json.readTree(server.last().body());
        assertEquals("m.notice", sent.get("msgtype").asText());
        assertEquals("org.matrix.custom.html", sent.get("format").asText());
        assertEquals("<p>hi</p>", sent.get("formatted_body").asText());
        assertEquals("application/json", server.last().header("Content-Type"));
    }

    @Test
    void sendNeedsATxnIdAndAToken() {
        assertThrows(IllegalArgumentException.class, () -> client().send(RoomId.parse("!r:b"), " ", Map.of("body", "x")));
        MatrixClient anonymous = MatrixClient.builder(server.baseUrl()).versions(new SupportedVersions(List.of("v1.1"), Map.of())).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> anonymous.send(RoomId.parse("!r:b"), "t", Map.of("body", "x")));
        assertTrue(e.getMessage().contains("log in first"));
    }

    @Test
    void whoamiAndLogout() {
        server.withV3().on("GET /_matrix/client/v3/account/whoami", 200,
                        "{\"user_id\":\"@bot:example.org\",\"device_id\":\"DEV\",\"is_guest\":false}")
                .on("POST /_matrix/client/v3/logout", 200, "{}");
        MatrixClient client = client();
        WhoAmI me = client.whoami();
        assertEquals("@bot:example.org", me.userId().value());
        assertEquals("DEV", me.deviceId().orElseThrow());
        client.logout();
        assertEquals("POST", server.last().method());
        assertEquals("", server.last().body());
    }

    @Test
    void baseUrlIsNormalisedAndValidated() {
        assertEquals(server.baseUrl(), MatrixClient.builder(server.baseUrl() + "///").build().baseUrl().toString());
        assertEquals("https://example.org/matrix", MatrixClient.builder("HTTPS://example.org/matrix/").build().baseUrl().toString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MatrixClient.builder("ftp://x")).getMessage().contains("https://"));
        assertThrows(IllegalArgumentException.class, () -> MatrixClient.builder("example.org"));
        assertThrows(IllegalArgumentException.class, () -> MatrixClient.builder("https://u:p@example.org"));
        assertThrows(IllegalArgumentException.class, () -> MatrixClient.builder("https://example.org/?access_token=x"));
    }

    @Test
    void derivedClientsShareVersionsButNotTokens() {
        server.withV3().on("GET /_matrix/client/v3/account/whoami", 200, "{\"user_id\":\"@a:b\"}");
        MatrixClient anonymous = MatrixClient.builder(server.baseUrl()).build();
        assertFalse(anonymous.hasAccessToken());
        MatrixClient authed = anonymous.withAccessToken(Secret.of("other"));
        authed.whoami();
        assertEquals("Bearer other", server.last().header("Authorization"));
        anonymous.apiPrefix();
        assertEquals(1, server.received().stream().filter(r -> r.rawPath().endsWith("/versions")).count());
        assertFalse(authed.toString().contains("other"));
    }
}
