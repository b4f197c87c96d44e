package io.mxnotify.core.delivery.internal;

import io.mxnotify.core.render.MessageContent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.delivery.LateLabel;
import java.nio.charset.StandardCharsets;

/** Appends the late-delivery sentence to an event content's {@code body} and {@code formatted_body}. */
public final class LateLabelWriter {

    /**
     * Room left under the 65,536-byte event limit for the event envelope (sender, room id, signatures,
     * hashes...). A content that would exceed {@code 65536 - ENVELOPE_ALLOWANCE} with the label is sent
     * without it rather than rejected as too large.
     */
    static final int ENVELOPE_ALLOWANCE = 4_096;
    private static final int EVENT_LIMIT = 65_536;

    private final LateLabel label;

    public LateLabelWriter(LateLabel label) {
        this.label = label;
    }

    /**
     * The content to send: a labelled copy when the label applies and fits, else the content unchanged.
     *
     * @param contentBytes the size of the unlabelled content in JSON bytes
     */
    public ObjectNode apply(ObjectNode content, int contentBytes, String sentence) {
        JsonNode body = content.get("body");
        if (!(body instanceof com.fasterxml.jackson.databind.node.TextNode)) {
            return content;
        }
        String plain = "\n\n" + sentence;
        JsonNode formatted = content.get("formatted_body");
        String html = MessageContent.noteHtml(sentence);
        int extra = plain.getBytes(StandardCharsets.UTF_8).length
                + (formatted != null && formatted.isTextual() ? html.length() : 0) + 16;
        if (contentBytes + extra > EVENT_LIMIT - ENVELOPE_ALLOWANCE) {
            return content;
        }
        ObjectNode labelled = content.deepCopy();
        labelled.put("body", body.textValue() + plain);
        if (formatted != null && formatted.isTextual()) {
            labelled.put("formatted_body", formatted.textValue() + html);
        }
        return labelled;
    }

    /** The label policy this writer follows. */
    public LateLabel label() {
        return label;
    }
}
