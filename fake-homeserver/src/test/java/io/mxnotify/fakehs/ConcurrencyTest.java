package io.mxnotify.fakehs;

import static io.mxnotify.fakehs.Http.as;
import static io.mxnotify.fakehs.Http.seg;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrent retries of one txnId store one event; concurrent distinct sends all arrive. */
class ConcurrencyTest {

    @Test
    void concurrentRetriesOfTheSameTxnIdStoreOneEvent() throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().user("bot", "pw").room("alerts")
                .member("bot", "alerts").start()) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:localhost").roomId();
            String path = "/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/retry-1";
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            try {
                for (int i = 0; i < threads; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"once\"}").put(path)
                                .then().statusCode(200).extract().<String>path("event_id");
                    }));
                }
                go.countDown();
                Set<String> eventIds = new HashSet<>();
                for (Future<String> answer : answers) {
                    eventIds.add(answer.get(60, TimeUnit.SECONDS));
                }
                assertEquals(1, eventIds.size());
                assertEquals(1, fake.events(roomId).size());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void concurrentDistinctSendsAllArriveInOneOrder() throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().user("bot", "pw").room("alerts")
                .member("bot", "alerts").start()) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:localhost").roomId();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> sends = new ArrayList<>();
            try {
                for (int i = 0; i < 80; i++) {
                    int n = i;
                    sends.add(pool.submit(() -> as(fake, bot).body("{\"msgtype\":\"m.text\",\"body\":\"" + n + "\"}")
                            .put("/_matrix/client/v3/rooms/" + seg(roomId) + "/send/m.room.message/t" + n)
                            .then().statusCode(200)));
                }
                for (Future<?> send : sends) {
                    send.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(80, fake.room(roomId).awaitEvents(80, java.time.Duration.ofSeconds(10)).size());
        }
    }
}
