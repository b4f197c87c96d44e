package io.mxnotify.core.spool.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file-system operation the spool performs, behind one seam so that tests can simulate a crash
 * (the process dying) before or after any single step. Implementations must be safe for concurrent use.
 * Each method is one step whose effect is either complete or absent, except {@link #writeDurably} whose
 * target may be left partly written (the spool only ever writes to fresh temporary names).
 */
public interface SpoolFileSystem {

    /** Creates the directory and its missing parents, owner-only (0700) where the file system has modes. */
    void createDirectories(Path dir) throws IOException;

    /** Creates {@code file} (which must not exist) owner-only (0600), writes all bytes and fsyncs it. */
    void writeDurably(Path file, byte[] bytes) throws IOException;

    /** Renames {@code source} to {@code target} atomically, replacing {@code target} if it exists. */
    void moveAtomically(Path source, Path target) throws IOException;

    /** Fsyncs a directory so that renames and deletions in it survive a power loss. */
    void syncDirectory(Path dir) throws IOException;

    /** Deletes a file; returns false when it was already gone. */
    boolean deleteIfExists(Path file) throws IOException;

    /** The names of the regular files and directories directly inside {@code dir}, in no particular order. */
    List<String> list(Path dir) throws IOException;

    /** Reads a whole file; {@link java.nio.file.NoSuchFileException} when it is gone. */
    byte[] read(Path file) throws IOException;

    /** True when the path is a directory. */
    boolean isDirectory(Path path);

    /** Opens (creating owner-only if missing) a file used only for locking and small bookkeeping. */
    FileChannel openLockFile(Path file) throws IOException;
}
