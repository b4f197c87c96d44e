package io.mxnotify.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.Secret;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.testing.StubHomeserver;
import io.mxnotify.core.testing.StubHomeserver.Answer;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error the spec lists, as a server would answer it, and how the client classifies it. */
class ErrorAnswersTest {
    private static final String SEND = "PUT /_matrix/client/v3/rooms/%21r%3Ab/send/m.room.message/t1";
    private StubHomeserver server;

    @BeforeEach
    void start() throws Exception {
        server = new StubHomeserver().withV3();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MatrixClient client() {
        return MatrixClient.builder(server.baseUrl()).accessToken(Secret.of("tok")).build();
    }

    private MatrixException sendFailure() {
        return assertThrows(MatrixException.class, () -> client().send(RoomId.parse("!r:b"), "t1", Map.of("body", "x")));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            // common error codes
            "400, M_BAD_JSON, REJECTED",
            "403, M_FORBIDDEN, FORBIDDEN",
            "429, M_LIMIT_EXCEEDED, RATE_LIMITED",
            "401, M_MISSING_TOKEN, UNKNOWN_TOKEN",
            "404, M_NOT_FOUND, REJECTED",
            "400, M_NOT_JSON, REJECTED",
            "403, M_RESOURCE_LIMIT_EXCEEDED, SERVER_LIMIT",
            "500, M_UNKNOWN, SERVER_ERROR",
            "400, M_UNKNOWN, REJECTED",
            "403, M_UNKNOWN_DEVICE, REJECTED",
            "401, M_UNKNOWN_TOKEN, UNKNOWN_TOKEN",
            "404, M_UNRECOGNIZED, WRONG_ENDPOINT",
            "405, M_UNRECOGNIZED, WRONG_ENDPOINT",
            "400, M_UNRECOGNIZED, WRONG_ENDPOINT",
            "403, M_USER_LIMIT_EXCEEDED, REJECTED",
            "401, M_USER_LOCKED, ACCOUNT_UNUSABLE",
            "403, M_USER_SUSPENDED, ACCOUNT_UNUSABLE",
            // other error codes
            "400, M_BAD_STATE, REJECTED",
            "403, M_CANNOT_LEAVE_SERVER_NOTICE_ROOM, REJECTED",
            "400, M_CAPTCHA_INVALID, REJECTED",
            "401, M_CAPTCHA_NEEDED, REJECTED",
            "400, M_EXCLUSIVE, REJECTED",
            "403, M_GUEST_ACCESS_FORBIDDEN, REJECTED",
            "400, M_INCOMPATIBLE_ROOM_VERSION, REJECTED",
            "400, M_INVALID_PARAM, REJECTED",
            "400, M_INVALID_ROOM_STATE, REJECTED",
            "400, M_INVALID_USERNAME, REJECTED",
            "400, M_MISSING_PARAM, REJECTED",
            "400, M_ROOM_IN_USE, REJECTED",
            "403, M_SERVER_NOT_TRUSTED, REJECTED",
            "401, M_THREEPID_AUTH_FAILED, REJECTED",
            "403, M_THREEPID_DENIED, REJECTED",
            "400, M_THREEPID_IN_USE, REJECTED",
            "400, M_THREEPID_MEDIUM_NOT_SUPPORTED, REJECTED",
            "400, M_THREEPID_NOT_FOUND, REJECTED",
            "413, M_TOO_LARGE, REJECTED",
            "401, M_UNAUTHORIZED, REJECTED",
            "400, M_UNSUPPORTED_ROOM_VERSION, REJECTED",
            "403, M_USER_DEACTIVATED, ACCOUNT_UNUSABLE",
            "400, M_USER_IN_USE, REJECTED",
            // statuses with no specific errcode
            "502, M_UNKNOWN, SERVER_ERROR",
            "503, M_UNKNOWN, SERVER_ERROR",
            "408, M_UNKNOWN, TIMEOUT",
            "429, M_UNKNOWN, RATE_LIMITED",
            "401, M_UNKNOWN, UNKNOWN_TOKEN",
            "403, M_UNKNOWN, FORBIDDEN",
            "418, COM.EXAMPLE_CUSTOM, REJECTED"})
    void everySpecErrorIsCarriedAndClassified(int status, String errcode, FailureKind expected) {
        server.on(SEND, status, "{\"errcode\":\"" + errcode + "\",\"error\":\"Something about " + errcode + "\",\"admin_contact\":\"mailto:admin@b\"}");
        MatrixException e = sendFailure();
        assertEquals(status, e.status());
        assertEquals(errcode, e.errcode());
        assertEquals("Something about " + errcode, e.error());
        assertEquals(expected, e.kind());
        assertEquals(expected.isRetryable(), e.isRetryable());
        assertEquals("mailto:admin@b", e.details().get("admin_contact"));
        assertEquals("PUT /_matrix/client/v3/rooms/%21r%3Ab/send/m.room.message/t1", e.request());
        assertTrue(e.getMessage().contains("HTTP " + status + " " + errcode + ": Something about " + errcode), e.getMessage());
    }

