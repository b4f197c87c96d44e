package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks a sync filter the way Synapse 1.67 does (its {@code USER_FILTER_SCHEMA}, JSON Schema with
 * {@code additionalProperties: false} at every level): a field of the wrong type or an unknown field is
 * 400 {@code M_UNKNOWN} saying which one, before the filter is stored or used.
 */
final class FilterValidation {
    private enum Kind { NUMBER, BOOLEAN, STRINGS, USER_IDS, ROOM_IDS, EVENT_FILTER, ROOM_EVENT_FILTER, ROOM_FILTER,
        EVENT_FORMAT, EVENT_FIELDS }

    private static final Map<String, Kind> EVENT_FILTER = Map.of("limit", Kind.NUMBER, "senders", Kind.USER_IDS,
            "not_senders", Kind.USER_IDS, "types", Kind.STRINGS, "not_types", Kind.STRINGS);
    private static final Map<String, Kind> ROOM_FILTER = Map.of("not_rooms", Kind.ROOM_IDS, "rooms", Kind.ROOM_IDS,
            "ephemeral", Kind.ROOM_EVENT_FILTER, "include_leave", Kind.BOOLEAN, "state", Kind.ROOM_EVENT_FILTER,
            "timeline", Kind.ROOM_EVENT_FILTER, "account_data", Kind.ROOM_EVENT_FILTER);
    private static final Map<String, Kind> ROOM_EVENT_FILTER = Map.ofEntries(Map.entry("limit", Kind.NUMBER),
            Map.entry("senders", Kind.USER_IDS), Map.entry("not_senders", Kind.USER_IDS),
            Map.entry("types", Kind.STRINGS), Map.entry("not_types", Kind.STRINGS), Map.entry("rooms", Kind.ROOM_IDS),
            Map.entry("not_rooms", Kind.ROOM_IDS), Map.entry("contains_url", Kind.BOOLEAN),
            Map.entry("lazy_load_members", Kind.BOOLEAN), Map.entry("include_redundant_members", Kind.BOOLEAN),
            Map.entry("org.matrix.labels", Kind.STRINGS), Map.entry("org.matrix.not_labels", Kind.STRINGS),
            Map.entry("related_by_senders", Kind.STRINGS), Map.entry("related_by_rel_types", Kind.STRINGS));
    private static final Map<String, Kind> USER_FILTER = Map.of("presence", Kind.EVENT_FILTER,
            "account_data", Kind.EVENT_FILTER, "room", Kind.ROOM_FILTER, "event_format", Kind.EVENT_FORMAT,
            "event_fields", Kind.EVENT_FIELDS);
    private static final Set<String> EVENT_FORMATS = Set.of("client", "federation");

    private FilterValidation() {
    }

    /** Refuses a filter that Synapse's schema refuses. */
    static void check(JsonNode filter) {
        object(filter, USER_FILTER, "filter");
    }

    private static void object(JsonNode node, Map<String, Kind> fields, String where) {
        if (!node.isObject()) {
            throw invalid(where + " must be an object, got " + Call.kind(node));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = where + "." + field.getKey();
            Kind kind = fields.get(field.getKey());
            if (kind == null) {
                throw invalid(HomeserverState.abbreviate(path) + " is not a filter field (known here: "
                        + String.join(", ", new java.util.TreeSet<>(fields.keySet())) + ")");
            }
            value(field.getValue(), kind, path);
        }
    }

    private static void value(JsonNode value, Kind kind, String path) {
        switch (kind) {
            case NUMBER -> require(value.isNumber(), path + " must be a number, got " + Call.kind(value));
            case BOOLEAN -> require(value.isBoolean(), path + " must be true or false, got " + Call.kind(value));
            case STRINGS -> strings(value, path, null);
            case USER_IDS -> strings(value, path, "@");
            case ROOM_IDS -> strings(value, path, "!");
            case EVENT_FILTER -> object(value, EVENT_FILTER, path);
            case ROOM_EVENT_FILTER -> object(value, ROOM_EVENT_FILTER, path);
            case ROOM_FILTER -> object(value, ROOM_FILTER, path);
            case EVENT_FORMAT -> require(value.isTextual() && EVENT_FORMATS.contains(value.asText()),
                    path + " must be \"client\" or \"federation\"");
            case EVENT_FIELDS -> {
                strings(value, path, null);
                for (JsonNode item : value) {
                    require(item.asText().indexOf('\\') < 0, path + " may not contain a backslash");
                }
            }
        }
    }

    private static void strings(JsonNode value, String path, String sigil) {
        require(value.isArray(), path + " must be an array of strings, got " + Call.kind(value));
        for (JsonNode item : value) {
            require(item.isTextual(), path + " must hold strings only, got " + Call.kind(item));
            if (sigil != null) {
                String text = item.asText();
                require(text.startsWith(sigil) && text.indexOf(':') > 1, path + " must hold "
                        + (sigil.equals("@") ? "user ids like @bot:example.org" : "room ids like !abc:example.org")
                        + ", got '" + HomeserverState.abbreviate(text) + "'");
            }
        }
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw invalid(problem);
        }
    }

    private static MatrixError invalid(String problem) {
        return new MatrixError(400, "M_UNKNOWN", "Invalid filter: " + problem);
    }
}
