package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Masks secrets (passwords, tokens, MACs) in bodies and query strings before they are recorded. */
public final class SecretMasking {
    private static final Set<String> SECRET_FIELDS = Set.of("password", "new_password", "access_token",
            "refresh_token", "token", "mac", "registration_shared_secret");
    private static final Pattern SECRET_IN_TEXT = Pattern.compile(
            "(\"(?:password|new_password|access_token|refresh_token|token|mac)\"\\s*:\\s*\")[^\"]*(\")");
    private static final Pattern TOKEN_IN_QUERY = Pattern.compile("(^|&)(access_token=)[^&]*");
    static final int MAX_BODY_CHARS = 4096;

    private final JsonCodec json;

    public SecretMasking(JsonCodec json) {
        this.json = json;
    }

    private static final byte[][] SECRET_HINTS = {bytes("password"), bytes("token"), bytes("mac"), bytes("secret")};

    /**
     * Whether a raw body may hold a secret: it contains a secret field's name (or a word that has one in it)
     * as plain text. A name written with escapes is not seen here, which is safe: {@link #body} masks it all
     * the same; this only says which bodies to mask without delay.
     */
    public static boolean mayHoldSecret(byte[] body) {
        for (byte[] hint : SECRET_HINTS) {
            if (indexOf(body, hint) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The body as text, secrets masked, cut to 4 KiB; {@code null} for an empty body. */
    public String body(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String text;
        try {
            JsonNode node = json.parse(body);
            mask(node);
            text = json.writeString(node);
        } catch (MatrixError notJson) {
            text = SECRET_IN_TEXT.matcher(new String(body, StandardCharsets.UTF_8)).replaceAll("$1***$2");
        }
        return text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) + "...(truncated)" : text;
    }

    public static String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        return TOKEN_IN_QUERY.matcher(rawQuery).replaceAll("$1$2***");
    }

    private static void mask(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (SECRET_FIELDS.contains(field.getKey()) && field.getValue().isValueNode()) {
                    field.setValue(object.textNode("***"));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(SecretMasking::mask);
        }
    }
}
