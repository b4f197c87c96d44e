package io.mxnotify.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mxnotify.cli.CliException;
import io.mxnotify.cli.ExitStatus;

import io.mxnotify.core.auth.FileCredentialStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The configuration file on disk. Reads refuse a file that other users can read when it holds a secret;
 * writes are atomic (temporary file, fsync, rename) with mode 0600 in a 0700 directory, so a crash never
 * leaves a half-written file.
 */
public final class ConfigFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path path;
    private final FileCredentialStore credentials;

    public ConfigFile(Path path) {
        this.path = path;
        this.credentials = new FileCredentialStore(path);
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
        if ((config.accessToken() != null || config.refreshToken() != null) && SecretFile.othersCanRead(path)) {
            throw new CliException(ExitStatus.CONFIG, "the configuration file " + path
                    + " holds an access token but other users can read it; run 'chmod 600 " + path + "'");
        }
        return config;
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
            Path dir = path.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                setPermissions(dir, OWNER_ONLY_DIR);
            }
            Path temp = Files.createTempFile(dir, ".config-", ".tmp");
            try {
                setPermissions(temp, OWNER_ONLY);
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    channel.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(config)));
                    channel.force(true);
                }
                try {
                    Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(dir);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the configuration", e);
        } catch (IOException e) {
            throw new CliException(ExitStatus.IO, "cannot write the configuration file " + path + ": " + describe(e));
        }
    }

    private static void setPermissions(Path file, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(file, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // Non-POSIX file systems have no modes to set.
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for sync; the rename is still atomic.
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage();
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
