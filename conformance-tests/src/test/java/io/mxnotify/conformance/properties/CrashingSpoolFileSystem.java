package io.mxnotify.conformance.properties;

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
 * The real disk through notifier-core's spool seam, except that the process "dies" at the n-th mutating
 * operation (write, rename, directory sync, delete): before it (a write leaves half its bytes), or right
 * after it. From then on every operation fails, as a dead process does nothing more; what was done before
 * is on disk, as after a {@code kill -9}.
 */
final class CrashingSpoolFileSystem implements SpoolFileSystem {

    /** The simulated death; an {@link Error} so that no {@code catch (Exception)} on the way swallows it. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(String where) {
            super("simulated crash " + where);
        }
    }

    private final SpoolFileSystem disk = new DiskSpoolFileSystem();
    private final long crashAt;
    private final boolean afterOperation;
    private final AtomicLong operations = new AtomicLong();
    private volatile boolean crashed;

    CrashingSpoolFileSystem(long crashAt, boolean afterOperation) {
        this.crashAt = crashAt;
        this.afterOperation = afterOperation;
    }

    boolean crashed() {
        return crashed;
    }

    private interface Operation {
        void run() throws IOException;
    }

    private void mutate(String what, Operation operation, Operation halfDone) throws IOException {
        alive(what);
        long n = operations.incrementAndGet();
        if (n == crashAt && !afterOperation) {
            crashed = true;
            halfDone.run();
            throw new SimulatedCrash("before " + what);
        }
        operation.run();
        if (n == crashAt) {
            crashed = true;
            throw new SimulatedCrash("after " + what);
        }
    }

    private void alive(String what) {
        if (crashed) {
            throw new SimulatedCrash("(already dead) at " + what);
        }
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
        alive("create " + dir);
        disk.createDirectories(dir);
    }

    @Override
    public void writeDurably(Path file, byte[] bytes) throws IOException {
        mutate("write " + file.getFileName(), () -> disk.writeDurably(file, bytes),
                () -> Files.write(file, Arrays.copyOf(bytes, bytes.length / 2), StandardOpenOption.CREATE_NEW));
    }

    @Override
    public void moveAtomically(Path source, Path target) throws IOException {
        mutate("rename " + source.getFileName() + " -> " + target.getFileName(), () -> disk.moveAtomically(source, target),
                () -> { });
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        mutate("sync " + dir.getFileName(), () -> disk.syncDirectory(dir), () -> { });
    }

    @Override
    public boolean deleteIfExists(Path file) throws IOException {
        boolean[] deleted = new boolean[1];
        mutate("delete " + file.getFileName(), () -> deleted[0] = disk.deleteIfExists(file), () -> { });
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
        alive("open lock file");
        return disk.openLockFile(file);
    }
}
