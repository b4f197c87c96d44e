package io.mxnotify.conformance.target;

import static io.restassured.RestAssured.given;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/**
 * REST Assured requests to the target server. Paths are given already encoded (build them with
 * {@link Segment#encode}): REST Assured's own URL encoding is off, so the suite controls every byte.
 */
public final class MatrixApi {
    /** The client API prefix every test uses unless it tests another one. */
    public static final String V3 = "/_matrix/client/v3";

    private final String baseUrl;
    private final RateLimitWaits rateLimitWaits = new RateLimitWaits();
    private final CreatedSessions createdSessions = new CreatedSessions();
    private final RestAssuredConfig config = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 10_000).setParam("http.socket.timeout", 60_000));

    public MatrixApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A request without an access token; a {@code 429 M_LIMIT_EXCEEDED} answer is waited out (see {@link RateLimitWaits}). */
    public RequestSpecification anonymous() {
        return given().config(config).baseUri(baseUrl).urlEncodingEnabled(false).redirects().follow(false)
                .filter(createdSessions).filter(rateLimitWaits);
    }

    /**
     * Logs out every session the suite's logins and registrations created through this API (each is a device
     * on the server); answers how many the server still knew (the others were logged out by their checks).
     */
    public int logOutCreatedSessions() {
        int loggedOut = 0;
        for (String token : createdSessions.drain()) {
            Response answer = anonymous().header("Authorization", "Bearer " + token).contentType("application/json")
                    .body("{}").post(V3 + "/logout");
            if (answer.statusCode() == 200) {
                loggedOut++;
            }
        }
        return loggedOut;
    }

    /**
     * A request with the account's token whose {@code 429} answers come back as they are, for a request that
     * must change before it is sent again (room creation: Synapse 1.67 takes the alias before its join
     * limiter refuses).
     */
    RequestSpecification asWithoutRateLimitWaits(TestAccount account) {
        return given().config(config).baseUri(baseUrl).urlEncodingEnabled(false).redirects().follow(false)
                .filter(createdSessions).header("Authorization", "Bearer " + account.accessToken());
    }

    /** A request with the account's token in {@code Authorization: Bearer}. */
    public RequestSpecification as(TestAccount account) {
        return anonymous().header("Authorization", "Bearer " + account.accessToken());
    }

    /** A request with the account's token in the {@code access_token} query parameter (the older transport). */
    public RequestSpecification asWithQueryToken(TestAccount account) {
        return anonymous().queryParam("access_token", Segment.encode(account.accessToken()));
    }

    /** {@code POST /login} with a password and an {@code m.id.user} identifier; the raw answer. */
    public Response passwordLogin(String user, String password) {
        return anonymous().contentType("application/json").body(Map.of("type", "m.login.password",
                "identifier", Map.of("type", "m.id.user", "user", user), "password", password,
                "initial_device_display_name", "mxnotify conformance suite")).post(V3 + "/login");
    }

    /** Logs in (a new device) and answers the account, failing the test with the answer when refused. */
    public TestAccount login(String user, String password) {
        Response answer = passwordLogin(user, password);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("cannot log in as " + user + ": " + answer.statusCode() + " "
                    + answer.asString());
        }
        return new TestAccount(answer.path("user_id"), answer.path("access_token"), answer.path("device_id"),
                password);
    }

    /** {@code PUT .../send/m.room.message/{txnId}} of a plain {@code m.text}; the raw answer. */
    public Response sendText(TestAccount account, String roomId, String txnId, String body) {
        return as(account).contentType("application/json").body(Map.of("msgtype", "m.text", "body", body))
                .put(V3 + "/rooms/" + Segment.encode(roomId) + "/send/m.room.message/" + Segment.encode(txnId));
    }

    /** {@code GET /rooms/{roomId}/messages?dir=b&limit=...}; the raw answer. */
    public Response messagesBackwards(TestAccount account, String roomId, int limit) {
        return as(account).queryParam("dir", "b").queryParam("limit", limit)
                .get(V3 + "/rooms/" + Segment.encode(roomId) + "/messages");
    }

    public String baseUrl() {
        return baseUrl;
    }
}
