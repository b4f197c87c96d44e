package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.RecordedRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * The bounded, in-order record of every request the fake answered (oldest dropped first).
 *
 * <p>A request body is masked ({@link SecretMasking#body}) when the journal is read, not when the request
 * is answered: masking parses and writes the body again, which cost every request a good part of its time
 * while the journal is mostly never read. A body that may hold a secret (it names a secret field) is masked
 * at once, so that no secret waits in the journal, and so is a large one.
 */
public final class RequestJournal {
    /** Larger bodies are masked (and cut to 4 KiB) at once, so that the journal stays small. */
    private static final int MAX_UNMASKED_BYTES = 4096;

    private final int capacity;
    private final SecretMasking masking;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextSeq = 1;
    private long dropped;

    /** A recorded request and, until the journal is read, its body unmasked (then {@code request.body()} is null). */
    private record Entry(RecordedRequest request, byte[] unmaskedBody) {
    }

    public RequestJournal(int capacity, SecretMasking masking) {
        this.capacity = capacity;
        this.masking = masking;
    }

    /** The sequence number the next request gets. */
    public synchronized long reserveSeq() {
        return nextSeq++;
    }

    /** Records a request whose body is already masked (or absent). */
    public void add(RecordedRequest request) {
        append(new Entry(request, null));
    }

    /**
     * Records a request with its raw body (as read; not copied, so the caller must not change it), masked
     * when the journal is read, or now if it may hold a secret.
     *
     * @param request a request whose {@code body} is null
     */
    public void add(RecordedRequest request, byte[] rawBody) {
        if (rawBody == null || rawBody.length == 0) {
            append(new Entry(request, null));
        } else if (rawBody.length > MAX_UNMASKED_BYTES || SecretMasking.mayHoldSecret(rawBody)) {
            append(new Entry(withBody(request, masking.body(rawBody)), null));
        } else {
            append(new Entry(request, rawBody));
        }
    }

    private synchronized void append(Entry entry) {
        entries.addLast(entry);
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
        List<Entry> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(entries);
        }
        List<RecordedRequest> out = new ArrayList<>();
        for (Entry entry : snapshot) {
            RecordedRequest request = entry.unmaskedBody() == null ? entry.request()
                    : withBody(entry.request(), masking.body(entry.unmaskedBody()));
            if (filter.test(request)) {
                out.add(request);
            }
        }
        out.sort(Comparator.comparingLong(RecordedRequest::seq));
        return out;
    }

    public synchronized void clear() {
        entries.clear();
    }

    public synchronized long dropped() {
        return dropped;
    }

    private static RecordedRequest withBody(RecordedRequest r, String body) {
        return new RecordedRequest(r.seq(), r.timestamp(), r.method(), r.path(), r.query(), r.endpoint(), r.userId(),
                r.deviceId(), r.txnId(), r.status(), r.errcode(), r.faultId(), r.unmatched(), r.hint(), body,
                r.durationMs(), r.warning());
    }
}