    @Test
    void retryAfterMsFromTheBody() {
        server.on(SEND, 429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\",\"retry_after_ms\":2500}");
        MatrixException e = sendFailure();
        assertEquals(Duration.ofMillis(2500), e.retryAfter().orElseThrow());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().contains("retry after 2500 ms"), e.getMessage());
    }

    @Test
    void retryAfterHeaderInSecondsWhenTheBodyHasNone() {
        server.on(SEND, Answer.json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow down\"}").withHeader("Retry-After", "7"));
        assertEquals(Duration.ofSeconds(7), sendFailure().retryAfter().orElseThrow());
    }

    @Test
    void retryAfterHeaderAsAnHttpDate() {
        server.on(SEND, Answer.json(503, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"maintenance\"}")
                .withHeader("Retry-After", "Fri, 27 Nov 2026 12:00:30 GMT"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
        MatrixClient client = MatrixClient.builder(server.baseUrl()).accessToken(Secret.of("tok")).clock(clock).build();
        MatrixException e = assertThrows(MatrixException.class, () -> client.send(RoomId.parse("!r:b"), "t1", Map.of("body", "x")));
        assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
        assertEquals(FailureKind.SERVER_ERROR, e.kind());
    }

    @Test
    void softLogoutIsReported() {
        server.on(SEND, 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Token is not active\",\"soft_logout\":true}");
        MatrixException e = sendFailure();
        assertTrue(e.softLogout());
        assertEquals(FailureKind.UNKNOWN_TOKEN, e.kind());
        assertFalse(e.isRetryable());
        assertTrue(e.getMessage().contains("soft logout"), e.getMessage());

        server.on(SEND, 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Invalid access token\"}");
        assertFalse(sendFailure().softLogout());
    }

    @Test
    void aNonJsonErrorPageKeepsTheStatus() {
        server.on(SEND, new Answer(502, Map.of("Content-Type", "text/html"), "<html>Bad Gateway</html>", false));
        MatrixException e = sendFailure();
        assertEquals(502, e.status());
        assertEquals("M_UNKNOWN", e.errcode());
        assertEquals(FailureKind.SERVER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("(no Matrix errcode)"), e.getMessage());
    }

    @Test
    void aSuccessWithoutEventIdIsAServerError() {
        server.on(SEND, 200, "{}");
        MatrixException e = sendFailure();
        assertEquals(FailureKind.SERVER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("'event_id'"), e.getMessage());
        server.on(SEND, new Answer(200, Map.of(), "not json", false));
        assertEquals(FailureKind.SERVER_ERROR, sendFailure().kind());
    }

    @Test
    void anOversizedAnswerIsRefused() {
        server.on(SEND, 200, "{\"event_id\":\"$e\",\"padding\":\"" + "x".repeat(JsonTransport.MAX_RESPONSE_BYTES) + "\"}");
        MatrixException e = sendFailure();
        assertEquals(FailureKind.SERVER_ERROR, e.kind());
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
    }

    @Test
    void anUnparseableRetryAfterIsIgnored() {
        server.on(SEND, Answer.json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"x\"}").withHeader("Retry-After", "soon"));
        MatrixException e = sendFailure();
        assertTrue(e.retryAfter().isEmpty());
        assertEquals(FailureKind.RATE_LIMITED, e.kind());
    }

    @Test
    void aRedirectIsNotFollowedAndSaysWhereTo() {
        server.on(SEND, Answer.json(301, "").withHeader("Location", "https://matrix.example.org/_matrix/client/v3/x"));
        MatrixException e = sendFailure();
        assertEquals(301, e.status());
        assertEquals(FailureKind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("redirects to https://matrix.example.org/"), e.getMessage());
        assertEquals(1, server.received().stream().filter(r -> r.method().equals("PUT")).count());
    }

    @Test
    void logoutToleratesAnEmptySuccess() {
        server.on("POST /_matrix/client/v3/logout", new Answer(200, Map.of(), "", false));
        client().logout();
        server.on("POST /_matrix/client/v3/logout", 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"gone\"}");
        assertEquals(FailureKind.UNKNOWN_TOKEN, assertThrows(MatrixException.class, () -> client().logout()).kind());
    }

    @Test
    void connectionRefusedIsANetworkFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MatrixClient client = MatrixClient.builder("http://127.0.0.1:" + port).accessToken(Secret.of("tok"))
                .versions(new SupportedVersions(List.of("v1.1"), Map.of())).build();
        MatrixNetworkException e = assertThrows(MatrixNetworkException.class, client::whoami);
        assertEquals(FailureKind.NETWORK, e.kind());
        assertTrue(e.isRetryable());
        assertFalse(e.isTimeout());
        assertTrue(e.getMessage().startsWith("GET /_matrix/client/v3/account/whoami failed: "), e.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        server.on(SEND, Answer.hanging());
        MatrixClient client = MatrixClient.builder(server.baseUrl()).accessToken(Secret.of("tok"))
                .versions(new SupportedVersions(List.of("v1.1"), Map.of()))
                .requestTimeout(Duration.ofMillis(300)).build();
        MatrixNetworkException e = assertThrows(MatrixNetworkException.class,
                () -> client.send(RoomId.parse("!r:b"), "t1", Map.of("body", "x")));
        assertTrue(e.isTimeout());
        assertEquals(FailureKind.TIMEOUT, e.kind());
        assertTrue(e.isRetryable());
    }
}
