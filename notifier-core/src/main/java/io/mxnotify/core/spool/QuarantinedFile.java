package io.mxnotify.core.spool;

import java.nio.file.Path;

/**
 * A file the spool could not use (corrupt, from a newer version, or not ours), moved aside so the
 * rest of the spool keeps working. Nothing is deleted: the file can be inspected and fixed by hand.
 *
 * @param originalName the name it had in the spool directory
 * @param movedTo      where it is now
 * @param reason       what was wrong with it
 */
public record QuarantinedFile(String originalName, Path movedTo, String reason) {
}
