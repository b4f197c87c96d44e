package io.mxnotify.core.spool.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.spool.SpoolEntry;
import io.mxnotify.core.spool.SpoolId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads and writes the JSON form of a {@link SpoolEntry} (format version 1, see the module README). */
public final class SpoolEntryCodec {

    /** The key and value that mark a file as ours, and which version of the format it uses. */
    public static final String FORMAT_KEY = "mxnotify_spool";
    public static final int FORMAT_VERSION = 1;

    private final ObjectMapper mapper = new ObjectMapper();

    /** The file bytes for an entry. */
    public byte[] encode(SpoolEntry entry) {
        ObjectNode root = mapper.createObjectNode();
        root.put(FORMAT_KEY, FORMAT_VERSION);
        root.put("room", entry.room());
        root.put("txn_id", entry.txnId());
        root.put("enqueued_at", entry.enqueuedAt().toString());
        putInstant(root, "requeued_at", entry.requeuedAt());
        root.put("attempts", entry.attempts());
        root.put("next_attempt_at", entry.nextAttemptAt().toString());
        putText(root, "last_error", entry.lastError());
        putText(root, "dead_reason", entry.deadReason());
        root.set("content", entry.content());
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot serialise a JSON tree", impossible);
        }
    }

    /**
     * Parses a file's bytes; the id comes from the file name and must agree with the stored txnId.
     *
     * @throws CorruptEntryException with a one-line reason when the bytes are not a valid entry
     */
    public SpoolEntry decode(SpoolId id, byte[] bytes) throws CorruptEntryException {
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new CorruptEntryException("not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CorruptEntryException("not a JSON object");
        }
        JsonNode format = root.get(FORMAT_KEY);
        if (format == null || !format.isInt()) {
            throw new CorruptEntryException("no \"" + FORMAT_KEY + "\" marker: not an mxnotify spool file");
        }
        if (format.intValue() != FORMAT_VERSION) {
            throw new CorruptEntryException("spool format version " + format.intValue()
                    + " is not supported (this version reads " + FORMAT_VERSION + ")");
        }
        JsonNode content = root.get("content");
        if (content == null || !content.isObject()) {
            throw new CorruptEntryException("\"content\" is missing or not a JSON object");
        }
        String txnId = requiredText(root, "txn_id");
        if (!txnId.equals(id.txnId())) {
            throw new CorruptEntryException("txn_id '" + txnId + "' does not match the file name");
        }
        JsonNode attempts = root.get("attempts");
        if (attempts == null || !attempts.isInt() || attempts.intValue() < 0) {
            throw new CorruptEntryException("\"attempts\" is missing or not a non-negative integer");
        }
        try {
            return new SpoolEntry(id, requiredText(root, "room"), txnId, (ObjectNode) content,
                    instant(root, "enqueued_at", true), instant(root, "requeued_at", false), attempts.intValue(),
                    instant(root, "next_attempt_at", true), optionalText(root, "last_error"),
                    optionalText(root, "dead_reason"));
        } catch (IllegalArgumentException invalid) {
            throw new CorruptEntryException(invalid.getMessage());
        }
    }

    private static String requiredText(JsonNode root, String key) throws CorruptEntryException {
        JsonNode node = root.get(key);
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            throw new CorruptEntryException("\"" + key + "\" is missing or not a non-empty string");
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode root, String key) throws CorruptEntryException {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new CorruptEntryException("\"" + key + "\" is not a string");
        }
        return node.textValue();
    }

    private static Instant instant(JsonNode root, String key, boolean required) throws CorruptEntryException {
        String text = required ? requiredText(root, key) : optionalText(root, key);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CorruptEntryException("\"" + key + "\" is not an ISO-8601 instant: " + text);
        }
    }

    private static void putInstant(ObjectNode root, String key, Instant value) {
        if (value == null) {
            root.putNull(key);
        } else {
            root.put(key, value.toString());
        }
    }

    private static void putText(ObjectNode root, String key, String value) {
        if (value == null) {
            root.putNull(key);
        } else {
            root.put(key, value);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Why bytes could not be read as a spool entry. */
    public static final class CorruptEntryException extends Exception {
        public CorruptEntryException(String reason) {
            super(reason);
        }
    }

    /** UTF-8 text of a reason, for the note written beside a quarantined file. */
    public static byte[] reasonNote(String fileName, String reason) {
        return ("mxnotify moved " + fileName + " here from the spool: " + reason + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
