package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.ServerListener;
import io.mxnotify.fakehs.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers state changes to {@link ServerListener}s in order, on one thread, off the request threads. */
public final class ListenerHub implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerHub.class);

    private final List<ServerListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fakehs-listeners");
        thread.setDaemon(true);
        return thread;
    });

    public Subscription subscribe(ServerListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** Queues one notification for every listener registered now. */
    public void publish(Consumer<ServerListener> notification) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            executor.execute(() -> {
                for (ServerListener listener : listeners) {
                    try {
                        notification.accept(listener);
                    } catch (RuntimeException e) {
                        LOG.warn("A server listener failed: {}", e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            // the server is closing: nobody is listening any more
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
