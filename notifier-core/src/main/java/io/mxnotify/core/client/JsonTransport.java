package io.mxnotify.core.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one JSON request and returns the JSON answer, or throws the classified failure. The only
 * place that touches the access token (the {@code Authorization} header). Package-private.
 *
 * <p>HTTP/1.1 over {@link HttpConnector}. The request timeout bounds the wait for the answer's head and
 * every wait for more of its body, and the whole answer must be in within it (checked as it arrives).
 */
final class JsonTransport {
    private static final Logger LOG = LoggerFactory.getLogger(MatrixClient.class);
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    private static final byte[] NO_BODY = new byte[0];

    private final HttpConnector http;
    private final ObjectMapper json;
    private final URI baseUrl;
    private final Duration requestTimeout;
    private final Clock clock;
    private final String userAgent;

    JsonTransport(HttpConnector http, ObjectMapper json, URI baseUrl, Duration requestTimeout, Clock clock, String userAgent) {
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

    /** A complete answer: status, body, and the two headers the client interprets. */
    private record Answer(int status, byte[] body, Optional<String> location, Optional<String> retryAfter) {
    }

    /** Performs a request and returns the parsed JSON object of a 2xx answer; throws otherwise. */
    ObjectNode exchange(String method, RequestPath path, Object body, Secret token) {
        String request = method + " " + path.path();
        Answer answer = send(URI.create(baseUrl + path.pathAndQuery()), method, body, token, request);
        int status = answer.status();
        if (status < 200 || status > 299) {
            throw errorFrom(request, answer);
        }
        return parseObject(request, status, answer.body());
    }

    /** Performs a GET to an absolute URL without credentials and returns status and body unparsed. */
    RawResponse getRaw(URI url) {
        String request = "GET " + url.getRawPath();
        Answer answer = send(url, "GET", null, null, request);
        return new RawResponse(answer.status(), answer.body(), answer.location());
    }

    private Answer send(URI uri, String method, Object body, Secret token, String request) {
        byte[] payload = body != null ? serialize(body)
                : method.equals("POST") || method.equals("PUT") ? NO_BODY : null;
        long started = System.nanoTime();
        HttpURLConnection connection = null;
        boolean complete = false;
        try {
            connection = http.open(uri, requestTimeout);
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", "application/json");
            connection.setRequestProperty("User-Agent", userAgent);
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token.reveal());
            }
            if (payload != null) {
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
            }
            try {
                connection.connect();
            } catch (SocketTimeoutException e) {
                throw logged(new MatrixNetworkException(request, FailureKind.TIMEOUT,
                        "could not connect to " + hostOf() + " within the connect timeout", e));
            }
            if (payload != null) {
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(payload);
                }
            }
            int status = connection.getResponseCode();
            if (status < 0) {
                throw logged(new MatrixNetworkException(request, FailureKind.NETWORK,
                        "connection failed (the answer is not HTTP)", null));
            }
            byte[] bytes = readBody(request, connection, status, started);
            Answer answer = new Answer(status, bytes, Optional.ofNullable(connection.getHeaderField("Location")),
                    Optional.ofNullable(connection.getHeaderField("Retry-After")));
            complete = true;
            LOG.debug("{} -> HTTP {} in {} ms", request, status, (System.nanoTime() - started) / 1_000_000);
            return answer;
        } catch (SocketTimeoutException e) {
            throw logged(new MatrixNetworkException(request, FailureKind.TIMEOUT,
                    "no answer within " + requestTimeout.toMillis() + " ms", e));
        } catch (IOException e) {
            throw logged(classify(request, e));
        } finally {
            if (!complete && connection != null) {
                connection.disconnect(); // never hand a half-read connection back to the keep-alive cache
            }
        }
    }

    /** The body (or error body) of the answer, at most {@link #MAX_RESPONSE_BYTES}, complete within the request timeout. */
    private byte[] readBody(String request, HttpURLConnection connection, int status, long started) throws IOException {
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) {
            return NO_BODY;
        }
        try (in) {
            long declared = connection.getContentLengthLong();
            if (declared > MAX_RESPONSE_BYTES) {
                throw tooLarge(request);
            }
            long deadline = started + requestTimeout.toNanos();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(declared > 0 ? (int) declared : 512);
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                if (buffer.size() + n > MAX_RESPONSE_BYTES) {
                    throw tooLarge(request);
                }
                buffer.write(chunk, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    throw logged(new MatrixNetworkException(request, FailureKind.TIMEOUT,
                            "no complete answer within " + requestTimeout.toMillis() + " ms", null));
                }
            }
            return buffer.toByteArray();
        }
    }

    private static MatrixException tooLarge(String request) {
        return logged(new MatrixException(request, 200, null, "the answer is larger than " + MAX_RESPONSE_BYTES + " bytes",
                null, false, Map.of(), FailureKind.SERVER_ERROR));
    }

    private static <E extends MatrixClientException> E logged(E e) {
        LOG.debug("{}", e.getMessage());
        return e;
    }

    private MatrixClientException classify(String request, IOException cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return new MatrixNetworkException(request, FailureKind.TIMEOUT, "no answer within " + requestTimeout.toMillis() + " ms", cause);
            }
            if (t instanceof SSLException && speaksPlainHttp(t)) {
                return new MatrixNetworkException(request, FailureKind.TLS, hostOf() + " answered in plain HTTP, not"
                        + " TLS: the URL says https:// but that port speaks http://; use http://" + hostOf()
                        + " (or turn TLS on at the server)", cause);
            }
            if (t instanceof SSLException) {
                return new MatrixNetworkException(request, FailureKind.TLS,
                        "TLS with " + hostOf() + " failed (" + safeMessage(t) + "); the certificate must be valid for the host and trusted", cause);
            }
            if (t instanceof ConnectException) {
                return new MatrixNetworkException(request, FailureKind.NETWORK, "could not connect to " + hostOf() + " (" + safeMessage(t) + ")", cause);
            }
        }
        return new MatrixNetworkException(request, FailureKind.NETWORK, "connection failed (" + safeMessage(cause) + ")", cause);
    }

    /** The JDK's words for a TLS client that got a plain HTTP answer ("plaintext connection?"). */
    private static boolean speaksPlainHttp(Throwable t) {
        String m = String.valueOf(t.getMessage());
        return m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection");
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

    private MatrixException errorFrom(String request, Answer response) {
        int status = response.status();
        Optional<Duration> headerDelay = RetryAfterHeader.parse(response.retryAfter().orElse(null), clock.instant());
        JsonNode node = null;
        try {
            node = response.body().length == 0 ? null : json.readTree(response.body());
        } catch (IOException e) {
            // not a JSON error body (e.g. a proxy's HTML page): errcode stays unknown
        }
        if (status >= 300 && status < 400) {
            String location = response.location().orElse("(no Location header)");
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
