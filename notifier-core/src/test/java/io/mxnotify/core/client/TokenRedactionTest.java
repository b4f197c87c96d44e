package io.mxnotify.core.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.Secret;
import io.mxnotify.core.id.RoomAlias;
import io.mxnotify.core.id.RoomId;
import io.mxnotify.core.testing.StubHomeserver;
import io.mxnotify.core.testing.StubHomeserver.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No token or password appears in logs, exception texts, stack traces or toString(). */
class TokenRedactionTest {
    private static final String TOKEN = "syt_TOKEN_MUST_NOT_LEAK_4f2a";
    private static final String PASSWORD = "PASSWORD_MUST_NOT_LEAK_91c";
    private static final String REFRESH = "REFRESH_MUST_NOT_LEAK_77d";

    @Test
    void secretsNeverAppearInLogsExceptionsOrToString() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>();
        boolean sawRequestWithToken;
        try (StubHomeserver server = new StubHomeserver().withV3()) {
            System.setErr(capture);
            System.setOut(capture);
            server.on("POST /_matrix/client/v3/login", 200, "{\"user_id\":\"@bot:b\",\"access_token\":\"" + TOKEN
                            + "\",\"device_id\":\"D\",\"refresh_token\":\"" + REFRESH + "\"}")
                    .on("PUT /_matrix/client/v3/rooms/%21r%3Ab/send/m.room.message/t1", 401,
                            "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Token is not active\",\"soft_logout\":true}")
                    .on("POST /_matrix/client/v3/join/%23a%3Ab", 500, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"boom\"}")
                    .on("GET /_matrix/client/v3/account/whoami", Answer.hanging())
                    .on("POST /_matrix/client/v3/refresh", 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"bad refresh\"}");
            MatrixClient anonymous = MatrixClient.builder(server.baseUrl()).build();
            LoginResult login = anonymous.login(LoginRequest.password("bot", Secret.of(PASSWORD)).withRefreshToken());
            texts.add(login.toString());
            texts.add(LoginRequest.password("bot", Secret.of(PASSWORD)).toString());
            MatrixClient client = anonymous.withAccessToken(login.accessToken());
            texts.add(client.toString());
            collect(texts, () -> client.send(RoomId.parse("!r:b"), "t1", Map.of("body", "x")));
            collect(texts, () -> client.join(RoomAlias.parse("#a:b")));
            MatrixClient impatient = MatrixClient.builder(server.baseUrl()).requestTimeout(Duration.ofMillis(300))
                    .versions(anonymous.versions()).accessToken(login.accessToken()).build();
            collect(texts, impatient::whoami);
            collect(texts, () -> client.refresh(login.refreshToken().orElseThrow()));
            sawRequestWithToken = server.received().stream().anyMatch(r -> ("Bearer " + TOKEN).equals(r.header("Authorization")));
            for (StubHomeserver.Received r : server.received()) {
                assertFalse(r.rawPath().contains(TOKEN) || (r.rawQuery() != null && r.rawQuery().contains(TOKEN)),
                        "token in URL: " + r.rawPath() + "?" + r.rawQuery());
            }
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(sawRequestWithToken, "the token does travel, in the Authorization header");
        assertTrue(logs.contains("/_matrix/client/v3/login"), "debug logging was captured: " + logs);
        assertTrue(texts.size() >= 7, "every failing call produced an exception");
        for (String secret : List.of(TOKEN, PASSWORD, REFRESH)) {
            assertFalse(logs.contains(secret), "secret in logs: " + logs);
            for (String text : texts) {
                assertFalse(text.contains(secret), "secret in: " + text);
            }
        }
    }

    private static void collect(List<String> texts, Runnable call) {
        try {
            call.run();
        } catch (MatrixClientException e) {
            texts.add(e.getMessage());
            texts.add(e.toString());
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            texts.add(trace.toString());
            return;
        }
        throw new AssertionError("expected the call to fail");
    }
}
