package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.seg;
import static io.mxnotify.fakehs.Http.to;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Expiring access tokens, refresh token rotation, and the soft and hard logout controls. */
class TokenLifetimeTest {
    private static final String V3 = "/_matrix/client/v3";
    private FakeHomeserver fake;

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.close();
        }
    }

    private FakeHomeserver start(Duration lifetime) {
        fake = FakeHomeserver.builder().user("bot", "pw").tokenLifetime(lifetime).start();
        return fake;
    }

    private JsonPath login(boolean refresh, String deviceId) {
        String body = "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"bot\"},"
                + "\"password\":\"pw\"" + (refresh ? ",\"refresh_token\":true" : "")
                + (deviceId != null ? ",\"device_id\":\"" + deviceId + "\"" : "") + "}";
        return to(fake).body(body).post(V3 + "/login").then().statusCode(200).extract().jsonPath();
    }

    private Response whoami(String token) {
        return to(fake).header("Authorization", "Bearer " + token).get(V3 + "/account/whoami");
    }

    private Response refresh(String prefix, String refreshToken) {
        return to(fake).body("{\"refresh_token\":\"" + refreshToken + "\"}").post("/_matrix/client/" + prefix + "/refresh");
    }

    @Test
    void aClientAskingForARefreshTokenGetsOneWithTheLifetime() {
        start(Duration.ofHours(1));
        JsonPath answer = login(true, null);
        assertTrue(answer.getString("refresh_token").startsWith("syr_"));
        assertEquals(3_600_000L, answer.getLong("expires_in_ms"));
        whoami(answer.getString("access_token")).then().statusCode(200).body("user_id", equalTo("@bot:localhost"));
    }

    @Test
    void aClientNotAskingGetsANonExpiringTokenAndSoDoesEveryClientWithoutALifetime() {
        start(Duration.ofHours(1));
        JsonPath plain = login(false, null);
        assertNull(plain.get("refresh_token"));
        assertNull(plain.get("expires_in_ms"));
        fake.close();
        start(Duration.ZERO);
        JsonPath asked = login(true, null);
        assertNull(asked.get("refresh_token"));
        assertNull(asked.get("expires_in_ms"));
    }

    @Test
    void anExpiredAccessTokenIsASoftLogoutAndTheRefreshTokenStillWorks() {
        start(Duration.ofMillis(300));
        JsonPath answer = login(true, "NOTIFIER");
        String token = answer.getString("access_token");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Response last = whoami(token);
        while (last.statusCode() == 200 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            last = whoami(token);
        }
        last.then().statusCode(401).body("errcode", equalTo("M_UNKNOWN_TOKEN")).body("soft_logout", equalTo(true));
        String fresh = refresh("v3", answer.getString("refresh_token")).then().statusCode(200)
                .body("access_token", startsWith("syt_")).body("expires_in_ms", equalTo(300))
                .extract().path("access_token");
        // the fresh token may expire again at any moment on a loaded machine: it either works or is soft logged out
        Response check = whoami(fresh);
        assertTrue(check.statusCode() == 200 || check.jsonPath().getBoolean("soft_logout"));
        assertEquals(List.of("NOTIFIER"), fake.deviceIds("bot").subList(1, 2));
    }

    @Test
    void theOldRefreshTokenWorksUntilTheNewPairIsUsed() {
        start(Duration.ofHours(1));
        JsonPath first = login(true, null);
        String rt1 = first.getString("refresh_token");
        JsonPath second = refresh("v3", rt1).then().statusCode(200).extract().jsonPath();
        assertNotEquals(rt1, second.getString("refresh_token"));
        // the answer was "lost": the client repeats the refresh with the old token, which still works
        JsonPath third = refresh("v3", rt1).then().statusCode(200).extract().jsonPath();
        // the pending pair from the first refresh was replaced
        whoami(second.getString("access_token")).then().statusCode(401).body("soft_logout", equalTo(false));
        refresh("v3", second.getString("refresh_token")).then().statusCode(401).body("errcode", equalTo("M_UNKNOWN_TOKEN"));
        // the old access token still works until the new pair is used
        whoami(first.getString("access_token")).then().statusCode(200);
        whoami(third.getString("access_token")).then().statusCode(200);
        refresh("v3", rt1).then().statusCode(401).body("errcode", equalTo("M_UNKNOWN_TOKEN"))
                .body("soft_logout", equalTo(false));
        whoami(first.getString("access_token")).then().statusCode(401);
        // refreshing with the newest refresh token counts as using it too
        JsonPath fourth = refresh("v3", third.getString("refresh_token")).then().statusCode(200).extract().jsonPath();
        refresh("v3", fourth.getString("refresh_token")).then().statusCode(200);
        refresh("v3", third.getString("refresh_token")).then().statusCode(401);
        assertEquals(2, fake.deviceIds("bot").size(), "the seed device and the login's: refreshing adds none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3", "r0"})
    void refreshIsServedUnderBothPrefixesByTheSynapseProfile(String prefix) {
        start(Duration.ofHours(1));
        refresh(prefix, login(true, null).getString("refresh_token")).then().statusCode(200)
                .body("$", hasKey("refresh_token"));
    }

    @Test
    void theStrictProfileServesRefreshOnlyUnderV3() {
        fake = FakeHomeserver.builder().user("bot", "pw").tokenLifetime(Duration.ofHours(1)).profile(Profile.STRICT)
                .start();
        String rt = login(true, null).getString("refresh_token");
        refresh("r0", rt).then().statusCode(404).body("errcode", equalTo("M_UNRECOGNIZED"));
        refresh("v3", rt).then().statusCode(200);
    }

    @Test
    void refreshErrors() {
        start(Duration.ofHours(1));
        refresh("v3", "syr_nothing").then().statusCode(401).body("errcode", equalTo("M_UNKNOWN_TOKEN"));
        to(fake).body("{}").post(V3 + "/refresh").then().statusCode(400).body("errcode", equalTo("M_MISSING_PARAM"));
        to(fake).body("{\"refresh_token\":1}").post(V3 + "/refresh").then().statusCode(400)
                .body("errcode", equalTo("M_BAD_JSON"));
        to(fake).body("nope").post(V3 + "/refresh").then().statusCode(400).body("errcode", equalTo("M_NOT_JSON"));
    }

    @Test
    void expireIsASoftLogoutOfEveryTokenOfTheUser() {
        start(Duration.ofHours(1));
        JsonPath refreshing = login(true, null);
        JsonPath plain = login(false, null);
        to(fake).post("/_fake/v1/users/" + seg("@bot:localhost") + "/expire").then().statusCode(200)
                .body("soft_logout", equalTo(true));
        whoami(refreshing.getString("access_token")).then().statusCode(401).body("soft_logout", equalTo(true));
        whoami(plain.getString("access_token")).then().statusCode(401).body("soft_logout", equalTo(true));
        String fresh = refresh("v3", refreshing.getString("refresh_token")).then().statusCode(200)
                .extract().path("access_token");
        whoami(fresh).then().statusCode(200);
        JsonPath journal = to(fake).get("/_fake/v1/requests?path=/expire").then().statusCode(200).extract().jsonPath();
        assertEquals(1, journal.getList("requests").size());
    }

    @Test
    void logoutIsAHardLogoutKeepingTheDevicesForALoginOnTheSameDevice() {
        start(Duration.ofHours(1));
        JsonPath answer = login(true, "NOTIFIER");
        int devices = fake.deviceIds("bot").size();
        to(fake).post("/_fake/v1/users/bot/logout").then().statusCode(200).body("soft_logout", equalTo(false));
        whoami(answer.getString("access_token")).then().statusCode(401).body("errcode", equalTo("M_UNKNOWN_TOKEN"))
                .body("soft_logout", equalTo(false));
        refresh("v3", answer.getString("refresh_token")).then().statusCode(401).body("soft_logout", equalTo(false));
        JsonPath again = login(true, "NOTIFIER");
        whoami(again.getString("access_token")).then().statusCode(200).body("device_id", equalTo("NOTIFIER"));
        assertEquals(devices, fake.deviceIds("bot").size());
        to(fake).post("/_fake/v1/users/nobody/logout").then().statusCode(404).body("errcode", equalTo("M_NOT_FOUND"));
        assertEquals(1, to(fake).get("/_fake/v1/requests?path=/_fake/v1/users/bot/logout").then().extract()
                .jsonPath().getList("requests").size());
    }

    @Test
    void theJavaApiExpiresAndRevokes() {
        start(Duration.ofHours(1));
        JsonPath answer = login(true, null);
        fake.expireTokens("@bot:localhost");
        whoami(answer.getString("access_token")).then().statusCode(401).body("soft_logout", equalTo(true));
        fake.revokeTokens("bot");
        whoami(answer.getString("access_token")).then().statusCode(401).body("soft_logout", equalTo(false));
        assertEquals(Duration.ofHours(1), fake.tokenLifetime());
    }

    @Test
    void theSeedFileSetsTheLifetime() {
        SeedConfig seed = SeedConfig.parse("{\"users\":[{\"username\":\"bot\",\"password\":\"pw\"}],"
                + "\"token_lifetime_ms\":60000}");
        assertEquals(60_000L, seed.tokenLifetimeMs());
        fake = FakeHomeserver.builder().seedConfig(seed).start();
        assertEquals(60_000L, login(true, null).getLong("expires_in_ms"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SeedConfig.parse("{\"token_lifetime_ms\":\"1m\"}"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SeedConfig.parse("{\"token_lifetime_ms\":-1}"));
    }

    @Test
    void theJournalMasksRefreshTokens() {
        start(Duration.ofHours(1));
        String rt = login(true, null).getString("refresh_token");
        refresh("v3", rt).then().statusCode(200);
        String journal = to(fake).get("/_fake/v1/requests").then().extract().asString();
        assertTrue(!journal.contains(rt), "the journal shows no refresh token");
    }
}
