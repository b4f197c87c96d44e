package io.mxnotify.core.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fault-injecting HTTP proxy in front of a home server, for the delivery property test: each Matrix
 * client-server request takes the next scripted {@link Fault} (or none) and suffers it. Tokens can be
 * invalidated: requests carrying them are answered 401 {@code M_UNKNOWN_TOKEN} until the client logs in
 * again. Bound to 127.0.0.1 on a free port.
 */
final class FaultProxy implements AutoCloseable {

    /** What happens to one request. */
    enum Fault {
        /** 500 or 502 instead of forwarding: a broken server or proxy. */
        SERVER_ERROR,
        /** 429 {@code M_LIMIT_EXCEEDED} with a short {@code retry_after_ms}. */
        RATE_LIMITED,
        /** Forward after a short delay: a slow server. */
        DELAY,
        /** Forward after a delay longer than the client's timeout: the server stores, the client gave up. */
        SLOWER_THAN_TIMEOUT,
        /** Close the connection without forwarding: nothing stored. */
        DROP_BEFORE,
        /** Forward (the server stores), then close without answering: the lost answer. */
        DROP_AFTER,
        /** Invalidate the request's token, answer 401 {@code M_UNKNOWN_TOKEN}. */
        INVALIDATE_TOKEN
    }

    /** Thrown inside the handler so the JDK server closes the connection without an answer. */
    private static final class DropConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DropConnection() {
            super("dropped by the fault proxy", null, false, false);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String upstreamBase;
    private final Duration slowDelay;
    private final Deque<Fault> script = new ArrayDeque<>();
    private final Set<String> deadTokens = new HashSet<>();
    private final Map<Fault, Integer> injected = new EnumMap<>(Fault.class);

    /**
     * @param upstreamBase the real server's base URL
     * @param slowDelay    the delay of {@link Fault#SLOWER_THAN_TIMEOUT}; choose it above the client's timeout
     */
    FaultProxy(String upstreamBase, Duration slowDelay) throws IOException {
        this.upstreamBase = upstreamBase.endsWith("/") ? upstreamBase.substring(0, upstreamBase.length() - 1)
                : upstreamBase;
        this.slowDelay = slowDelay;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next client-server requests suffer these faults, in order. */
    synchronized void script(Iterable<Fault> faults) {
        faults.forEach(script::add);
    }

    /** Forgets the faults not yet applied (tokens already invalidated stay invalid). */
    synchronized void clearScript() {
        script.clear();
    }

    /** How many faults of each kind were applied. */
    synchronized Map<Fault, Integer> injected() {
        return Map.copyOf(injected);
    }

    private synchronized Fault nextFault(String path) {
        if (!path.startsWith("/_matrix/client/") || path.endsWith("/versions")) {
            return null;
        }
        Fault fault = script.poll();
        if (fault != null) {
            injected.merge(fault, 1, Integer::sum);
        }
        return fault;
    }

    private synchronized boolean tokenDead(String authorization) {
        return authorization != null && deadTokens.contains(authorization);
    }

    private synchronized void kill(String authorization) {
        if (authorization != null) {
            deadTokens.add(authorization);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = readAll(exchange.getRequestBody());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (tokenDead(authorization)) {
                answer(exchange, 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"token invalidated by the fault proxy\","
                        + "\"soft_logout\":false}");
                return;
            }
            Fault fault = nextFault(path);
            if (fault == null) {
                forward(exchange, body);
                return;
            }
            switch (fault) {
                case SERVER_ERROR -> answer(exchange, path.hashCode() % 2 == 0 ? 500 : 502,
                        "{\"errcode\":\"M_UNKNOWN\",\"error\":\"injected server error\"}");
                case RATE_LIMITED -> answer(exchange, 429,
                        "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"injected\",\"retry_after_ms\":15}");
                case DELAY -> {
                    sleep(Duration.ofMillis(30));
                    forward(exchange, body);
                }
                case SLOWER_THAN_TIMEOUT -> {
                    sleep(slowDelay);
                    forward(exchange, body);
                }
                case DROP_BEFORE -> throw new DropConnection();
                case DROP_AFTER -> {
                    relay(exchange, body);
                    throw new DropConnection();
                }
                case INVALIDATE_TOKEN -> {
                    if (authorization == null) { // a login: nothing to invalidate
                        forward(exchange, body);
                        return;
                    }
                    kill(authorization);
                    answer(exchange, 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"token invalidated by the"
                            + " fault proxy\",\"soft_logout\":false}");
                }
                default -> throw new IllegalStateException(fault.name());
            }
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpResponse<byte[]> response = relay(exchange, body);
        byte[] answer = response.body();
        response.headers().firstValue("Content-Type")
                .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private HttpResponse<byte[]> relay(HttpExchange exchange, byte[] body) throws IOException {
        URI target = URI.create(upstreamBase + exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() != null ? "?" + exchange.getRequestURI().getRawQuery() : ""));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(20))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : new String[] {"Authorization", "Content-Type", "Accept"}) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            return upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
