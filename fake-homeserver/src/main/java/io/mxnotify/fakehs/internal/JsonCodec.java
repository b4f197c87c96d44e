package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The fake's one JSON reader and writer: strict parsing (duplicate keys and trailing tokens refused). */
public final class JsonCodec {
    private final ObjectMapper mapper;

    public JsonCodec() {
        mapper = new ObjectMapper();
        mapper.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    public ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Parses a request body; answers {@code M_NOT_JSON} when it is not JSON at all. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw MatrixError.notJson("Content not JSON: the request body is empty; send a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw MatrixError.notJson("Content not JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw MatrixError.notJson("Content not JSON: " + firstLine(e.getMessage()));
        }
    }

    public JsonNode parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    public String writeString(JsonNode node) {
        return new String(write(node), StandardCharsets.UTF_8);
    }

    public JsonNode valueToTree(Object value) {
        return mapper.valueToTree(value);
    }

    public ObjectNode error(String errcode, String error, Map<String, Object> extra) {
        ObjectNode node = object();
        node.put("errcode", errcode);
        node.put("error", error);
        extra.forEach((key, value) -> node.set(key, mapper.valueToTree(value)));
        return node;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
