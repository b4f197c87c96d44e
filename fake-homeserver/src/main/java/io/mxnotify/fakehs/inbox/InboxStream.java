package io.mxnotify.fakehs.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import io.mxnotify.fakehs.RoomEvent;
import io.mxnotify.fakehs.RoomSummary;
import io.mxnotify.fakehs.ServerListener;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Pushes what changes on the server to every open inbox page as Server-Sent Events.
 *
 * <p>Event names: {@code ready} (first, once the page is registered for every later change: fetch
 * the current state now), {@code room-event} (a new non-state event, with the room id and the event as the
 * inspection API shows it), {@code rooms-changed}, {@code room-cleared}, {@code faults-changed},
 * {@code device-warning} and {@code reset}. A page that (re)connects fetches everything once on
 * {@code ready}, so a dropped connection loses nothing. Writes happen on this stream's own thread, so a slow browser
 * never holds up a request or another listener; while a page is connected, a comment every 15 seconds
 * keeps idle connections open and finds dead ones.
 */
final class InboxStream implements ServerListener, AutoCloseable {

    private static final long HEARTBEAT_SECONDS = 15;
    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final Function<RoomEvent, JsonNode> eventJson;
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor writer;
    private final AtomicBoolean watchingServer = new AtomicBoolean();
    private ScheduledFuture<?> heartbeat; // guarded by this; runs only while a page is connected

    /** @param eventJson how an event looks in {@code GET /_fake/v1/rooms/{room}/events}, so both agree */
    InboxStream(Function<RoomEvent, JsonNode> eventJson) {
        this.eventJson = Objects.requireNonNull(eventJson, "eventJson");
        writer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "fakehs-inbox-stream");
            thread.setDaemon(true);
            return thread;
        });
        // No page connected, nothing scheduled: the thread ends, so an unwatched server costs no thread.
        writer.setKeepAliveTime(5, TimeUnit.SECONDS);
        writer.allowCoreThreadTimeOut(true);
        writer.setRemoveOnCancelPolicy(true);
    }

    /** Keeps a newly connected page's stream open until the page goes away or the server stops. */
    void connect(SseClient client) {
        if (watchingServer.compareAndSet(false, true)) {
            closeWhenServerStops(client);
        }
        client.keepAlive();
        client.onClose(() -> disconnected(client));
        synchronized (this) {
            clients.add(client);
            // Only now will this page hear of every change: tell it so, then it fetches the state once.
            execute(() -> client.sendEvent("ready", "{}"));
            if (heartbeat == null && !writer.isShutdown()) {
                heartbeat = writer.scheduleWithFixedDelay(this::sendHeartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                        TimeUnit.SECONDS);
            }
        }
    }

    // The open streams must end while the server still runs: once Jetty has stopped and recycled the
    // requests, touching an SseClient makes Javalin fail over and over on the dead request.
    private void closeWhenServerStops(SseClient client) {
        Server server = ServletContextHandler.getServletContextHandler(client.ctx().req().getServletContext())
                .getServer();
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopping(LifeCycle event) {
                close();
            }
        });
    }

    private synchronized void disconnected(SseClient client) {
        clients.remove(client);
        if (clients.isEmpty() && heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
    }

    @Override
    public void eventStored(RoomEvent event) {
        if (event.isState()) {
            return; // the inbox lists what clients sent; membership and names arrive as rooms-changed
        }
        broadcast("room-event", () -> {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("room_id", event.roomId());
            data.set("event", eventJson.apply(event));
            return data;
        });
    }

    @Override
    public void roomChanged(RoomSummary room) {
        broadcast("rooms-changed", () -> roomIdOnly(room.roomId()));
    }

    @Override
    public void roomCleared(String roomId) {
        broadcast("room-cleared", () -> roomIdOnly(roomId));
    }

    @Override
    public void faultsChanged() {
        broadcast("faults-changed", JsonNodeFactory.instance::objectNode);
    }

    @Override
    public void deviceThresholdExceeded(String userId, int deviceCount) {
        broadcast("device-warning", () -> JsonNodeFactory.instance.objectNode()
                .put("user_id", userId)
                .put("device_count", deviceCount));
    }

    @Override
    public void reset() {
        broadcast("reset", JsonNodeFactory.instance::objectNode);
    }

    /** Ends every open stream (pages reconnect by themselves to whatever runs next) and stops writing. */
    @Override
    public void close() {
        try {
            // on the writer thread, so that no write is under way while the streams end
            writer.submit(() -> clients.forEach(SseClient::close)).get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // already closed, or a browser that does not read: the server's stop ends its connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.clear();
            writer.shutdownNow();
        }
    }

    private static ObjectNode roomIdOnly(String roomId) {
        return JsonNodeFactory.instance.objectNode().put("room_id", roomId);
    }

    /** Sends one event to every open page; builds it only when a page is open (a busy server, nobody watching). */
    private void broadcast(String name, Supplier<ObjectNode> data) {
        if (clients.isEmpty()) {
            return;
        }
        String text = data.get().toString(); // one line of JSON: exactly one SSE data field
        execute(() -> {
            for (SseClient client : clients) {
                if (!client.terminated()) {
                    client.sendEvent(name, text);
                }
            }
        });
    }

    private void sendHeartbeat() {
        for (SseClient client : clients) {
            if (!client.terminated()) {
                client.sendComment("keep-alive");
            }
        }
    }

    private void execute(Runnable task) {
        try {
            writer.execute(task);
        } catch (RejectedExecutionException closed) {
            // the server is closing: the pages will reconnect to whatever runs next
        }
    }
}
