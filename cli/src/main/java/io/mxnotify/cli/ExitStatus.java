package io.mxnotify.cli;

/**
 * The exit codes of {@code mxnotify}, from sysexits.h so that shell scripts and service managers can tell
 * "delivered" from "queued, will retry" from "fix your input" without parsing text.
 */
public enum ExitStatus {
    /** Done: the notification was delivered, or the command succeeded. */
    OK(0),
    /** Generic failure that fits no other class. */
    FAILURE(1),
    /** The command line was wrong (unknown option, missing argument). */
    USAGE(64),
    /** The input was wrong: message too large and splitting not allowed, an invalid room or user id. */
    DATA(65),
    /** A service the command needs is unavailable (the home server could not be reached, for example). */
    UNAVAILABLE(69),
    /** A bug in mxnotify: please report it with the output of {@code --debug}. */
    SOFTWARE(70),
    /** An I/O error on a local file (spool, configuration). */
    IO(74),
    /** The remote side broke the protocol: e.g. the home server URL a server name publishes does not work. */
    PROTOCOL(76),
    /** The notification is safely queued and will be retried later ({@code mxnotify queue flush}). */
    QUEUED(75),
    /** Permission denied: forbidden in the room, or the token was rejected with no way to log in again. */
    PERMISSION(77),
    /** A required setting is missing or a configuration file is unsafe. */
    CONFIG(78);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** The numeric process exit code. */
    public int code() {
        return code;
    }
}
