package io.mxnotify.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.cli.config.VersionsCache;
import io.mxnotify.core.client.SupportedVersions;
import io.mxnotify.fakehs.FakeUser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxnotify send} asks a server for its versions once in {@link VersionsCache#LIFETIME}, not on every run. */
class VersionsCacheTest {
    private static FakeWorld world;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        world = new FakeWorld();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private long versionsRequests() {
        return world.server.requests().stream().filter(r -> r.path().equals("/_matrix/client/versions")).count();
    }

    @Test
    void aSecondSendDoesNotAskForVersionsAgainAndTheCacheIsOwnerOnly() throws IOException {
        FakeUser user = world.newUser();
        CliRunner runner = world.runnerFor(home, user);
        long before = versionsRequests();
        assertEquals(0, runner.run("send", "first").exitCode());
        assertEquals(before + 1, versionsRequests());
        assertEquals(0, runner.run("send", "second").exitCode());
        assertEquals(0, runner.run("send", "third").exitCode());
        assertEquals(before + 1, versionsRequests(), "the later sends used the cached answer");
        assertEquals(List.of("first", "second", "third"), world.bodies(FakeWorld.ALERTS).subList(
                world.bodies(FakeWorld.ALERTS).size() - 3, world.bodies(FakeWorld.ALERTS).size()));
        try (Stream<Path> files = Files.list(home.resolve(".local/state/mxnotify/versions"))) {
            Path file = files.findFirst().orElseThrow();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void anAnswerIsUsedForItsLifetimeOnlyAndOnlyForItsServer() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        VersionsCache cache = new VersionsCache(home.resolve("versions"), clock);
        URI server = URI.create("http://127.0.0.1:8008");
        SupportedVersions versions = new SupportedVersions(List.of("r0.6.1", "v1.2"), Map.of("org.example", true));
        cache.write(server, versions);
        assertEquals(versions, cache.read(server).orElseThrow());
        assertTrue(cache.read(URI.create("http://127.0.0.1:8009")).isEmpty(), "another server");
        clock.now = clock.now.plus(VersionsCache.LIFETIME).plusSeconds(1);
        assertTrue(cache.read(server).isEmpty(), "expired");
        clock.now = Instant.parse("2025-12-31T00:00:00Z");
        assertTrue(cache.read(server).isEmpty(), "written in the future: the clock moved back");
    }

    @Test
    void aDamagedFileIsIgnoredAndReplaced() throws IOException {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Path dir = home.resolve("versions");
        VersionsCache cache = new VersionsCache(dir, clock);
        URI server = URI.create("https://matrix.example.org");
        cache.write(server, new SupportedVersions(List.of("v1.11"), Map.of()));
        try (Stream<Path> files = Files.list(dir)) {
            Files.writeString(files.findFirst().orElseThrow(), "{\"homeserver\": ");
        }
        assertTrue(cache.read(server).isEmpty());
        cache.write(server, new SupportedVersions(List.of("v1.11"), Map.of()));
        assertEquals(List.of("v1.11"), cache.read(server).orElseThrow().versions());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public long millis() {
            return now.toEpochMilli();
        }
    }
}
