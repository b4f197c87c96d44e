package io.mxnotify.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Notification} into {@code m.room.message} content: a plain {@code body} and an HTML
 * {@code formatted_body} (subject in bold, the body, the link), with all user text escaped or
 * sanitized so it cannot inject markup. Keeps every message within the event size limit, refusing or
 * splitting as the caller chooses.
 *
 * <p>The spec limits a whole event (content plus the envelope the server adds: ids, sender,
 * signatures, hashes, references) to 65,536 bytes of JSON. The renderer keeps the content itself
 * within {@link #DEFAULT_MAX_CONTENT_BYTES}, leaving room for that envelope and for a "queued since"
 * note added later.
 */
public final class MessageRenderer {
    /** The spec's limit for a whole event, in bytes of JSON. */
    public static final int EVENT_LIMIT_BYTES = 65_536;
    /** The default budget for the content: the event limit minus 6 KiB for the envelope and notes. */
    public static final int DEFAULT_MAX_CONTENT_BYTES = EVENT_LIMIT_BYTES - 6 * 1024;

    private final int maxContentBytes;
    private final ObjectMapper json = new ObjectMapper();

    /** A renderer with the default content budget. */
    public MessageRenderer() {
        this(DEFAULT_MAX_CONTENT_BYTES);
    }

    /**
     * A renderer with another content budget.
     *
     * @throws IllegalArgumentException if the budget is below 1 KiB or above the event limit
     */
    public MessageRenderer(int maxContentBytes) {
        if (maxContentBytes < 1024 || maxContentBytes > EVENT_LIMIT_BYTES) {
            throw new IllegalArgumentException("the content budget must be between 1024 and " + EVENT_LIMIT_BYTES + " bytes, not " + maxContentBytes);
        }
        this.maxContentBytes = maxContentBytes;
    }

    /**
     * Renders a notification that must fit in one event.
     *
     * @throws MessageTooLargeException if it does not fit
     */
    public MessageContent render(Notification notification) {
        return render(notification, OversizePolicy.REFUSE).get(0);
    }

    /**
     * Renders a notification into one message, or several when it is too large and {@code policy} is
     * {@link OversizePolicy#SPLIT}. Split parts carry "(i/n)" after the subject (or as the first line).
     *
     * @throws MessageTooLargeException if it does not fit and {@code policy} is {@link OversizePolicy#REFUSE},
     *                                  or if even a minimal part cannot fit (e.g. a huge subject)
     */
    public List<MessageContent> render(Notification notification, OversizePolicy policy) {
        MessageContent whole = renderPart(notification, notification.body(), null, true);
        int size = sizeOf(whole);
        if (size <= maxContentBytes) {
            return List.of(whole);
        }
        if (policy == OversizePolicy.REFUSE) {
            throw new MessageTooLargeException("the notification is " + size + " bytes as event content but at most "
                    + maxContentBytes + " fit in one Matrix event (limit " + EVENT_LIMIT_BYTES
                    + " bytes including the server's envelope); shorten it or let it be split into several messages",
                    size, maxContentBytes);
        }
        return split(notification);
    }

    private List<MessageContent> split(Notification n) {
        String remaining = n.body();
        List<String> pieces = new ArrayList<>();
        String worstMarker = "(9999/9999)";
        while (!remaining.isEmpty()) {
            int fit = largestFittingPrefix(n, remaining, worstMarker, pieces.isEmpty());
            if (fit <= 0) {
                throw new MessageTooLargeException("even a one-character part of this notification exceeds "
                        + maxContentBytes + " bytes (is the subject or link that long?); shorten them", sizeOf(renderPart(n, "", worstMarker, true)), maxContentBytes);
            }
            int cut = niceCut(remaining, fit);
            pieces.add(remaining.substring(0, cut));
            remaining = remaining.substring(cut);
            if (pieces.size() > 9999) {
                throw new MessageTooLargeException("the notification would need more than 9999 messages; shorten it", Integer.MAX_VALUE, maxContentBytes);
            }
        }
        List<MessageContent> parts = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            String marker = "(" + (i + 1) + "/" + pieces.size() + ")";
            parts.add(renderPart(n, pieces.get(i), marker, i == pieces.size() - 1));
        }
        return List.copyOf(parts);
    }

    private int largestFittingPrefix(Notification n, String text, String marker, boolean first) {
        int lo = 0;
        int hi = text.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            int end = safeEnd(text, mid);
            if (end > 0 && sizeOf(renderPart(n, text.substring(0, end), marker, true)) <= maxContentBytes) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return safeEnd(text, lo);
    }

    private static int safeEnd(String text, int end) {
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            return end - 1;
        }
        return end;
    }

    /** Prefers cutting after a blank line, then a line break, then a space, if that keeps at least half the part. */
    private static int niceCut(String text, int fit) {
        if (fit >= text.length()) {
            return text.length();
        }
        for (String boundary : new String[]{"\n\n", "\n", " "}) {
            int at = text.lastIndexOf(boundary, fit - boundary.length());
            if (at >= fit / 2 && at > 0) {
                return at + boundary.length();
            }
        }
        return fit;
    }

    private MessageContent renderPart(Notification n, String bodyText, String marker, boolean withLink) {
        StringBuilder plain = new StringBuilder();
        StringBuilder html = new StringBuilder();
        String subject = n.subject();
        String heading = subject == null ? marker : marker == null ? subject : subject + " " + marker;
        if (heading != null) {
            plain.append(heading);
            html.append("<p><strong>").append(HtmlText.escapeWithBreaks(heading)).append("</strong></p>");
        }
        if (!bodyText.isBlank()) {
            if (plain.length() > 0) {
                plain.append("\n\n");
            }
            switch (n.format()) {
                case PLAIN -> {
                    plain.append(bodyText);
                    html.append("<p>").append(HtmlText.escapeWithBreaks(bodyText)).append("</p>");
                }
                case HTML -> {
                    HtmlSanitizer.Result sanitized = HtmlSanitizer.sanitize(bodyText);
                    plain.append(sanitized.text());
                    html.append(sanitized.html());
                }
                case MARKDOWN -> {
                    MarkdownRenderer.Result rendered = MarkdownRenderer.render(bodyText);
                    plain.append(rendered.body());
                    html.append(rendered.html());
                }
            }
        }
        if (withLink && n.link() != null) {
            String url = n.link().toString();
            if (plain.length() > 0) {
                plain.append("\n\n");
            }
            plain.append(url);
            html.append("<p><a href=\"").append(HtmlText.escape(url)).append("\">").append(HtmlText.escape(url)).append("</a></p>");
        }
        return new MessageContent(n.msgType().wireName(), plain.toString(), html.toString());
    }

    /** The size of content as JSON, in bytes (what counts toward the event limit). */
    public int sizeOf(MessageContent content) {
        try {
            return json.writeValueAsBytes(content.toMap()).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("content cannot be written as JSON", e);
        }
    }
}
