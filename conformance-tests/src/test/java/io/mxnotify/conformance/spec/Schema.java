package io.mxnotify.conformance.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One JSON schema of the spec, with the file it lives in (to resolve relative {@code $ref}s). Checks the
 * parts of JSON Schema the Matrix spec uses for answers: {@code $ref}, {@code allOf}, {@code anyOf},
 * {@code oneOf}, {@code type}, {@code required}, {@code properties}, {@code additionalProperties},
 * {@code items}, {@code enum}, {@code pattern}. Formats are not checked.
 */
public final class Schema {
    private final MatrixSpec spec;
    private final Path file;
    private final JsonNode node;

    Schema(MatrixSpec spec, Path file, JsonNode node) {
        this.spec = spec;
        this.file = file;
        this.node = node;
    }

    /** What in {@code value} breaks this schema, one line each with a JSON path; empty when it conforms. */
    public List<String> violations(JsonNode value) {
        List<String> out = new ArrayList<>();
        check(file, node, value, "$", out);
        return out;
    }

    private void check(Path base, JsonNode schema, JsonNode value, String at, List<String> out) {
        if (schema.has("$ref")) {
            Resolved target = resolve(base, schema.get("$ref").asText());
            check(target.file, target.node, value, at, out);
        }
        for (JsonNode part : schema.path("allOf")) {
            check(base, part, value, at, out);
        }
        checkAlternatives(base, schema, "anyOf", value, at, out);
        checkAlternatives(base, schema, "oneOf", value, at, out);
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            out.add(at + ": expected " + schema.get("type") + " but got " + describe(value));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= allowed.equals(value);
            }
            if (!found) {
                out.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("pattern") && value.isTextual()
                && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
            out.add(at + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    out.add(at + ": the required field '" + required.asText() + "' is missing");
                }
            }
            JsonNode properties = schema.path("properties");
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = at + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    check(base, properties.get(field.getKey()), field.getValue(), path, out);
                } else if (schema.path("additionalProperties").isObject()) {
                    check(base, schema.get("additionalProperties"), field.getValue(), path, out);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(base, schema.get("items"), value.get(i), at + "[" + i + "]", out);
            }
        }
    }

    private void checkAlternatives(Path base, JsonNode schema, String keyword, JsonNode value, String at,
                                   List<String> out) {
        if (!schema.has(keyword)) {
            return;
        }
        int matching = 0;
        List<String> reasons = new ArrayList<>();
        for (JsonNode alternative : schema.get(keyword)) {
            List<String> violations = new ArrayList<>();
            check(base, alternative, value, at, violations);
            if (violations.isEmpty()) {
                matching++;
            } else {
                reasons.add(String.join("; ", violations));
            }
        }
        if (matching == 0) {
            out.add(at + ": matches none of the " + keyword + " alternatives (" + String.join(" | ", reasons) + ")");
        } else if (keyword.equals("oneOf") && matching > 1) {
            out.add(at + ": matches " + matching + " of the oneOf alternatives, not exactly one");
        }
    }

    private Resolved resolve(Path base, String ref) {
        int hash = ref.indexOf('#');
        String filePart = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        Path target = filePart.isEmpty() ? base : base.getParent().resolve(filePart).normalize();
        JsonNode node = spec.load(target);
        if (!pointer.isEmpty()) {
            node = node.at(pointer.startsWith("/") ? pointer : "/" + pointer);
        }
        if (node.isMissingNode()) {
            throw new IllegalStateException("the spec's $ref '" + ref + "' in " + base + " points nowhere");
        }
        return new Resolved(target, node);
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeMatches(one, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 80 ? text.substring(0, 77) + "..." : text);
    }

    private record Resolved(Path file, JsonNode node) {
    }

    @Override
    public String toString() {
        return "Schema[" + file.getFileName() + "]";
    }
}
