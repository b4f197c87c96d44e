package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Input the fake cannot use is a 400 with spec error JSON saying what was wrong, never a 500. */
class BadInputAnswersTest {
    private static FakeHomeserver fake;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"method", "path", "status", "errcode", "error", "retry_after_ms", "delay_ms",
        "drop_connection", "times", "probability", "skip"})
    void aNullFaultRuleFieldMeansAbsent(String field) throws IOException {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("path", "\"^/never$\"");
        fields.put("delay_ms", "5");
        fields.put(field, "null");
        StringBuilder body = new StringBuilder("{");
        fields.forEach((name, value) -> body.append(body.length() > 1 ? "," : "").append('"').append(name).append("\":")
                .append(value));
        body.append('}');
        try (RawClient client = new RawClient(fake)) {
            RawClient.Answer answer = client.post("/_fake/v1/faults", body.toString());
            if (field.equals("delay_ms")) { // the rule has nothing left to do
                assertEquals(400, answer.status(), answer::toString);
                assertEquals("M_BAD_JSON", answer.errcode(), answer::toString);
                assertTrue(answer.text().contains("needs a status, a delay_ms or a drop_connection"), answer::toString);
            } else {
                assertEquals(200, answer.status(), answer::toString);
            }
        } finally {
            fake.clearFaults();
        }
    }

    @Test
    void theIssuesFaultRuleWithANullDelay() throws IOException {
        try (RawClient client = new RawClient(fake)) {
            RawClient.Answer answer = client.post("/_fake/v1/faults", "{\"path\":\"^/never$\",\"delay_ms\":null}");
            assertEquals(400, answer.status(), answer::toString);
            assertEquals("M_BAD_JSON", answer.errcode(), answer::toString);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/_fake/inbox/%u002e|M_UNRECOGNIZED",
        "/_fake/inbox/%|M_UNRECOGNIZED",
        "/_fake/inbox/%C3%28|M_NOT_FOUND",
        "/_fake/inbox/%2e%2e|M_NOT_FOUND",
        "/_fake/inbox/inbox.css%00|M_UNRECOGNIZED",
    })
    void aBrokenInboxPathIsA4xxWithJson(String target, String errcode) throws IOException {
        try (RawClient client = new RawClient(fake)) {
            RawClient.Answer answer = client.send("GET", target, java.util.Map.of("Accept", "text/event-stream"), null);
            assertTrue(answer.status() >= 400 && answer.status() < 500, answer::toString);
            assertEquals("application/json", answer.header("content-type").split(";")[0], answer::toString);
            assertEquals(errcode, answer.errcode(), answer::toString);
        }
    }

    /**
     * Blank lines before a request line are skipped, as RFC 9112 section 2.2 asks; so a request of only
     * blank lines is no request yet: Jetty waits for one until its idle timeout (30 s measured), answers
     * 431 JSON once they pass the 8 KiB header limit, and closes quietly when the client stops sending.
     */
    @Test
    void blankLinesBeforeARequestAreSkippedAndTooManyAreRefused() throws IOException {
        try (RawClient client = new RawClient(fake)) {
            RawClient.Answer answer = client.raw(("\r\n".repeat(16) + "GET /_matrix/client/versions HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, answer.status(), answer::toString);
        }
        try (RawClient client = new RawClient(fake)) {
            RawClient.Answer answer = client.raw("\r\n".repeat(5_000).getBytes(StandardCharsets.US_ASCII));
            assertEquals(431, answer.status(), answer::toString);
            assertEquals("M_TOO_LARGE", answer.errcode(), answer::toString);
        }
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("\r\n".repeat(16).getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertEquals(0, socket.getInputStream().readAllBytes().length, "no request, no answer, connection closed");
        }
    }
}
