package io.mxnotify.core.render;

/** What {@link MessageRenderer} does with a notification too large for one event. */
public enum OversizePolicy {
    /** Throw {@link MessageTooLargeException}; nothing is sent. */
    REFUSE,
    /** Split the body into several messages, each marked "(i/n)", each within the limit. */
    SPLIT
}
