package io.mxnotify.fakehs.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Just enough of a Matrix client, over real HTTP, for the inbox's browser tests to act as a notifier. */
final class MatrixTestClient {

    /** An HTTP answer: status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong txn = new AtomicLong();
    private final String baseUrl;

    MatrixTestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Creates a user through the inspection API and answers its access token. */
    String createUser(String username) {
        ObjectNode body = json.createObjectNode().put("username", username).put("password", "pw-" + username);
        return expectOk(call("POST", "/_fake/v1/users", null, body)).get("access_token").asText();
    }

    /** Creates a public room with the given alias localpart through the inspection API; answers its id. */
    String createRoom(String aliasLocalpart) {
        ObjectNode body = json.createObjectNode().put("alias", aliasLocalpart).put("public", true);
        return expectOk(call("POST", "/_fake/v1/rooms", null, body)).get("room_id").asText();
    }

    void join(String token, String roomId) {
        expectOk(call("POST", "/_matrix/client/v3/join/" + segment(roomId), token, json.createObjectNode()));
    }

    Answer sendText(String token, String roomId, String msgtype, String body) {
        return send(token, roomId, json.createObjectNode().put("msgtype", msgtype).put("body", body));
    }

    Answer sendHtml(String token, String roomId, String body, String formattedBody) {
        return send(token, roomId, json.createObjectNode()
                .put("msgtype", "m.text")
                .put("body", body)
                .put("format", "org.matrix.custom.html")
                .put("formatted_body", formattedBody));
    }

    Answer send(String token, String roomId, ObjectNode content) {
        String path = "/_matrix/client/v3/rooms/" + segment(roomId) + "/send/m.room.message/t" + txn.incrementAndGet();
        return call("PUT", path, token, content);
    }

    Answer get(String path) {
        return call("GET", path, null, null);
    }

    Answer post(String path, JsonNode body) {
        return call("POST", path, null, body);
    }

    Answer call(String method, String path, String token, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text.isEmpty() ? json.nullNode() : json.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static JsonNode expectOk(Answer answer) {
        if (answer.status() / 100 != 2) {
            throw new AssertionError("expected a 2xx answer, got " + answer.status() + " " + answer.body());
        }
        return answer.body();
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
