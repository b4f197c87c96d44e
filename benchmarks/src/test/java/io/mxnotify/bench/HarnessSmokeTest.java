package io.mxnotify.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that the harness is wired, not how fast anything is: JMH generated the benchmarks, both load
 * targets answer the request the load generator sends, and the report computes ratios to the floor.
 */
class HarnessSmokeTest {

    @Test
    void jmhAnnotationProcessingListsEveryBenchmark() throws IOException {
        try (InputStream list = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            String text = new String(list.readAllBytes(), StandardCharsets.UTF_8);
            for (String benchmark : new String[] {"durableEnqueue", "flushFullSpool", "rawPutLoop", "notifierSend"}) {
                assertTrue(text.contains(benchmark), benchmark + " missing from the JMH benchmark list");
            }
        }
    }

    @Test
    void fakeStoresWhatTheLoadGeneratorSends() throws IOException {
        try (FakeFixture fixture = FakeFixture.start(10);
             RawHttpConnection connection = new RawHttpConnection(fixture.target().baseUrl())) {
            SendTarget target = fixture.target();
            for (int i = 0; i < 12; i++) {
                RawHttpConnection.Answer answer = connection.request("PUT", target.sendPathPrefix() + "smoke" + i,
                        target.accessToken(), SendTarget.SMALL_EVENT);
                assertEquals(200, answer.status(), answer.body());
                assertTrue(answer.body().contains("\"event_id\":\"$"), answer.body());
            }
            assertEquals(10, fixture.fake().room("#alerts:localhost").summary().messageCount(), "retention cap 10");
        }
    }

    @Test
    void floorAnswersTheSameRequestWithConstantJson() throws IOException {
        try (FloorServer floor = FloorServer.start();
             RawHttpConnection connection = new RawHttpConnection(floor.target().baseUrl())) {
            SendTarget target = floor.target();
            RawHttpConnection.Answer first = connection.request("PUT", target.sendPathPrefix() + "a",
                    target.accessToken(), SendTarget.SMALL_EVENT);
            RawHttpConnection.Answer second = connection.request("PUT", target.sendPathPrefix() + "b",
                    target.accessToken(), SendTarget.SMALL_EVENT);
            assertEquals(200, first.status());
            assertEquals(first.body(), second.body());
        }
    }

    @Test
    void reportShowsRatioToTheFloor(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("meta.txt"), "date 2026-11-27 16:00 UTC\nnproc 2\n");
        Files.writeString(dir.resolve("results.txt"), "http.fake.c8.rps 600\nhttp.floor.c8.rps 1000\n"
                + "start.fake.1_ms 250\nstart.fake.1_ms 270\nstart.fake.1_ms 900\nstart.floor.1_ms 100\n");
        String table = new Report(dir).render();
        assertTrue(table.contains("| 8 | 600 | 1,000 | 0.60 |"), table);
        assertTrue(table.contains("| first start in a JVM | 270 ms | 100 ms | 2.70 |"), table);
    }
}
