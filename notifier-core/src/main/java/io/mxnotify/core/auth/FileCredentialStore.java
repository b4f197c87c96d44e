package io.mxnotify.core.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link CredentialStore} in a JSON file that any number of processes share. Writes are atomic (temporary
 * file with mode 0600, fsync, rename, fsync of the directory), so a reader sees the old or the new
 * credentials, never half of them. {@link #locked} holds an OS lock on {@code <file>.lock}
 * ({@link FileChannel#lock()}, released by the OS if the process dies) and re-reads the file under it.
 * A file that other users can read is refused. The file looks like:
 *
 * <pre>{@code
 * {"homeserver": "https://matrix.example.org", "user_id": "@bot:example.org", "device_id": "NOTIFIER",
 *  "access_token": "...", "refresh_token": "...", "expires_at": "2026-11-27T17:00:00Z"}
 * }</pre>
 */
public final class FileCredentialStore implements CredentialStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    /** How long to wait for the lock before reporting that something holds it for too long. */
    private static final Duration LOCK_PATIENCE = Duration.ofMinutes(2);

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
                restrict(lockFile, OWNER_FILE);
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
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException e) {
                            throw new CredentialStoreException("cannot remove the credentials file " + file + ": "
                                    + describe(e), e);
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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CredentialStoreException("cannot read the credentials file " + file + ": " + describe(e), e);
        }
        if (othersCanRead(file)) {
            throw new CredentialStoreException("the credentials file " + file + " holds access tokens but other users"
                    + " can read it; run 'chmod 600 " + file + "'");
        }
        try {
            return Optional.of(parse(JSON.readTree(bytes)));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new CredentialStoreException("the credentials file " + file + " is damaged (" + firstLine(e)
                    + "); remove it and run 'mxnotify login' again", e);
        }
    }

    private static Credentials parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String homeserver = text(root, "homeserver")
                .orElseThrow(() -> new IllegalArgumentException("no 'homeserver'"));
        Secret token = text(root, "access_token").map(Secret::of)
                .orElseThrow(() -> new IllegalArgumentException("no 'access_token'"));
        return new Credentials(URI.create(homeserver), text(root, "user_id"), text(root, "device_id"), token,
                text(root, "refresh_token").map(Secret::of), text(root, "expires_at").map(Instant::parse));
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
        ObjectNode root = JSON.createObjectNode();
        root.put("homeserver", credentials.homeserver().toString());
        credentials.userId().ifPresent(u -> root.put("user_id", u));
        credentials.deviceId().ifPresent(d -> root.put("device_id", d));
        root.put("access_token", credentials.accessToken().reveal());
        credentials.refreshToken().ifPresent(r -> root.put("refresh_token", r.reveal()));
        credentials.expiresAt().ifPresent(e -> root.put("expires_at", e.toString()));
        try {
            createDirectory();
            Path dir = file.getParent();
            Path temp = Files.createTempFile(dir, "." + file.getFileName() + "-", ".tmp");
            try {
                restrict(temp, OWNER_FILE);
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            syncDirectory(dir);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise credentials", e);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot write the credentials file " + file + ": " + describe(e), e);
        }
    }

    private void createDirectory() {
        Path dir = file.getParent();
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            restrict(dir, OWNER_DIR);
        } catch (IOException e) {
            throw new CredentialStoreException("cannot create the directory " + dir + " for the credentials: "
                    + describe(e), e);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException notPosix) {
            // no modes on this file system
        }
    }

    private static boolean othersCanRead(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot sync a directory; the rename is atomic all the same
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + " (" + fs.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
