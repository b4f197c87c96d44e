package io.mxnotify.fakehs.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one lock of the server's state. {@link AccountRegistry}, {@link RoomDirectory} and {@link EventLog}
 * hold no lock of their own: each of their methods expects this lock to be held by the caller (it checks),
 * so an operation spanning several of them (a send: txnId lookup, membership check, storage, txnId
 * record) is atomic. Waiters (long-polls, {@code awaitEvents}) sleep on its condition and wake on every
 * {@link #signalChange() change}.
 */
final class StateLock {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean closed;

    /** Runs {@code body} holding the lock and answers its result. */
    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code body} holding the lock. */
    void locked(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    /** Fails fast when state is touched without the lock: a bug in the caller, never a user's fault. */
    void checkHeld() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the home server state was touched without holding its lock");
        }
    }

    /** Wakes every waiter to look again; called with the lock held, after a change. */
    void signalChange() {
        checkHeld();
        changed.signalAll();
    }

    /**
     * Evaluates {@code query} until {@code done} accepts its answer, the timeout passes or the server
     * closes; answers the last evaluation. Wakes on every {@link #signalChange() change}.
     */
    <T> T await(Supplier<T> query, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        lock.lock();
        try {
            while (true) {
                T answer = query.get();
                long left = deadline - System.nanoTime();
                if (done.test(answer) || left <= 0 || closed) {
                    return answer;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return query.get();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter for good: the server is closing. */
    void close() {
        locked(() -> {
            closed = true;
            changed.signalAll();
        });
    }

    boolean isClosed() {
        return locked(() -> closed);
    }
}
