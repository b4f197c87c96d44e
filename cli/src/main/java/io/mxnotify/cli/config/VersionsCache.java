package io.mxnotify.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.client.SupportedVersions;
import io.mxnotify.core.io.OwnerOnlyFiles;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each home server's {@code GET /_matrix/client/versions} answer, kept for {@link #LIFETIME} in the state
 * directory ({@code $XDG_STATE_HOME/mxnotify/versions/}, one owner-only file per server, written
 * atomically), so that a run of {@code mxnotify send} shortly after another skips that request. The answer
 * only chooses the API prefix ({@code v3}, or {@code r0} for old servers); a cache that cannot be read is
 * ignored and one that cannot be written is not kept, so it never fails a command.
 */
public final class VersionsCache {
    /** How long an answer is used: servers change their versions only when upgraded. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);

    private final Path directory;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public VersionsCache(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** The answer stored for {@code homeserver} less than {@link #LIFETIME} ago, if any. */
    public Optional<SupportedVersions> read(URI homeserver) {
        try {
            JsonNode node = json.readTree(Files.readAllBytes(fileFor(homeserver)));
            long age = clock.millis() - node.path("fetched_at_ms").asLong(Long.MIN_VALUE / 2);
            if (!node.path("homeserver").asText("").equals(key(homeserver)) || age < 0 || age > LIFETIME.toMillis()
                    || !node.path("versions").isArray()) {
                return Optional.empty();
            }
            List<String> versions = new ArrayList<>();
            node.path("versions").forEach(v -> versions.add(v.asText()));
            Map<String, Boolean> features = new HashMap<>();
            node.path("unstable_features").properties().forEach(f -> features.put(f.getKey(), f.getValue().asBoolean()));
            return Optional.of(new SupportedVersions(versions, features));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or malformed: fetch again (and overwrite it)
        }
    }

    /** Stores {@code versions} as the answer of {@code homeserver} now; does nothing if it cannot. */
    public void write(URI homeserver, SupportedVersions versions) {
        ObjectNode node = json.createObjectNode();
        node.put("homeserver", key(homeserver));
        node.put("fetched_at_ms", clock.millis());
        versions.versions().forEach(node.putArray("versions")::add);
        ObjectNode features = node.putObject("unstable_features");
        versions.unstableFeatures().forEach(features::put);
        try {
            OwnerOnlyFiles.writeAtomically(fileFor(homeserver), json.writeValueAsBytes(node));
        } catch (IOException | RuntimeException e) {
            // not cached: the next run asks the server again
        }
    }

    /**
     * The server's file: its URL with every character but letters, digits, '.' and '-' made '_' (no digest:
     * that would load the security providers on the path every send takes). Two URLs that share a file
     * just take turns; the URL inside the file says whose answer it holds.
     */
    private Path fileFor(URI homeserver) {
        return directory.resolve(key(homeserver).replaceAll("[^A-Za-z0-9.-]", "_") + ".json");
    }

    private static String key(URI homeserver) {
        String text = homeserver.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }
}
