package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request Jetty refuses before routing (here a NUL in the path) leaves its body unread, and Jetty closes
 * the connection: the answer says {@code Connection: close}, so a pooling client does not send its next
 * request into the closed connection (seen as "header parser received no bytes" in the property test).
 */
class HttpLayerConnectionCloseTest {
    private static final String BODY = "{\"body\":\"" + "a".repeat(70_000) + "\"}";
    private static FakeHomeserver fake;

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @Test
    void aRefusalByTheHttpLayerSaysConnectionClose() throws IOException {
        String answer;
        try (Socket socket = new Socket("127.0.0.1", fake.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /a%00b HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + BODY.length() + "\r\n\r\n" + BODY).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("\nconnection: close"), answer);
    }

    @Test
    void aPoolingClientsNextRequestAfterARefusalIsAnswered() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/a%00b"))
                    .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, refused.statusCode());
            HttpResponse<String> next = client.send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
                    + "/_matrix/client/v3/login")).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, next.statusCode(), next.body());
        }
    }
}
