package io.mxnotify.core.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import io.mxnotify.core.io.OwnerOnlyFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link CredentialStore} in a JSON file that any number of processes share. Writes are atomic (temporary
 * file with mode 0600, fsync, rename, fsync of the directory), so a reader sees the old or the new
 * credentials, never half of them. {@link #locked} holds an OS lock on {@code <file>.lock}
 * ({@link FileChannel#lock()}, released by the OS if the process dies) and re-reads the file under it.
 * A file holding a token that other users can read is refused. The credentials are these fields of a JSON
 * object; other fields (such as a program's settings) are kept as they are on every write, so the store
 * can live in a configuration file:
 *
 * <pre>{@code
 * {"homeserver": "https://matrix.example.org", "user_id": "@bot:example.org", "device_id": "NOTIFIER",
 *  "access_token": "...", "refresh_token": "...", "expires_at": 1796230800000}
 * }</pre>
 *
 * {@code expires_at} is in epoch milliseconds (an ISO-8601 instant is read too). A file without
 * {@code homeserver} and {@code access_token} holds no credentials. Whoever else writes the file must
 * hold the lock too ({@link #locked}), or a token renewed meanwhile could be overwritten.
 */
public final class FileCredentialStore implements CredentialStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** How long to wait for the lock before reporting that something holds it for too long. */
    private static final Duration LOCK_PATIENCE = Duration.ofMinutes(2);

    private static final String HOMESERVER = "homeserver";
    private static final String USER_ID = "user_id";
    private static final String DEVICE_ID = "device_id";
    private static final String ACCESS_TOKEN = "access_token";
    private static final String REFRESH_TOKEN = "refresh_token";
    private static final String EXPIRES_AT = "expires_at";

    private final Path file;
    private final Path lockFile;
    private final ReentrantLock threads = new ReentrantLock();

    /** A store in {@code file} (created, with its directory, on the first save). */
    public FileCredentialStore(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    }

    /** The credentials file. */
    public Path file() {
        return file;
    }

    @Override
    public Optional<Credentials> load() {
        return read();
    }

    @Override
    public <T> T locked(LockedAction<T> action) {
        threads.lock();
        try {
            createDirectory();
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = acquire(channel)) {
                OwnerOnlyFiles.restrict(lockFile);
                return action.run(new Held() {
                    @Override
                    public Optional<Credentials> current() {
                        return read();
                    }

                    @Override
                    public void save(Credentials credentials) {
                        write(credentials);
                    }

                    @Override
                    public void clear() {
                        ObjectNode root = readObject();
                        if (root != null) {
                            root.remove(List.of(ACCESS_TOKEN, REFRESH_TOKEN, EXPIRES_AT));
                            writeObject(root);
                        }
                    }
                });
            }
        } catch (IOException e) {
            throw new CredentialStoreException("cannot lock the credentials file " + lockFile + ": " + describe(e)
                    + " (check that its directory is writable by this user)", e);
        } finally {
            threads.unlock();
        }
    }

    /** The OS lock; another store object of this process on the same file is waited for by polling. */
    private FileLock acquire(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + LOCK_PATIENCE.toNanos();
        long pause = 1;
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException sameProcess) {
                if (System.nanoTime() > deadline) {
                    throw new CredentialStoreException("the credentials file " + file + " stayed locked by this "
                            + "process for more than " + LOCK_PATIENCE.toMinutes() + " minutes", sameProcess);
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CredentialStoreException("interrupted while waiting for the lock on " + file, e);
                }
                pause = Math.min(pause * 2, 50);
            }
        }
    }

    private Optional<Credentials> read() {
        ObjectNode root = readObject();
        if (root == null) {
            return Optional.empty();
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw damaged(e);
        }
    }

    /** The file's JSON object, or null when there is no file. */
    private ObjectNode readObject() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            return null;
        } catch (IOException e) {
            throw new CredentialStoreException("cannot read the credentials file " + file + ": " + describe(e), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw damaged(e);
        }
        if (root == null || root.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!root.isObject()) {
            throw damaged(new IllegalArgumentException("not a JSON object"));
        }
        if ((root.hasNonNull(ACCESS_TOKEN) || root.hasNonNull(REFRESH_TOKEN)) && OwnerOnlyFiles.othersCanRead(file)) {
            throw new CredentialStoreException("the file " + file + " holds an access token but other users"
                    + " can read it; run 'chmod 600 " + file + "'");
        }
        return (ObjectNode) root;
    }

    private CredentialStoreException damaged(Exception e) {
        return new CredentialStoreException("the credentials file " + file + " is damaged (" + firstLine(e)
                + "); fix it, or remove it and run 'mxnotify login' again", e);
    }

    private static Optional<Credentials> parse(JsonNode root) {
        Optional<String> homeserver = text(root, HOMESERVER);
        Optional<Secret> token = text(root, ACCESS_TOKEN).map(Secret::of);
        if (homeserver.isEmpty() || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(URI.create(homeserver.get()), text(root, USER_ID), text(root, DEVICE_ID),
                token.get(), text(root, REFRESH_TOKEN).map(Secret::of), instant(root)));
    }

    private static Optional<Instant> instant(JsonNode root) {
        JsonNode value = root.get(EXPIRES_AT);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Optional.of(Instant.ofEpochMilli(value.asLong()));
        }
        if (value.isTextual()) {
            return Optional.of(Instant.parse(value.asText()));
        }
        throw new IllegalArgumentException("'" + EXPIRES_AT + "' is neither epoch milliseconds nor an ISO-8601 instant");
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return Optional.of(value.asText()).filter(s -> !s.isEmpty());
    }

    private void write(Credentials credentials) {
        ObjectNode root = readObject();
        if (root == null) {
            root = JSON.createObjectNode();
        }
        root.remove(List.of(HOMESERVER, USER_ID, DEVICE_ID, ACCESS_TOKEN, REFRESH_TOKEN, EXPIRES_AT));
        root.put(HOMESERVER, credentials.homeserver().toString());
        ObjectNode out = root;
        credentials.userId().ifPresent(u -> out.put(USER_ID, u));
        credentials.deviceId().ifPresent(d -> out.put(DEVICE_ID, d));
        out.put(ACCESS_TOKEN, credentials.accessToken().reveal());
        credentials.refreshToken().ifPresent(r -> out.put(REFRESH_TOKEN, r.reveal()));
        credentials.expiresAt().ifPresent(e -> out.put(EXPIRES_AT, e.toEpochMilli()));
        writeObject(out);
    }

    private void writeObject(ObjectNode root) {
        try {
            OwnerOnlyFiles.writeAtomically(file, JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise credentials", e);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot write the credentials file " + file + ": " + describe(e), e);
        }
    }

    private void createDirectory() {
        Path dir = file.getParent();
        try {
            OwnerOnlyFiles.createDirectories(dir);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot create the directory " + dir + " for the credentials: "
                    + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return OwnerOnlyFiles.describe(e);
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public String toString() {
        return "FileCredentialStore[" + file + "]";
    }
}
