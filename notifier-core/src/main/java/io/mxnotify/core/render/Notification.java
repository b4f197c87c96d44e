package io.mxnotify.core.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A notification as the user gives it: an optional subject, a body, an optional link, the message type
 * and how the body is written. Becomes event content through {@link MessageRenderer}.
 *
 * @param subject optional headline shown in bold above the body; null for none
 * @param body    the text; may be empty only if there is a subject
 * @param link    optional http, https or mailto link shown below the body; null for none
 * @param msgType {@link MsgType#NOTICE} unless the user wants {@link MsgType#TEXT}
 * @param format  how {@code body} is written
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(String subject, String body, URI link, MsgType msgType, InputFormat format) {
    private static final Set<String> LINK_SCHEMES = Set.of("http", "https", "mailto");

    /** Validates. */
    public Notification {
        body = body == null ? "" : body;
        subject = subject == null || subject.isBlank() ? null : subject;
        msgType = Objects.requireNonNullElse(msgType, MsgType.NOTICE);
        format = Objects.requireNonNullElse(format, InputFormat.PLAIN);
        if (subject == null && body.isBlank()) {
            throw new IllegalArgumentException("a notification needs a body or a subject; both are empty");
        }
        if (link != null) {
            String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
            if (!LINK_SCHEMES.contains(scheme)) {
                throw new IllegalArgumentException("the link '" + link + "' must be an http, https or mailto URL");
            }
        }
    }

    /** A plain-text {@code m.notice} with just a body. */
    public static Notification of(String body) {
        return new Notification(null, body, null, MsgType.NOTICE, InputFormat.PLAIN);
    }

    /** This notification with a subject. */
    public Notification withSubject(String newSubject) {
        return new Notification(newSubject, body, link, msgType, format);
    }

    /** This notification with a link (http, https or mailto). */
    public Notification withLink(URI newLink) {
        return new Notification(subject, body, newLink, msgType, format);
    }

    /** This notification with another message type. */
    public Notification withMsgType(MsgType newType) {
        return new Notification(subject, body, link, newType, format);
    }

    /** This notification with its body read as another format. */
    public Notification withFormat(InputFormat newFormat) {
        return new Notification(subject, body, link, msgType, newFormat);
    }
}
