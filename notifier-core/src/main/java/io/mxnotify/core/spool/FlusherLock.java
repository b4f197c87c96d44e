package io.mxnotify.core.spool;

import java.io.IOException;
import java.nio.channels.FileLock;

/**
 * Proof that the holder is the one flusher of a spool (an OS file lock on {@code .flush.lock}, plus the
 * spool object's own guard for threads of this process). Released on {@link #close()}, and by the
 * operating system if the process dies.
 */
public final class FlusherLock implements AutoCloseable {

    private final FileLock lock;
    private final Runnable onRelease;
    private boolean released;

    FlusherLock(FileLock lock, Runnable onRelease) {
        this.lock = lock;
        this.onRelease = onRelease;
    }

    /** True until closed. */
    public synchronized boolean isHeld() {
        return !released && lock.isValid();
    }

    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // the lock dies with the channel when the spool is closed, or with the process
        } finally {
            onRelease.run();
        }
    }
}
