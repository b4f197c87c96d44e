package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The listener hook the web inbox uses: events, room changes, faults, device warnings, resets, in order. */
class ServerListenerTest {

    @Test
    void listenersHearChangesInOrderUntilUnsubscribed() throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().deviceWarningThreshold(1).user("bot", "pw").start()) {
            List<String> heard = new CopyOnWriteArrayList<>();
            Subscription subscription = fake.subscribe(new ServerListener() {
                @Override
                public void eventStored(RoomEvent event) {
                    heard.add("event " + event.type());
                }

                @Override
                public void roomChanged(RoomSummary room) {
                    heard.add("room " + room.aliases());
                }

                @Override
                public void faultsChanged() {
                    heard.add("faults");
                }

                @Override
                public void deviceThresholdExceeded(String userId, int deviceCount) {
                    heard.add("devices " + userId + " " + deviceCount);
                }

                @Override
                public void reset() {
                    heard.add("reset");
                }
            });
            String roomId = fake.createRoom("alerts");
            fake.join("bot", roomId);
            fake.addFault(FaultRule.builder().delayMs(1).times(1).build());
            fake.createUser("second");
            fake.user("bot");
            Http.to(fake).body("{\"type\":\"m.login.password\",\"user\":\"bot\",\"password\":\"pw\"}")
                    .post("/_matrix/client/v3/login").then().statusCode(200);
            fake.reset();
            awaitHeard(heard, list -> list.contains("reset") && list.stream().anyMatch(s -> s.startsWith("devices")));
            assertEquals("event m.room.create", heard.get(0));
            assertTrue(heard.contains("room [#alerts:localhost]"), heard.toString());
            assertTrue(heard.contains("event m.room.member"), heard.toString());
            assertTrue(heard.contains("faults"), heard.toString());
            assertTrue(heard.contains("devices @bot:localhost 2"), heard.toString());
            subscription.close();
            int size = heard.size();
            List<String> second = new CopyOnWriteArrayList<>();
            try (Subscription witness = fake.subscribe(new ServerListener() {
                @Override
                public void roomChanged(RoomSummary room) {
                    second.add(room.roomId());
                }
            })) {
                String after = fake.createRoom("after");
                awaitHeard(second, list -> list.contains(after));
            }
            assertEquals(size, heard.size(), "one thread delivers in order: the closed listener would have heard it by now");
        }
    }

    private static void awaitHeard(List<String> heard, Predicate<List<String>> done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.test(heard) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(done.test(heard), heard.toString());
    }
}
