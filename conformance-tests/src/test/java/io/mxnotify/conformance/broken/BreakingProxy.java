package io.mxnotify.conformance.broken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny HTTP reverse proxy on 127.0.0.1 (a free port) in front of a home server, that applies one
 * {@link Breakage} to what passes through. Test-only: lets the suite be run against a "broken fake"
 * without touching the fake itself.
 */
public final class BreakingProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "transfer-encoding",
            "upgrade", "keep-alive", "expect", "te", "trailer", "proxy-connection", "accept-encoding");
    private static final Pattern SEND_TXN = Pattern.compile("^(.*/rooms/[^/]+/send/[^/]+/)([^/]+)$");
    private static final Pattern ROOM_ID_SEGMENT = Pattern.compile("(?<=/)%21[^/]*");

    private final String upstream;
    private final Breakage breakage;
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    private BreakingProxy(String upstream, Breakage breakage) throws IOException {
        this.upstream = upstream;
        this.breakage = breakage;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::forward);
        server.setExecutor(workers);
        server.start();
    }

    /** Starts a proxy to {@code upstream} (a base URL without trailing slash) that applies {@code breakage}. */
    public static BreakingProxy start(String upstream, Breakage breakage) throws IOException {
        return new BreakingProxy(upstream, breakage);
    }

    /** The proxy's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            relay(exchange);
        } catch (IOException | RuntimeException e) {
            throw new IOException("BreakingProxy could not relay " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawPath() + ": " + e, e);
        }
    }

    private void relay(HttpExchange exchange) throws IOException {
        {
            // (accept-encoding is not forwarded, so answers come uncompressed and can be rewritten)
            String path = rewritePath(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath());
            String query = rewriteQuery(exchange.getRequestURI().getRawQuery());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    for (String value : header.getValue()) {
                        request.header(header.getKey(), value);
                    }
                }
            }
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            byte[] out = answer.body();
            String contentType = answer.headers().firstValue("content-type").orElse(null);
            if (breakage == Breakage.ERRORS_AS_HTML && answer.statusCode() >= 400) {
                out = ("<html><body><h1>" + answer.statusCode() + "</h1></body></html>").getBytes(StandardCharsets.UTF_8);
                contentType = "text/html";
            } else if (breakage == Breakage.HISTORY_REVERSED && path.endsWith("/messages") && answer.statusCode() == 200) {
                out = reverseChunk(out);
            }
            for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (!HOP_HEADERS.contains(name) && !name.equals("content-type") && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(header.getKey(), header.getValue());
                }
            }
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream stream = exchange.getResponseBody()) {
                    stream.write(out);
                }
            }
        }
    }

    private String rewritePath(String method, String rawPath) {
        String path = rawPath;
        if (breakage == Breakage.TXN_ID_IGNORED && method.equals("PUT")) {
            Matcher send = SEND_TXN.matcher(path);
            if (send.matches()) {
                path = send.group(1) + "broken-" + UUID.randomUUID();
            }
        }
        if (breakage == Breakage.ROOM_IDS_DOUBLE_ENCODED) {
            Matcher room = ROOM_ID_SEGMENT.matcher(path);
            StringBuilder out = new StringBuilder();
            while (room.find()) {
                room.appendReplacement(out, Matcher.quoteReplacement(room.group().replace("%", "%25")));
            }
            room.appendTail(out);
            path = out.toString();
        }
        return path;
    }

    private String rewriteQuery(String rawQuery) {
        if (rawQuery == null || breakage != Breakage.QUERY_TOKEN_IGNORED) {
            return rawQuery;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.startsWith("access_token=")) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? null : String.join("&", kept);
    }

    private byte[] reverseChunk(byte[] body) throws IOException {
        JsonNode page = json.readTree(body);
        if (page instanceof ObjectNode object && page.get("chunk") instanceof ArrayNode chunk) {
            List<JsonNode> events = new ArrayList<>();
            chunk.forEach(events::add);
            ArrayNode reversed = object.putArray("chunk");
            for (int i = events.size() - 1; i >= 0; i--) {
                reversed.add(events.get(i));
            }
            return json.writeValueAsBytes(object);
        }
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    @Override
    public String toString() {
        return "BreakingProxy[" + baseUrl() + " -> " + upstream + ", " + breakage + "]";
    }
}
