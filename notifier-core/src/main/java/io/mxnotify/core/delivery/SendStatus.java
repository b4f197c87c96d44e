package io.mxnotify.core.delivery;

/** What became of a notification handed to {@link Notifier#send}. */
public enum SendStatus {
    /** It is in the room; the spool no longer holds it. */
    DELIVERED,
    /** It is safely in the spool and will be delivered by a later flush; the result's reason says why not yet. */
    QUEUED,
    /**
     * It is safely in the spool, but nothing will be delivered until someone logs in again
     * ({@code mxnotify login}): the access token is dead and no refresh token or password could renew it.
     * The result's reason says what happened.
     */
    LOGIN_REQUIRED,
    /** The server refused it for good; it is in the spool's {@code dead/} directory with the reason. */
    DEAD
}
