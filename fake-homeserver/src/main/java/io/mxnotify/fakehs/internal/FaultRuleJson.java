package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.FaultRule;
import java.util.Iterator;
import java.util.Set;

/** Reads and writes {@link FaultRule}s in the control API's and seed file's JSON shape. */
public final class FaultRuleJson {
    private static final Set<String> FIELDS = Set.of("method", "path", "status", "errcode", "error", "retry_after_ms",
            "delay_ms", "drop_connection", "times", "probability", "skip");

    private FaultRuleJson() {
    }

    /** Parses a rule; {@link IllegalArgumentException} naming the field for anything wrong. */
    public static FaultRule parse(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a fault rule must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown fault rule field '" + name + "'; known fields: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        }
        ObjectNode rule = (ObjectNode) node;
        String drop = text(rule, "drop_connection");
        return new FaultRule(text(rule, "method"), text(rule, "path"), integer(rule, "status"), text(rule, "errcode"),
                text(rule, "error"), longValue(rule, "retry_after_ms"),
                rule.has("delay_ms") && !rule.get("delay_ms").isNull() ? longValue(rule, "delay_ms") : 0L,
                drop == null ? null : FaultRule.DropConnection.parse(drop), integer(rule, "times"),
                rule.has("probability") && !rule.get("probability").isNull() ? number(rule, "probability") : 1.0,
                rule.has("skip") && !rule.get("skip").isNull() ? integer(rule, "skip") : 0);
    }

    public static ObjectNode write(JsonCodec json, FaultRule rule) {
        ObjectNode node = json.object();
        putNullable(node, "method", rule.method());
        putNullable(node, "path", rule.path());
        if (rule.status() != null) {
            node.put("status", rule.status());
        } else {
            node.putNull("status");
        }
        putNullable(node, "errcode", rule.errcode());
        putNullable(node, "error", rule.error());
        if (rule.retryAfterMs() != null) {
            node.put("retry_after_ms", rule.retryAfterMs());
        } else {
            node.putNull("retry_after_ms");
        }
        node.put("delay_ms", rule.delayMs());
        putNullable(node, "drop_connection", rule.dropConnection() == null ? null : rule.dropConnection().jsonName());
        if (rule.times() != null) {
            node.put("times", rule.times());
        } else {
            node.putNull("times");
        }
        node.put("probability", rule.probability());
        node.put("skip", rule.skip());
        node.put("kind", rule.kind().jsonName());
        return node;
    }

    private static void putNullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static Integer integer(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return value.asInt();
    }

    private static Long longValue(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("'" + field + "' must be an integer");
        }
        return value.asLong();
    }

    private static double number(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return value.asDouble();
    }
}
