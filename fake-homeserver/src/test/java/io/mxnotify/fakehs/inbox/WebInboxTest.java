package io.mxnotify.fakehs.inbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.FaultRule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inbox's routes over plain HTTP: the page and its files, and the live stream, without a browser. */
class WebInboxTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private FakeHomeserver server;

    @BeforeEach
    void start() {
        server = FakeHomeserver.builder().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesThePageWithAPolicyThatAllowsOnlyItsOwnFiles() throws Exception {
        HttpResponse<String> page = get("/");
        assertAll(
                () -> assertEquals(200, page.statusCode()),
                () -> assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html")),
                () -> assertEquals(InboxAssets.CONTENT_SECURITY_POLICY,
                        page.headers().firstValue("Content-Security-Policy").orElse("")),
                () -> assertTrue(page.body().contains("<title>Inbox")),
                () -> assertFalse(page.body().contains("http://") || page.body().contains("https://"),
                        "the page must not load anything from elsewhere"));
        for (String file : new String[] {"inbox.js", "inbox-live.js", "matrix-html.js", "matrix-html-allowlist.json",
                "purify.min.js", "inbox.css"}) {
            HttpResponse<String> asset = get(InboxAssets.PREFIX + file);
            assertEquals(200, asset.statusCode(), file);
            assertEquals("nosniff", asset.headers().firstValue("X-Content-Type-Options").orElse(""), file);
        }
    }

    @Test
    void theRenderersAllowListIsTheSharedFileAndDomPurifyComesFromItsWebjar() throws Exception {
        byte[] shared;
        try (var in = WebInboxTest.class.getResourceAsStream("/io/mxnotify/matrixhtml/allowlist.json")) {
            shared = in.readAllBytes();
        }
        HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                + InboxAssets.PREFIX + "matrix-html-allowlist.json")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertAll(
                () -> assertEquals(200, served.statusCode()),
                () -> assertTrue(served.headers().firstValue("Content-Type").orElse("").startsWith("application/json")),
                () -> assertTrue(java.util.Arrays.equals(shared, served.body()), "the inbox serves another allow-list"));
        HttpResponse<String> purify = get(InboxAssets.PREFIX + "purify.min.js");
        assertTrue(purify.body().contains("DOMPurify"), "purify.min.js is not DOMPurify");
    }

    @Test
    void unknownFilesAreRefusedWithJsonThatNamesTheFilesThereAre() throws Exception {
        for (String path : new String[] {"/_fake/inbox/nothing.js", "/_fake/inbox/..%2Fpom.xml"}) {
            HttpResponse<String> answer = get(path);
            assertEquals(404, answer.statusCode(), path);
            assertTrue(answer.body().contains("\"errcode\":\"M_NOT_FOUND\""), answer.body());
            assertTrue(answer.body().contains("inbox.js"), answer.body());
        }
    }

    @Test
    void theStreamExplainsItselfToAClientThatDoesNotAskForEvents() throws Exception {
        HttpResponse<String> answer = get("/_fake/v1/inbox/stream");
        assertEquals(406, answer.statusCode());
        assertTrue(answer.body().contains("\"errcode\":\"M_UNRECOGNIZED\""), answer.body());
        assertTrue(answer.body().contains("Accept: text/event-stream"), answer.body());
    }

    @Test
    void aFaultRuleForEveryPathLeavesTheInboxWorking() throws Exception {
        server.addFault(FaultRule.builder().path(".*").respond(503, "M_UNKNOWN").build());
        assertEquals(200, get("/").statusCode());
        assertEquals(200, get(InboxAssets.PREFIX + "inbox.js").statusCode());
        assertEquals(503, get("/_matrix/client/versions").statusCode());
    }

    @Test
    void theStreamCarriesANewMessageAndEndsWhenTheServerCloses() throws Exception {
        FakeUser bot = server.createUser("bot");
        String roomId = server.createRoom("alerts");
        server.join("bot", roomId);
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/_fake/v1/inbox/stream")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Iterator<String> lines = stream.body().iterator();
        assertEquals("event: ready", nextEventLine(lines));

        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/_matrix/client/v3/rooms/" + roomId.replace("!", "%21").replace(":", "%3A")
                        + "/send/m.room.message/t1"))
                .header("Authorization", "Bearer " + bot.accessToken())
                .PUT(HttpRequest.BodyPublishers.ofString("{\"msgtype\":\"m.notice\",\"body\":\"disk full\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sent.statusCode(), sent.body());

        String data = CompletableFuture.supplyAsync(() -> {
            boolean roomEvent = false;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.equals("event: room-event")) {
                    roomEvent = true;
                } else if (roomEvent && line.startsWith("data: ")) {
                    return line.substring("data: ".length());
                }
            }
            return "(stream ended)";
        }).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertAll(
                () -> assertTrue(data.contains("\"room_id\":\"" + roomId + "\""), data),
                () -> assertTrue(data.contains("\"body\":\"disk full\""), data),
                () -> assertTrue(data.contains("\"txn_id\":\"t1\""), "same shape as the inspection API: " + data));

        server.close();
        CompletableFuture.runAsync(() -> lines.forEachRemaining(line -> { }))
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (streamThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(streamThreadAlive(), "the inbox stream's writer thread outlived the server");
    }

    private static String nextEventLine(Iterator<String> lines) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("event: ")) {
                    return line;
                }
            }
            return "(stream ended)";
        }).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private static boolean streamThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.isAlive() && thread.getName().equals("fakehs-inbox-stream"));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
