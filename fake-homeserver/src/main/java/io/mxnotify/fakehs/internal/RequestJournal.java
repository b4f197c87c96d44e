package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.RecordedRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/** The bounded, in-order record of every request the fake answered (oldest dropped first). */
public final class RequestJournal {
    private final int capacity;
    private final Deque<RecordedRequest> entries = new ArrayDeque<>();
    private long nextSeq = 1;
    private long dropped;

    public RequestJournal(int capacity) {
        this.capacity = capacity;
    }

    /** The sequence number the next request gets. */
    public synchronized long reserveSeq() {
        return nextSeq++;
    }

    public synchronized void add(RecordedRequest request) {
        entries.addLast(request);
        while (entries.size() > capacity) {
            entries.removeFirst();
            dropped++;
        }
    }

    /**
     * The entries the filter accepts, oldest first. The filter runs on a copy, outside the lock: it may be
     * slow (a caller's regex), and every request being answered needs this lock to be recorded.
     */
    public List<RecordedRequest> select(Predicate<RecordedRequest> filter) {
        List<RecordedRequest> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(entries);
        }
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest request : snapshot) {
            if (filter.test(request)) {
                out.add(request);
            }
        }
        out.sort(java.util.Comparator.comparingLong(RecordedRequest::seq));
        return out;
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized long dropped() {
        return dropped;
    }
}
