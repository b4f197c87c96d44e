package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller's regex never hangs the fake: a catastrophically backtracking {@code ?path=} filter or fault
 * rule path is cut off (400 for the filter; no match for the rule) and every other request keeps being
 * answered meanwhile. Before the budget, the journal filter ran under the journal's lock and stalled the
 * whole server for minutes.
 */
class RegexBudgetTest {
    /**
     * The bomb: on a run of n a's without a b it tries about n^20 ways (the JDK's memo defuses
     * {@code (a+)+b}, not this).
     */
    private static final String BOMB = "(a*)*".repeat(20) + "b";
    private static final String VICTIM_PATH = "/" + "a".repeat(40);

    private FakeHomeserver fake;
    private ExecutorService pool;

    @BeforeEach
    void start() {
        fake = FakeHomeserver.builder().start();
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        fake.close();
    }

    @Test
    void aBacktrackingJournalFilterIsRefusedAndTheServerKeepsAnswering() throws Exception {
        try (RawClient client = new RawClient(fake)) {
            assertEquals(404, client.get(VICTIM_PATH).status());
        }
        List<Future<RawClient.Answer>> bombs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bombs.add(pool.submit(() -> {
                try (RawClient client = new RawClient(fake)) {
                    return client.get("/_fake/v1/requests?path=" + URLEncoder.encode(BOMB, StandardCharsets.UTF_8));
                }
            }));
        }
        assertOthersAreAnswered();
        for (Future<RawClient.Answer> bomb : bombs) {
            RawClient.Answer answer = bomb.get(60, TimeUnit.SECONDS);
            assertEquals(400, answer.status(), answer::toString);
            assertEquals("M_INVALID_PARAM", answer.errcode(), answer::toString);
            assertTrue(answer.text().contains("backtrack"), answer::toString);
        }
    }

    @Test
    void aSaneJournalFilterStillFilters() throws Exception {
        try (RawClient client = new RawClient(fake)) {
            client.get(VICTIM_PATH);
            client.get("/_matrix/client/versions");
            RawClient.Answer answer = client.get("/_fake/v1/requests?path=" + URLEncoder.encode("^/a+$", StandardCharsets.UTF_8));
            assertEquals(200, answer.status(), answer::toString);
            assertEquals(1, answer.json().get("requests").size(), answer::toString);
        }
    }

    @Test
    void aBacktrackingFaultRulePathDoesNotStallRequests() throws Exception {
        fake.addFault(FaultRule.builder().path(BOMB).respond(503, "M_UNKNOWN").build());
        Future<RawClient.Answer> victim = pool.submit(() -> {
            try (RawClient client = new RawClient(fake)) {
                return client.get(VICTIM_PATH);
            }
        });
        assertOthersAreAnswered();
        RawClient.Answer answer = victim.get(60, TimeUnit.SECONDS);
        assertEquals(404, answer.status(), answer::toString); // the rule gave up, so it did not fire
        assertEquals("M_UNRECOGNIZED", answer.errcode(), answer::toString);
    }

    private void assertOthersAreAnswered() throws Exception {
        Future<Integer> others = pool.submit(() -> {
            try (RawClient client = new RawClient(fake)) {
                for (int i = 0; i < 20; i++) {
                    assertEquals(200, client.get("/_matrix/client/versions").status());
                    assertEquals(200, client.get("/_fake/v1/health").status());
                }
                return 200;
            }
        });
        assertEquals(200, others.get(60, TimeUnit.SECONDS));
    }
}
