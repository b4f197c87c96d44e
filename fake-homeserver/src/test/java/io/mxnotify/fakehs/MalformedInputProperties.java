package io.mxnotify.fakehs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.mxnotify.pbt.Generators;
import io.mxnotify.pbt.PropertyRun;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Arbitrary methods, paths and bodies thrown at the fake: every error is spec error JSON
 * ({@code errcode} + {@code error}), never a 500, never HTML.
 */
class MalformedInputProperties {
    private static FakeHomeserver fake;
    private static FakeUser bot;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fake = FakeHomeserver.builder().user("bot", "pw").room("alerts").member("bot", "alerts")
                .registrationSharedSecret("s3cret").start();
        bot = fake.user("bot");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    /** Bodies over this size may lose their answer to a TCP reset when the server refuses them unread. */
    private static final int OVERSIZED_BODY = 64 * 1024;

    private static boolean serverStillAnswers() {
        try {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/_fake/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    record Attempt(String method, String path, String body, boolean withToken) {
        @Override
        public String toString() {
            String shown = body.length() <= 200 ? body : body.substring(0, 60) + "... (" + body.length() + " chars)";
            return method + " " + path + (withToken ? " with token" : "") + ", body " + JSON.getNodeFactory().textNode(shown);
        }
    }

    @Test
    void everyAnswerIsJsonAndNoneIsA500() {
        PropertyRun.checks(200, 2_000).forAll(attempts()).checkAssert(MalformedInputProperties::answersJsonAndNo500);
    }

    private static void answersJsonAndNo500(Attempt attempt) {
        try {
            checkAnswer(attempt);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void checkAnswer(Attempt attempt) throws IOException, InterruptedException {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(fake.baseUrl() + attempt.path()));
        } catch (IllegalArgumentException notAUri) {
            return;
        }
        request.method(attempt.method(), HttpRequest.BodyPublishers.ofString(attempt.body()))
                .header("Content-Type", "application/json");
        if (attempt.withToken()) {
            request.header("Authorization", "Bearer " + bot.accessToken());
        }
        HttpResponse<String> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (attempt.body().length() > OVERSIZED_BODY && serverStillAnswers()) {
                // A request that Jetty refuses before any route sees it (a broken path) is answered and the
                // connection closed at once; with a body this large still being sent, TCP may reset the
                // connection before the client reads the answer. That is the transport, not the fake: the
                // property is that the server answers everything else and stays up.
                return;
            }
            throw new AssertionError("connection failed for " + attempt + ": " + e, e);
        }
        if (response.statusCode() >= 500) {
            throw new AssertionError("500 for " + attempt + ": " + response.body());
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/json")) {
            throw new AssertionError("not JSON (" + contentType + ") for " + attempt + ": " + response.body());
        }
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() >= 400 && !(body.path("errcode").isTextual() && body.path("error").isTextual())) {
            if (!(response.statusCode() == 401 && body.has("flows"))) {
                throw new AssertionError("not spec error JSON for " + attempt + ": " + response.body());
            }
        }
    }

    private static Gen<Attempt> attempts() {
        Gen<String> methods = Generators.oneOf("GET", "POST", "PUT", "DELETE", "PATCH", "BREW");
        Gen<String> prefixes = Generators.oneOf("/_matrix/client/v3", "/_matrix/client/r0", "/_fake/v1",
                "/_synapse/admin/v1", "", "/_matrix/client");
        Gen<String> tails = Generators.oneOf("/login", "/join/", "/rooms/", "/send/m.room.message/", "/events",
                "/rooms/%21x%3Alocalhost/join", "/rooms/%23alerts%3Alocalhost/events", "/createRoom", "/sync",
                "/register", "/directory/room/", "/faults", "/users", "/messages", "/%zz", "/%", "/..", "/%2e%2e/",
                "/%2F", "/%C3%28", "/rooms/%21x%3Alocalhost/send/m.room.message/%00", "//", "/devices/", "/?a=%",
                "/sync?since=s-1", "/sync?timeout=abc", "/rooms/%21x%3Alocalhost/messages?dir=q&limit=-1",
                "/_fake/v1/rooms/%23alerts%3Alocalhost/events?min=x", "/requests?path=(");
        Gen<String> junk = SourceDSL.strings().betweenCodePoints('!', '~').ofLengthBetween(0, 12)
                .map(s -> s.replace("%", "%25").replace("#", "%23").replace("?", "%3F").replace(" ", ""));
        Gen<String> paths = prefixes.zip(tails, junk, tails, (prefix, tail, middle, end) -> prefix + tail + middle + end);
        Gen<String> bodies = Generate.oneOf(
                Generators.oneOf("", "{", "[]", "null", "\"x\"", "{\"type\":1}", "{\"type\":\"m.login.password\"}",
                        "{\"identifier\":[]}", "{\"user\":{}}", "{\"body\":" + "1".repeat(30) + "}",
                        "{\"a\":1,\"a\":2}", "{\"status\":\"x\"}", "{\"nonce\":5}", "{\"invite\":\"x\"}",
                        "{\"room_alias_name\":\"a:b\"}", "{\"visibility\":5}", "\u0000", "{\"username\":\"A B\"}"),
                SourceDSL.strings().allPossible().ofLengthBetween(0, 60),
                Generate.longRange(Long.MIN_VALUE, Long.MAX_VALUE).zip(Generate.range(70_000, 70_001),
                        (seed, length) -> "{\"body\":\"" + lowercase(seed, length) + "\"}"));
        return methods.zip(paths, bodies, Generators.oneOf(true, false), Attempt::new);
    }

    /** {@code length} random letters a-z: the body over 64 KiB, drawn from one seed rather than 70,000 draws. */
    private static String lowercase(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }
}
