package io.mxnotify.core.render;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content of one {@code m.room.message} event: plain {@code body} plus, when formatted,
 * {@code format: org.matrix.custom.html} and {@code formatted_body}.
 *
 * @param msgtype       {@code m.notice} or {@code m.text}
 * @param body          the plain-text version every client can show
 * @param formattedBody the HTML version (already safe), or null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(value = "format", allowGetters = true)
public record MessageContent(String msgtype, String body, @JsonProperty("formatted_body") String formattedBody) {
    /** The only {@code format} the spec defines. */
    public static final String HTML_FORMAT = "org.matrix.custom.html";

    /** Validates. */
    public MessageContent {
        Objects.requireNonNull(msgtype, "msgtype");
        Objects.requireNonNull(body, "body");
    }

    /** {@code org.matrix.custom.html} when there is a formatted body, else null. */
    @JsonProperty("format")
    public String format() {
        return formattedBody == null ? null : HTML_FORMAT;
    }

    /** The event content as a JSON-ready map ({@code msgtype, body, format, formatted_body}). */
    @JsonIgnore
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("msgtype", msgtype);
        map.put("body", body);
        if (formattedBody != null) {
            map.put("format", HTML_FORMAT);
            map.put("formatted_body", formattedBody);
        }
        return map;
    }

    /**
     * This content with one more line of plain text (escaped in the HTML version) at the end, e.g.
     * "queued since 2026-11-27 14:02 UTC".
     */
    public MessageContent withNote(String note) {
        Objects.requireNonNull(note, "note");
        String html = formattedBody == null ? null : formattedBody + noteHtml(note);
        return new MessageContent(msgtype, body + "\n\n" + note, html);
    }

    /** A note line as it is appended to {@code formatted_body}: its own paragraph, in italics, escaped. */
    public static String noteHtml(String note) {
        return "<p><em>" + HtmlText.escape(note) + "</em></p>";
    }
}
