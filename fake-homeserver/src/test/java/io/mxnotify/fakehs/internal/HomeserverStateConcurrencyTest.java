package io.mxnotify.fakehs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.RoomEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The state's one lock discipline under mixed concurrent operations: logins, joins, leaves, sends with
 * repeated txnIds, clears and reads from many threads at once leave it consistent.
 */
class HomeserverStateConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 150;

    private final JsonCodec json = new JsonCodec();

    private HomeserverState newState(int retentionCap) {
        return new HomeserverState("localhost", IdGenerator.seeded(7), json, new ListenerHub(),
                System::currentTimeMillis, retentionCap, 1_000_000);
    }

    @Test
    void mixedOperationsFromManyThreadsKeepEveryTxnIdToOneEvent() throws Exception {
        HomeserverState state = newState(100_000);
        state.register("owner", "pw", false, "test", null, null);
        String roomId = state.createRoom(new RoomSpec("@owner:localhost", "alerts", null, null, true, List.of(), null));
        List<FakeUser> users = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            users.add(state.register("u" + i, "pw", false, "test", null, null));
        }
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS * 2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                FakeUser user = users.get(t);
                int thread = t;
                // two threads per user and device, retrying the same txnIds: each txnId must store one event
                for (int twin = 0; twin < 2; twin++) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        Session session = state.authenticateOrRefuse(user.accessToken());
                        for (int round = 0; round < ROUNDS; round++) {
                            try {
                                state.join(user.userId(), "#alerts:localhost", false);
                                state.send(session, roomId, "m.room.message",
                                        json.object().put("msgtype", "m.text").put("body", thread + "/" + round), "t" + round);
                                state.login(user.userId(), "pw", user.deviceId(), null);
                                state.events("#alerts:localhost", false);
                                state.rooms();
                                state.users();
                                if (round % 50 == 49) {
                                    state.leave(user.userId(), roomId);
                                }
                            } catch (MatrixError expected) {
                                // a twin left the room between our join and send: refused, nothing stored
                                if (!expected.errcode().equals("M_FORBIDDEN")) {
                                    failures.add(expected.errcode() + ": " + expected.getMessage());
                                }
                            } catch (RuntimeException e) {
                                failures.add(e.toString());
                            }
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));

        List<RoomEvent> events = state.events(roomId, false);
        Map<String, Integer> perTxn = new HashMap<>();
        for (RoomEvent event : events) {
            perTxn.merge(event.sender() + "/" + event.deviceId() + "/" + event.txnId(), 1, Integer::sum);
        }
        perTxn.forEach((key, count) -> assertEquals(1, count, "one event per user, device and txnId: " + key));
        assertEquals(events.size(), state.summary(roomId).messageCount());
        assertEquals(state.events(roomId, true).size(), state.retainedEventCount());
        assertEquals(state.storedEventCount(), state.retainedEventCount());
        for (FakeUser user : users) {
            assertEquals(1, state.devices(user.userId()).size(), "logins on a known device make no new one");
        }
    }

    @Test
    void aWaiterWakesWhenAnotherThreadStores() throws Exception {
        HomeserverState state = newState(100);
        FakeUser bot = state.register("bot", "pw", false, "test", null, null);
        String roomId = state.createRoom(new RoomSpec("@bot:localhost", null, null, null, true, List.of(), null));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<List<RoomEvent>> waiter = pool.submit(() -> state.await(() -> state.events(roomId, false),
                    found -> !found.isEmpty(), Duration.ofSeconds(60)));
            Session session = state.authenticateOrRefuse(bot.accessToken());
            state.send(session, roomId, "m.room.message", json.object().put("body", "x"), "1");
            assertEquals("x", waiter.get(60, TimeUnit.SECONDS).get(0).body());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void componentsRefuseToBeTouchedWithoutTheLock() {
        StateLock lock = new StateLock();
        EventLog log = new EventLog(lock, IdGenerator.seeded(1), json, new ListenerHub(), System::currentTimeMillis, 10);
        assertThrows(IllegalStateException.class, log::position);
        assertEquals(0L, lock.locked(log::position));
    }
}
