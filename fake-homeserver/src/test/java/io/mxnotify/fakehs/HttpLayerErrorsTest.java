package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Requests refused before routing (broken URIs, huge headers, garbage request lines) still get spec error JSON. */
class HttpLayerErrorsTest {
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
    @CsvSource(delimiter = '|', value = {
        "GET /_matrix/client/v3/%zz HTTP/1.1|400|M_UNRECOGNIZED",
        "GET /a%00b HTTP/1.1|400|M_UNRECOGNIZED",
        "GET /x y z HTTP/1.1|400|M_UNRECOGNIZED",
        "GET /_matrix/client/v3/join/%C3%28 HTTP/1.1|400|M_UNRECOGNIZED",
        "GET /_matrix/../_fake/v1/health HTTP/1.1|404|M_UNRECOGNIZED",
        "GET /_matrix/client/v3/rooms/%2e%2e/x HTTP/1.1|404|M_UNRECOGNIZED",
        "BREW /_matrix/client/versions HTTP/1.1|405|M_UNRECOGNIZED",
    })
    void answeredWithSpecErrorJson(String requestLine, int status, String errcode) throws IOException {
        assertJsonError(requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", status, errcode);
    }

    @org.junit.jupiter.api.Test
    void hugeHeadersAreTooLarge() throws IOException {
        assertJsonError("GET /_fake/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n", 431, "M_TOO_LARGE");
    }

    /** A keep-alive client must learn that the connection ends, or it reuses a dead one for its next request. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /%2e%2e/%2e%2e/etc HTTP/1.1",
        "PUT /_matrix/client/v3/login%00 HTTP/1.1",
    })
    void aRefusalThatClosesTheConnectionSaysSo(String requestLine) throws IOException {
        String body = "{\"identifier\":[]}";
        String answer = exchange(requestLine + "\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);
        assertTrue(answer.startsWith("HTTP/1.1 4"), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
    }

    private static void assertJsonError(String request, int status, String errcode) throws IOException {
        String answer = exchange(request);
        assertTrue(answer.startsWith("HTTP/1.1 " + status), answer);
        assertTrue(answer.contains("Content-Type: application/json"), answer);
        assertTrue(answer.contains("\"errcode\":\"" + errcode + "\""), answer);
        assertTrue(answer.contains("\"error\":\""), answer);
    }

    /** Sends {@code request} and reads the answer until the server closes the connection. */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
