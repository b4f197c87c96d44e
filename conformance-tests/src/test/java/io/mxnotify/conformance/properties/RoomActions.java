package io.mxnotify.conformance.properties;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a fault schedule does to the bot as a client would: leave a room, log a token out. Plain HTTP
 * against the fake, so the notifier under test only sees the consequences.
 */
final class RoomActions {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final List<String> roomIds;

    RoomActions(String baseUrl, List<String> roomIds) {
        this.baseUrl = baseUrl;
        this.roomIds = List.copyOf(roomIds);
    }

    void leave(String token, int room) {
        post("/_matrix/client/v3/rooms/" + URLEncoder.encode(roomIds.get(room), StandardCharsets.UTF_8) + "/leave",
                token, 403);
    }

    void logout(String token) {
        post("/_matrix/client/v3/logout", token, 401);
    }

    /** Posts; 200 or {@code alsoFine} (the step was already done: token already out, room already left). */
    private void post(String path, String token, int alsoFine) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200 && answer.statusCode() != alsoFine) {
                throw new IllegalStateException("POST " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("POST " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
