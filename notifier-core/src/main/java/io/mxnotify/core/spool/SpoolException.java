package io.mxnotify.core.spool;

import java.io.IOException;
import java.nio.file.Path;

/** The spool directory could not be read or written; the message names the path and the cause. */
public final class SpoolException extends RuntimeException {

    /** Wraps an I/O failure on {@code path} while doing {@code what} (e.g. "write the notification to"). */
    public SpoolException(String what, Path path, IOException cause) {
        super("cannot " + what + " " + path + ": " + describe(cause)
                + " (check that the spool directory exists, is writable by this user and the disk is not full)",
                cause);
    }

    private static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + " " + e.getMessage();
    }
}
