package io.mxnotify.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one JSON request and returns the JSON answer, or throws the classified failure. The only
 * place that touches the access token (the {@code Authorization} header). Package-private.
 */
final class JsonTransport {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixClient.class);
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    private final HttpClient http;
    private final ObjectMapper json;
    private final URI baseUrl;
    private final Duration requestTimeout;
    private final Clock clock;
    private final String userAgent;

    JsonTransport(HttpClient http, ObjectMapper json, URI baseUrl, Duration requestTimeout, Clock clock, String userAgent) {
        this.http = http;
        this.json = json;
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.userAgent = userAgent;
    }

    URI baseUrl() {
        return baseUrl;
    }

    ObjectMapper json() {
        return json;
    }

    /** The raw answer of a request, for callers (discovery) that interpret statuses themselves. */
    record RawResponse(int status, byte[] body, Optional<String> location) {
    }

    /** Performs a request and returns the parsed JSON object of a 2xx answer; throws otherwise. */
    ObjectNode exchange(String method, RequestPath path, Object body, Secret token) {
        String request = method + " " + path.path();
        HttpResponse<byte[]> response = send(URI.create(baseUrl + path.pathAndQuery()), method, body, token, request);
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw errorFrom(request, response);
        }
        return parseObject(request, status, response.body());
    }

    /** Performs a GET to an absolute URL without credentials and returns status and body unparsed. */
    RawResponse getRaw(URI url) {
        String request = "GET " + url.getRawPath();
        HttpResponse<byte[]> response = send(url, "GET", null, null, request);
        return new RawResponse(response.statusCode(), response.body(), response.headers().firstValue("Location"));
    }

    private HttpResponse<byte[]> send(URI uri, String method, Object body, Secret token, String request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("User-Agent", userAgent);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token.reveal());
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json");
            builder.method(method, HttpRequest.BodyPublishers.ofByteArray(serialize(body)));
        }
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(builder.build(), new LimitedBodyHandler(MAX_RESPONSE_BYTES));
        try {
            HttpResponse<byte[]> response = future.get(requestTimeout.toMillis() + 250, TimeUnit.MILLISECONDS);
            LOG.debug("{} -> HTTP {} in {} ms", request, response.statusCode(), (System.nanoTime() - started) / 1_000_000);
            return response;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw logged(new MatrixNetworkException(request, FailureKind.TIMEOUT,
                    "no complete answer within " + requestTimeout.toMillis() + " ms", e));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MatrixNetworkException(request, FailureKind.NETWORK, "interrupted while waiting for the answer", e);
        } catch (CancellationException e) {
            throw new MatrixNetworkException(request, FailureKind.NETWORK, "the request was cancelled", e);
        } catch (ExecutionException e) {
            throw logged(classify(request, e.getCause() == null ? e : e.getCause()));
        }
    }

    private static <E extends MatrixClientException> E logged(E e) {
        LOG.debug("{}", e.getMessage());
        return e;
    }

    private MatrixClientException classify(String request, Throwable cause) {
        if (cause instanceof LimitedBodyHandler.TooLargeException tooLarge) {
            return new MatrixException(request, 200, null, tooLarge.getMessage(), null, false, Map.of(), FailureKind.SERVER_ERROR);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new MatrixNetworkException(request, FailureKind.TIMEOUT, "could not connect to " + hostOf() + " within the connect timeout", cause);
            }
            if (t instanceof HttpTimeoutException) {
                return new MatrixNetworkException(request, FailureKind.TIMEOUT, "no answer within " + requestTimeout.toMillis() + " ms", cause);
            }
            if (t instanceof SSLException) {
                return new MatrixNetworkException(request, FailureKind.TLS,
                        "TLS with " + hostOf() + " failed (" + safeMessage(t) + "); the certificate must be valid for the host and trusted", cause);
            }
            if (t instanceof ConnectException) {
                return new MatrixNetworkException(request, FailureKind.NETWORK, "could not connect to " + hostOf() + " (" + safeMessage(t) + ")", cause);
            }
        }
        String what = cause instanceof IOException ? "connection failed" : "request failed";
        return new MatrixNetworkException(request, FailureKind.NETWORK, what + " (" + safeMessage(cause) + ")", cause);
    }

    private String hostOf() {
        return baseUrl.getHost() + (baseUrl.getPort() >= 0 ? ":" + baseUrl.getPort() : "");
    }

    private static String safeMessage(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private byte[] serialize(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private ObjectNode parseObject(String request, int status, byte[] body) {
        try {
            JsonNode node = body.length == 0 ? null : json.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // fall through: not JSON
        }
        throw malformed(request, status, "the answer is not a JSON object");
    }

    static MatrixException malformed(String request, int status, String what) {
        return new MatrixException(request, status, null, what + " (the server does not speak the Matrix API as specified)",
                null, false, Map.of(), FailureKind.SERVER_ERROR);
    }

    private MatrixException errorFrom(String request, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        Optional<Duration> headerDelay = RetryAfterHeader.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
        JsonNode node = null;
        try {
            node = response.body().length == 0 ? null : json.readTree(response.body());
        } catch (IOException e) {
            // not a JSON error body (e.g. a proxy's HTML page): errcode stays unknown
        }
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").orElse("(no Location header)");
            return new MatrixException(request, status, null, "the server redirects to " + location
                    + "; use the redirect's target as the home server URL (API calls do not follow redirects,"
                    + " so the access token cannot travel to another host)", null, false, Map.of());
        }
        if (!(node instanceof ObjectNode body)) {
            return new MatrixException(request, status, null, null, headerDelay.orElse(null), false, Map.of());
        }
        String errcode = textOrNull(body, "errcode");
        String error = textOrNull(body, "error");
        Duration retryAfter = body.path("retry_after_ms").canConvertToLong() && body.path("retry_after_ms").asLong() >= 0
                ? Duration.ofMillis(body.path("retry_after_ms").asLong())
                : headerDelay.orElse(null);
        boolean softLogout = body.path("soft_logout").asBoolean(false);
        Map<String, String> details = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String key = field.getKey();
            if (!key.equals("errcode") && !key.equals("error") && field.getValue().isValueNode() && details.size() < 16) {
                details.put(key, field.getValue().asText());
            }
        }
        return new MatrixException(request, status, errcode, error, retryAfter, softLogout, details);
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}
