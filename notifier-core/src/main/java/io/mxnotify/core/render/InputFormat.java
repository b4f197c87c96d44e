package io.mxnotify.core.render;

/** How the notification's body text is written. */
public enum InputFormat {
    /** Plain text: shown as written, every character escaped, line breaks kept. */
    PLAIN,
    /** HTML: reduced to the tags and attributes the Matrix spec recommends for {@code formatted_body}; everything else is escaped or dropped. */
    HTML,
    /** Markdown (common subset): paragraphs, emphasis, strong, code, code blocks, links (http, https, mailto), lists, headings, quotes. */
    MARKDOWN
}
