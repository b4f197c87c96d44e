package io.mxnotify.core.render;

/** A notification does not fit in one event (and splitting was not chosen, or cannot help). */
public final class MessageTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int contentBytes;
    private final int limitBytes;

    MessageTooLargeException(String message, int contentBytes, int limitBytes) {
        super(message);
        this.contentBytes = contentBytes;
        this.limitBytes = limitBytes;
    }

    /** The size of the rendered content as JSON, in bytes. */
    public int contentBytes() {
        return contentBytes;
    }

    /** The largest content size allowed, in bytes. */
    public int limitBytes() {
        return limitBytes;
    }
}
