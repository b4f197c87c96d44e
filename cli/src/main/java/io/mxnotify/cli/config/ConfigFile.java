package io.mxnotify.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mxnotify.cli.CliException;
import io.mxnotify.cli.ExitStatus;

import io.mxnotify.core.auth.FileCredentialStore;
import io.mxnotify.core.io.OwnerOnlyFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The configuration file on disk. Reads refuse a file that other users can read when it holds a secret;
 * writes are atomic (temporary file, fsync, rename) with mode 0600 in a 0700 directory, so a crash never
 * leaves a half-written file.
 */
public final class ConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The keys mxnotify reads and writes; any other is a typo or a setting from another version. */
    private static final java.util.Set<String> KNOWN_KEYS = java.util.Set.of("homeserver", "user_id", "device_id",
            "access_token", "refresh_token", "expires_at", "room", "password_file");

    private final Path path;
    private final FileCredentialStore credentials;
    private final java.util.function.Consumer<String> warnings;
    private final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();

    public ConfigFile(Path path) {
        this(path, warning -> { });
    }

    /** A configuration file whose unknown keys are reported (once) to {@code warnings}. */
    public ConfigFile(Path path, java.util.function.Consumer<String> warnings) {
        this.path = path;
        this.credentials = new FileCredentialStore(path);
        this.warnings = warnings;
    }

    /**
     * The session fields of this file ({@code homeserver}, {@code user_id}, {@code device_id},
     * {@code access_token}, {@code refresh_token}, {@code expires_at}) as the credential store that every
     * {@code mxnotify} process shares: renewals take its lock ({@code config.json.lock}) and re-read first.
     */
    public FileCredentialStore credentialStore() {
        return credentials;
    }

    /** Where this file lives. */
    public Path path() {
        return path;
    }

    /** The stored configuration, or an empty one when the file does not exist. */
    public StoredConfig read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException missing) {
            return StoredConfig.empty();
        } catch (IOException e) {
            throw new CliException(ExitStatus.CONFIG, "cannot read the configuration file " + path + ": " + e.getMessage());
        }
        StoredConfig config;
        try {
            config = JSON.readValue(bytes, StoredConfig.class);
        } catch (IOException e) {
            throw new CliException(ExitStatus.CONFIG, "the configuration file " + path + " is not valid JSON ("
                    + firstLine(e) + "); fix it or remove it and run 'mxnotify login' again");
        }
        if (config == null) {
            return StoredConfig.empty();
        }
        warnAboutUnknownKeys(bytes);
        if ((config.accessToken() != null || config.refreshToken() != null) && OwnerOnlyFiles.othersCanRead(path)) {
            throw new CliException(ExitStatus.CONFIG, "the configuration file " + path
                    + " holds an access token but other users can read it; run 'chmod 600 " + path + "'");
        }
        return config;
    }

    private void warnAboutUnknownKeys(byte[] bytes) {
        if (warned.get()) {
            return;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = JSON.readTree(bytes);
            java.util.List<String> unknown = new java.util.ArrayList<>();
            tree.fieldNames().forEachRemaining(name -> {
                if (!KNOWN_KEYS.contains(name)) {
                    unknown.add(name);
                }
            });
            if (!unknown.isEmpty() && warned.compareAndSet(false, true)) {
                warnings.accept("warning: the configuration file " + path + " has " + (unknown.size() == 1 ? "a key" : "keys")
                        + " mxnotify does not know, ignored: " + String.join(", ", unknown) + " (known: "
                        + String.join(", ", new java.util.TreeSet<>(KNOWN_KEYS)) + ")");
            }
        } catch (IOException e) {
            // already parsed once above: cannot happen
        }
    }

    /**
     * Reads, changes and writes back the configuration (e.g. a new token after a login), holding the
     * credential store's lock so that a token renewed by another process meanwhile is not overwritten.
     * Every write is atomic, so a reader never sees half a file. Not to be called while holding that lock.
     */
    public StoredConfig update(java.util.function.UnaryOperator<StoredConfig> change) {
        return credentials.locked(held -> {
            StoredConfig updated = change.apply(read());
            write(updated);
            return updated;
        });
    }

    /** Writes {@code config} atomically with mode 0600. */
    public void write(StoredConfig config) {
        try {
            OwnerOnlyFiles.writeAtomically(path, JSON.writeValueAsBytes(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the configuration", e);
        } catch (IOException e) {
            throw new CliException(ExitStatus.IO, "cannot write the configuration file " + path + ": "
                    + OwnerOnlyFiles.describe(e));
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
