package io.mxnotify.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable HTTP server on 127.0.0.1 for client tests: answers "METHOD rawPath" with the scripted
 * response (status, headers, body), 404 M_UNRECOGNIZED otherwise, and records every request.
 */
public final class StubHomeserver implements AutoCloseable {
    /** One scripted answer. {@code hang} makes the server never answer (until closed). */
    public record Answer(int status, Map<String, String> headers, String body, boolean hang) {
        public static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body, false);
        }

        public static Answer hanging() {
            return new Answer(0, Map.of(), "", true);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body, hang);
        }
    }

    /** One received request. */
    public record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    public StubHomeserver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Scripts the answer to {@code METHOD rawPath}, e.g. {@code "GET /_matrix/client/versions"}. */
    public StubHomeserver on(String methodAndPath, Answer answer) {
        answers.put(methodAndPath, answer);
        return this;
    }

    public StubHomeserver on(String methodAndPath, int status, String jsonBody) {
        return on(methodAndPath, Answer.json(status, jsonBody));
    }

    /** Scripts a v1.1+ server's /versions answer. */
    public StubHomeserver withV3() {
        return on("GET /_matrix/client/versions", 200, "{\"versions\":[\"r0.6.1\",\"v1.1\",\"v1.11\"]}");
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public Received last() {
        List<Received> all = received();
        return all.get(all.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String rawPath = exchange.getRequestURI().getRawPath();
            received.add(new Received(exchange.getRequestMethod(), rawPath, exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            Answer answer = answers.get(exchange.getRequestMethod() + " " + rawPath);
            if (answer == null) {
                answer = Answer.json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}");
            }
            if (answer.hang()) {
                try {
                    closed.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
