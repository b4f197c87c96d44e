package io.mxnotify.core.spool;

import io.mxnotify.core.spool.internal.DiskSpoolFileSystem;
import io.mxnotify.core.spool.internal.SpoolFileSystem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real file system, but the process "dies" at a chosen step: the n-th mutating operation throws
 * {@link SimulatedCrash} either before doing anything or right after completing (the caller never learns
 * it succeeded). A crash while writing leaves a half-written file. After the crash every operation
 * throws, as a dead process does nothing more. The model: the operating system survives, so everything
 * done before the crash is on disk.
 */
public final class CrashingFileSystem implements SpoolFileSystem {

    /** Thrown at the crash point and by every later operation. An Error so no catch(Exception) eats it. */
    public static final class SimulatedCrash extends Error {
        SimulatedCrash(String where) {
            super("simulated crash " + where);
        }
    }

    private final SpoolFileSystem disk = new DiskSpoolFileSystem();
    private final long crashAt;
    private final boolean afterOperation;
    private final AtomicLong operations = new AtomicLong();
    private volatile boolean crashed;

    /**
     * @param crashAt        the 1-based number of the mutating operation that crashes; 0 or less never crashes
     * @param afterOperation crash right after that operation completed rather than before it started
     */
    public CrashingFileSystem(long crashAt, boolean afterOperation) {
        this.crashAt = crashAt;
        this.afterOperation = afterOperation;
    }

    /** A file system that never crashes. */
    public static CrashingFileSystem never() {
        return new CrashingFileSystem(0, false);
    }

    public boolean crashed() {
        return crashed;
    }

    public long mutatingOperations() {
        return operations.get();
    }

    private interface Step {
        void run() throws IOException;
    }

    private void mutate(String what, Step step) throws IOException {
        if (crashed) {
            throw new SimulatedCrash("(process already dead) at " + what);
        }
        long n = operations.incrementAndGet();
        if (n == crashAt && !afterOperation) {
            crashed = true;
            throw new SimulatedCrash("before " + what);
        }
        step.run();
        if (n == crashAt) {
            crashed = true;
            throw new SimulatedCrash("after " + what);
        }
    }

    private void alive(String what) {
        if (crashed) {
            throw new SimulatedCrash("(process already dead) at " + what);
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        alive("createDirectories");
        disk.createDirectories(dir);
    }

    @Override
    public void writeDurably(Path file, byte[] bytes) throws IOException {
        if (crashed) {
            throw new SimulatedCrash("(process already dead) at write " + file.getFileName());
        }
        long n = operations.incrementAndGet();
        if (n == crashAt && !afterOperation) {
            crashed = true;
            // died in the middle of writing: half the bytes reached the file
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 2), StandardOpenOption.CREATE_NEW);
            throw new SimulatedCrash("while writing " + file.getFileName());
        }
        disk.writeDurably(file, bytes);
        if (n == crashAt) {
            crashed = true;
            throw new SimulatedCrash("after writing " + file.getFileName());
        }
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        mutate("move " + source.getFileName() + " -> " + target, () -> disk.moveAtomically(source, target));
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        mutate("sync " + dir.getFileName(), () -> disk.syncDirectory(dir));
    }

    @Override
    public boolean deleteIfExists(Path file) throws IOException {
        boolean[] deleted = new boolean[1];
        mutate("delete " + file.getFileName(), () -> deleted[0] = disk.deleteIfExists(file));
        return deleted[0];
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        alive("list");
        return disk.list(dir);
    }

    @Override
    public byte[] read(Path file) throws IOException {
        alive("read");
        return disk.read(file);
    }

    @Override
    public boolean isDirectory(Path path) {
        alive("isDirectory");
        return disk.isDirectory(path);
    }

    @Override
    public FileChannel openLockFile(Path file) throws IOException {
        alive("openLockFile");
        return disk.openLockFile(file);
    }
}
