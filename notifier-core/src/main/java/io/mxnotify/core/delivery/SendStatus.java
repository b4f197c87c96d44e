package io.mxnotify.core.delivery;

/** What became of a notification handed to {@link Notifier#send}. */
public enum SendStatus {
    /** It is in the room; the spool no longer holds it. */
    DELIVERED,
    /** It is safely in the spool and will be delivered by a later flush; the result's reason says why not yet. */
    QUEUED,
    /** The server refused it for good; it is in the spool's {@code dead/} directory with the reason. */
    DEAD
}
