package io.mxnotify.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.core.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialStoreTest {
    private static final URI SERVER = URI.create("http://127.0.0.1:8008");

    @TempDir
    Path dir;

    private static Credentials credentials(String token, String refresh) {
        return new Credentials(SERVER, Optional.of("@bot:localhost"), Optional.of("NOTIFIER"), Secret.of(token),
                Optional.ofNullable(refresh).map(Secret::of), Optional.of(Instant.parse("2026-11-27T17:00:00Z")));
    }

    @Test
    void savesAtomicallyOwnerOnlyAndReadsBack() throws Exception {
        FileCredentialStore store = new FileCredentialStore(dir.resolve("sub/credentials.json"));
        assertEquals(Optional.empty(), store.load());
        store.save(credentials("syt_secret_one", "syr_secret_two"));
        Credentials loaded = store.load().orElseThrow();
        assertEquals(Secret.of("syt_secret_one"), loaded.accessToken());
        assertEquals(Optional.of(Secret.of("syr_secret_two")), loaded.refreshToken());
        assertEquals(Optional.of("NOTIFIER"), loaded.deviceId());
        assertEquals(Optional.of(Instant.parse("2026-11-27T17:00:00Z")), loaded.expiresAt());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())));
        try (var files = Files.list(store.file().getParent())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        assertFalse(loaded.toString().contains("secret"), loaded.toString());
        assertFalse(store.toString().contains("secret"));
        store.clear();
        assertEquals(Optional.empty(), store.load());
    }

    @Test
    void refusesAFileOthersCanReadAndExplainsADamagedOne() throws Exception {
        FileCredentialStore store = new FileCredentialStore(dir.resolve("credentials.json"));
        store.save(credentials("syt_a", null));
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        CredentialStoreException open = assertThrows(CredentialStoreException.class, store::load);
        assertTrue(open.getMessage().contains("chmod 600"), open.getMessage());
        Files.writeString(store.file(), "{\"homeserver\": 1");
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-------"));
        CredentialStoreException damaged = assertThrows(CredentialStoreException.class, store::load);
        assertTrue(damaged.getMessage().contains("mxnotify login"), damaged.getMessage());
    }

    @Test
    void livesBesideOtherSettingsInOneFileAndKeepsThem() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"room\": \"#alerts:localhost\", \"password_file\": \"/pw\"}");
        FileCredentialStore store = new FileCredentialStore(file);
        assertEquals(Optional.empty(), store.load(), "settings alone are no credentials");
        store.save(credentials("syt_a", "syr_b"));
        String text = Files.readString(file);
        assertTrue(text.contains("\"room\"") && text.contains("\"password_file\""), text);
        assertTrue(text.contains("\"expires_at\" : " + Instant.parse("2026-11-27T17:00:00Z").toEpochMilli()), text);
        store.clear();
        String cleared = Files.readString(file);
        assertFalse(cleared.contains("syt_a") || cleared.contains("syr_b"), cleared);
        assertTrue(cleared.contains("\"device_id\"") && cleared.contains("\"room\""),
                "the device id stays for the next login: " + cleared);
        Files.writeString(file, "{\"homeserver\": \"http://h\", \"access_token\": \"t\","
                + " \"expires_at\": \"2026-11-27T17:00:00Z\"}");
        assertEquals(Optional.of(Instant.parse("2026-11-27T17:00:00Z")), store.load().orElseThrow().expiresAt());
    }

    @Test
    void lockedActionsOfManyStoreObjectsOnOneFileNeverInterleave() throws Exception {
        Path file = dir.resolve("credentials.json");
        new FileCredentialStore(file).save(credentials("syt_0", null));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        int increments = 40;
        for (int i = 0; i < increments; i++) {
            FileCredentialStore store = new FileCredentialStore(file); // like separate processes: one object each
            futures.add(pool.submit(() -> store.locked(held -> {
                int n = Integer.parseInt(held.current().orElseThrow().accessToken().reveal().substring(4));
                held.save(credentials("syt_" + (n + 1), null));
                return null;
            })));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(Secret.of("syt_" + increments), new FileCredentialStore(file).load().orElseThrow().accessToken(),
                "every read-modify-write under the lock saw the previous one's result");
    }
}
