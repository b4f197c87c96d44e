package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;

/**
 * What a handler answers: an HTTP status and a JSON body, or (for the metrics) plain text.
 *
 * @param plainText a text/plain body instead of JSON, or {@code null}
 */
public record Reply(int status, JsonNode body, String plainText) {

    public Reply(int status, JsonNode body) {
        this(status, body, null);
    }

    public static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    /** A text/plain answer (Prometheus metrics). */
    public static Reply text(String text) {
        return new Reply(200, JsonNodeFactory.instance.objectNode(), text);
    }

    public String contentType() {
        return plainText != null ? "text/plain; version=0.0.4; charset=utf-8" : "application/json";
    }

    public byte[] bytes(JsonCodec json) {
        return plainText != null ? plainText.getBytes(StandardCharsets.UTF_8) : json.write(body);
    }
}
