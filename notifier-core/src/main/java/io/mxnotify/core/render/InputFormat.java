package io.mxnotify.core.render;

/** How the notification's body text is written. */
public enum InputFormat {
    /** Plain text: shown as written, every character escaped, line breaks kept. */
    PLAIN,
    /** HTML: reduced to the tags and attributes the Matrix spec recommends for {@code formatted_body}; everything else is escaped or dropped. */
    HTML,
    /**
     * Markdown as Element sends it: CommonMark with GitHub's tables and {@code ~~strikethrough~~}, line breaks kept;
     * raw HTML stays text except {@code sub}, {@code sup}, {@code del}, {@code u}; the result is reduced to the Matrix
     * allow-list like {@link #HTML}. Text without any Markdown is sent as {@link #PLAIN} would send it.
     */
    MARKDOWN
}
