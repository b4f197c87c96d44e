package io.mxnotify.core.spool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.core.spool.internal.DiskSpoolFileSystem;
import io.mxnotify.core.spool.internal.SpoolEntryCodec;
import io.mxnotify.core.spool.internal.SpoolEntryCodec.CorruptEntryException;
import io.mxnotify.core.spool.internal.SpoolFileSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue: a directory holding one JSON file per notification, written the way mail spools
 * are (temporary file, fsync, atomic rename, fsync of the directory), so that {@link #enqueue} returns
 * only once the notification survives a crash or power loss.
 *
 * <pre>
 * spool/
 *   0001764256464000000-Gx3...json   waiting notifications; the name's sequence gives the FIFO order
 *   tmp/                             files being written (never read as notifications)
 *   dead/                            given up, with the reason; {@link #requeue} takes them back
 *   quarantine/                      corrupt or foreign files, moved aside with a .reason note
 *   e2ee/                            encryption state and waiting notifications' ciphertexts (0600 files)
 *   .seq  .flush.lock                sequence counter and flusher lock (OS file locks)
 * </pre>
 *
 * Any number of processes may enqueue at once. Only the holder of the {@link FlusherLock} may change or
 * remove waiting entries. Use one {@code Spool} object per directory in a process and share it between
 * threads (it is thread-safe): file locks belong to the process, so a second object on the same
 * directory could release the first one's locks when closed.
 */
public final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    static final String TMP = "tmp";
    static final String DEAD = "dead";
    static final String QUARANTINE = "quarantine";
    static final String SEQ_FILE = ".seq";
    static final String LOCK_FILE = ".flush.lock";
    /** End-to-end encryption's state and the ciphertexts of waiting notifications (kept by the flusher). */
    static final String E2EE = "e2ee";
    private static final Set<String> OWN_NAMES = Set.of(TMP, DEAD, QUARANTINE, SEQ_FILE, LOCK_FILE, E2EE);
    /** A temporary file this old was left by a process that died while writing it. */
    private static final long STALE_TMP_MILLIS = 3_600_000;

    private final Path dir;
    private final Path tmpDir;
    private final Path deadDir;
    private final Path quarantineDir;
    private final SpoolFileSystem fs;
    private final Clock clock;
    private final RandomGenerator random;
    private final SpoolEntryCodec codec = new SpoolEntryCodec();
    private final FileChannel seqChannel;
    private final FileChannel lockChannel;
    private final Object seqGuard = new Object();
    private final AtomicBoolean flusherHeldHere = new AtomicBoolean();

    private Spool(Path dir, SpoolFileSystem fs, Clock clock, RandomGenerator random) throws IOException {
        this.dir = dir;
        this.tmpDir = dir.resolve(TMP);
        this.deadDir = dir.resolve(DEAD);
        this.quarantineDir = dir.resolve(QUARANTINE);
        this.fs = fs;
        this.clock = clock;
        this.random = random;
        for (Path d : List.of(dir, tmpDir, deadDir, quarantineDir)) {
            fs.createDirectories(d);
        }
        this.seqChannel = fs.openLockFile(dir.resolve(SEQ_FILE));
        try {
            this.lockChannel = fs.openLockFile(dir.resolve(LOCK_FILE));
        } catch (IOException e) {
            seqChannel.close();
            throw e;
        }
    }

    /**
     * Opens (creating it owner-only if needed) the spool in {@code dir}.
     *
     * @throws SpoolException when the directory cannot be created or opened
     */
    public static Spool open(Path dir) {
        return open(dir, new DiskSpoolFileSystem(), Clock.systemUTC(), new SecureRandom());
    }

    /**
     * Opens the spool with explicit collaborators: tests pass a file system that fails or "crashes" at
     * chosen steps, a fixed clock, and a seeded random source for transaction ids.
     */
    public static Spool open(Path dir, SpoolFileSystem fs, Clock clock, RandomGenerator random) {
        Objects.requireNonNull(dir, "dir");
        try {
            return new Spool(dir.toAbsolutePath().normalize(), Objects.requireNonNull(fs, "fs"),
                    Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(random, "random"));
        } catch (IOException e) {
            throw new SpoolException("open the spool directory", dir, e);
        }
    }

    /** The spool directory. */
    public Path directory() {
        return dir;
    }

    /** The directory of given-up notifications. */
    public Path deadDirectory() {
        return deadDir;
    }

    /**
     * The directory where the holder of the flusher lock keeps end-to-end encryption's state (device keys,
     * outbound sessions) and each waiting notification's ciphertext (created when first needed, mode 0700).
     */
    public Path encryptionDirectory() {
        return encryptionDirectoryOf(dir);
    }

    /** {@link #encryptionDirectory()} of the spool in {@code spoolDirectory}, without opening it. */
    public static Path encryptionDirectoryOf(Path spoolDirectory) {
        return spoolDirectory.resolve(E2EE);
    }

    /** The directory corrupt and foreign files are moved to. */
    public Path quarantineDirectory() {
        return quarantineDir;
    }

    /**
     * Stores a notification durably and returns it with its id and transaction id. When this returns,
     * the notification is on disk (file and directory entry fsynced); when it throws, it may or may not
     * have been stored, exactly as with any write interrupted by a crash.
     *
     * @param room    room id or alias, as given by the sender
     * @param content the rendered {@code m.room.message} event content
     * @throws SpoolException when the file cannot be written
     */
    public SpoolEntry enqueue(String room, ObjectNode content) {
        Instant now = clock.instant();
        SpoolId id = new SpoolId(nextSequence(now), newTxnId());
        SpoolEntry entry = new SpoolEntry(id, room, id.txnId(), content, now, null, 0, now, null, null);
        Path target = dir.resolve(id.fileName());
        writeAtomically(entry, target, "write the notification to");
        try {
            fs.syncDirectory(dir);
        } catch (IOException e) {
            throw new SpoolException("sync the directory", dir, e);
        }
        return entry;
    }

    /**
     * Reads every waiting notification, oldest first. Corrupt and foreign files are moved to
     * {@code quarantine/} and reported; an entry found marked dead (left by a crash while it was being
     * given up) is moved on to {@code dead/}; stale temporary files are removed.
     */
    public SpoolScan scan() {
        return scan(true);
    }

    /**
     * Reads every waiting notification like {@link #scan()} but changes nothing, for looking only
     * ({@code queue list}): an unusable file is reported where it lies ({@link QuarantinedFile#movedTo()}
     * is its path in the spool), to be moved to {@code quarantine/} by the next flush.
     */
    public SpoolScan inspect() {
        return scan(false);
    }

    /** The files in {@code quarantine/}, by name, each with the reason noted when it was moved there. */
    public List<QuarantinedFile> quarantined() {
        List<QuarantinedFile> out = new ArrayList<>();
        List<String> names;
        try {
            names = new ArrayList<>(fs.list(quarantineDir));
        } catch (NoSuchFileException none) {
            return out;
        } catch (IOException e) {
            throw new SpoolException("list", quarantineDir, e);
        }
        java.util.Collections.sort(names);
        for (String name : names) {
            if (name.endsWith(".reason")) {
                continue;
            }
            String reason = "no reason noted";
            if (names.contains(name + ".reason")) {
                try {
                    reason = new String(fs.read(quarantineDir.resolve(name + ".reason")),
                            java.nio.charset.StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    reason = "its reason note is unreadable: " + e;
                }
            }
            out.add(new QuarantinedFile(name, quarantineDir.resolve(name), reason));
        }
        return out;
    }

    private SpoolScan scan(boolean change) {
        List<String> names = listOrFail(dir);
        List<SpoolEntry> entries = new ArrayList<>();
        List<QuarantinedFile> quarantined = new ArrayList<>();
        for (String name : names) {
            if (OWN_NAMES.contains(name)) {
                continue;
            }
            SpoolId id = SpoolId.fromFileName(name);
            if (id == null || fs.isDirectory(dir.resolve(name))) {
                setAside(change, name, "not a spool file: its name is not <19-digit sequence>-<txnId>.json")
                        .ifPresent(quarantined::add);
                continue;
            }
            byte[] bytes;
            try {
                bytes = fs.read(dir.resolve(name));
            } catch (NoSuchFileException gone) {
                continue; // delivered or given up meanwhile
            } catch (IOException e) {
                setAside(change, name, "unreadable: " + e).ifPresent(quarantined::add);
                continue;
            }
            try {
                SpoolEntry entry = codec.decode(id, bytes);
                if (entry.deadReason() != null) {
                    if (change) {
                        finishBurial(entry);
                    }
                } else {
                    entries.add(entry);
                }
            } catch (CorruptEntryException e) {
                setAside(change, name, e.getMessage()).ifPresent(quarantined::add);
            }
        }
        if (change) {
            removeStaleTemporaries();
        }
        entries.sort((a, b) -> a.id().compareTo(b.id()));
        return new SpoolScan(entries, quarantined);
    }

    /** The names of the files waiting in the spool, a cheap check for newly enqueued notifications. */
    public Set<String> waitingNames() {
        Set<String> names = new TreeSet<>();
        for (String name : listOrFail(dir)) {
            if (SpoolId.fromFileName(name) != null) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Writes a changed version of a waiting entry (attempts, next attempt time, last error). The caller
     * must hold the {@link FlusherLock}: only the flusher changes or removes waiting entries.
     */
    public void update(SpoolEntry entry) {
        Path target = dir.resolve(entry.id().fileName());
        writeAtomically(entry, target, "update the notification in");
    }

    /**
     * Removes a delivered entry. The caller must hold the {@link FlusherLock}. The removal survives a
     * crash of the process at once, and a power loss after the next {@link #sync()}; an entry that a
     * power loss brings back is sent again with the same txnId, which the server deduplicates.
     */
    public void remove(SpoolEntry entry) {
        Path file = dir.resolve(entry.id().fileName());
        try {
            fs.deleteIfExists(file);
        } catch (IOException e) {
            throw new SpoolException("delete the delivered notification", file, e);
        }
    }

    /** Makes earlier {@link #remove} calls durable (fsyncs the spool directory). */
    public void sync() {
        try {
            fs.syncDirectory(dir);
        } catch (IOException e) {
            throw new SpoolException("sync the directory", dir, e);
        }
    }

    /**
     * Gives up on an entry: records the reason, then moves it to {@code dead/}. The caller must hold the
     * {@link FlusherLock}. Returns the entry as stored in {@code dead/}.
     */
    public SpoolEntry bury(SpoolEntry entry, String reason) {
        SpoolEntry dead = entry.withDeadReason(reason);
        // First the reason, in place: a crash after this step leaves an entry that scan() finishes burying.
        update(dead);
        finishBurial(dead);
        return dead;
    }

    /** Every given-up notification in {@code dead/}, oldest first. Unreadable files there are quarantined. */
    public List<SpoolEntry> dead() {
        List<SpoolEntry> entries = new ArrayList<>();
        for (String name : listOrFail(deadDir)) {
            SpoolId id = SpoolId.fromFileName(name);
            if (id == null) {
                quarantine(deadDir, name, "not a spool file").ifPresent(q -> LOG.warn("{}", describe(q)));
                continue;
            }
            try {
                SpoolEntry entry = codec.decode(id, fs.read(deadDir.resolve(name)));
                if (entry.deadReason() == null) {
                    finishRequeue(entry);
                } else {
                    entries.add(entry);
                }
            } catch (NoSuchFileException gone) {
                // re-queued meanwhile
            } catch (IOException | CorruptEntryException e) {
                quarantine(deadDir, name, e.getMessage()).ifPresent(q -> LOG.warn("{}", describe(q)));
            }
        }
        entries.sort((a, b) -> a.id().compareTo(b.id()));
        return entries;
    }

    /**
     * Takes a notification back from {@code dead/} into the queue, with its attempts reset and the age
     * limit counted from now. It keeps its id, so it goes to the front of its room's queue.
     *
     * @return false when no dead notification has that id
     */
    public boolean requeue(SpoolId id) {
        Path file = deadDir.resolve(id.fileName());
        SpoolEntry entry;
        try {
            entry = codec.decode(id, fs.read(file));
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new SpoolException("read the dead notification", file, e);
        } catch (CorruptEntryException e) {
            quarantine(deadDir, id.fileName(), e.getMessage()).ifPresent(q -> LOG.warn("{}", describe(q)));
            return false;
        }
        SpoolEntry requeued = entry.requeued(clock.instant());
        // First clear the reason in place: a crash after this step leaves an entry that dead() finishes moving.
        writeAtomically(requeued, file, "update the dead notification in");
        finishRequeue(requeued);
        return true;
    }

    /**
     * Deletes a given-up notification from {@code dead/} for good (a user purging what will never be
     * wanted again).
     *
     * @return false when no dead notification has that id
     */
    public boolean discardDead(SpoolId id) {
        Path file = deadDir.resolve(id.fileName());
        try {
            if (!fs.deleteIfExists(file)) {
                return false;
            }
            fs.syncDirectory(deadDir);
            return true;
        } catch (IOException e) {
            throw new SpoolException("delete the dead notification", file, e);
        }
    }

    /** Re-queues every notification in {@code dead/}; returns how many. */
    public int requeueAll() {
        int count = 0;
        for (SpoolEntry entry : dead()) {
            if (requeue(entry.id())) {
                count++;
            }
        }
        return count;
    }

    /**
     * Becomes the flusher if no other process or thread is: the caller then alone delivers, updates and
     * removes waiting entries until it closes the lock.
     */
    public Optional<FlusherLock> tryLockFlusher() {
        if (!flusherHeldHere.compareAndSet(false, true)) {
            return Optional.empty();
        }
        FileLock lock = null;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            LOG.warn("another Spool object in this process holds the flusher lock of {}; use one per directory",
                    dir);
        } catch (IOException e) {
            flusherHeldHere.set(false);
            throw new SpoolException("lock", dir.resolve(LOCK_FILE), e);
        }
        if (lock == null) {
            flusherHeldHere.set(false);
            return Optional.empty();
        }
        return Optional.of(new FlusherLock(lock, () -> flusherHeldHere.set(false)));
    }

    /** Releases the file handles (and with them any locks). */
    @Override
    public void close() {
        for (FileChannel channel : List.of(seqChannel, lockChannel)) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing a lock file of {} failed: {}", dir, e.toString());
            }
        }
    }

    private long nextSequence(Instant now) {
        long floor = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        synchronized (seqGuard) {
            try (FileLock ignored = seqChannel.lock()) {
                ByteBuffer buffer = ByteBuffer.allocate(32);
                seqChannel.read(buffer, 0);
                String stored = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
                long last = parseOrZero(stored);
                long next = Math.max(last + 1, floor);
                byte[] text = String.format("%019d\n", next).getBytes(StandardCharsets.US_ASCII);
                seqChannel.write(ByteBuffer.wrap(text), 0);
                seqChannel.truncate(text.length);
                return next;
            } catch (IOException e) {
                throw new SpoolException("allocate a sequence number in", dir.resolve(SEQ_FILE), e);
            }
        }
    }

    private static long parseOrZero(String stored) {
        try {
            return stored.isEmpty() ? 0 : Long.parseLong(stored);
        } catch (NumberFormatException e) {
            return 0; // the clock floor still keeps the order
        }
    }

    private String newTxnId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "mxn" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void writeAtomically(SpoolEntry entry, Path target, String what) {
        Path tmp = tmpDir.resolve(clock.millis() + "-" + newTxnId() + ".tmp");
        try {
            fs.writeDurably(tmp, codec.encode(entry));
            fs.moveAtomically(tmp, target);
        } catch (IOException e) {
            try {
                fs.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stale temporary file is removed by a later scan
            }
            throw new SpoolException(what, target, e);
        }
    }

    private void finishBurial(SpoolEntry dead) {
        Path from = dir.resolve(dead.id().fileName());
        try {
            fs.moveAtomically(from, deadDir.resolve(dead.id().fileName()));
            fs.syncDirectory(deadDir);
            fs.syncDirectory(dir);
        } catch (NoSuchFileException alreadyMoved) {
            // done by another scan
        } catch (IOException e) {
            throw new SpoolException("move the given-up notification to", deadDir, e);
        }
    }

    private void finishRequeue(SpoolEntry entry) {
        Path from = deadDir.resolve(entry.id().fileName());
        try {
            fs.moveAtomically(from, dir.resolve(entry.id().fileName()));
            fs.syncDirectory(dir);
            fs.syncDirectory(deadDir);
        } catch (NoSuchFileException alreadyMoved) {
            // done by another caller
        } catch (IOException e) {
            throw new SpoolException("move the re-queued notification back to", dir, e);
        }
    }

    /** Quarantines an unusable file, or (looking only) reports it where it lies. */
    private Optional<QuarantinedFile> setAside(boolean change, String name, String reason) {
        return change ? quarantine(dir, name, reason) : Optional.of(new QuarantinedFile(name, dir.resolve(name), reason));
    }

    private Optional<QuarantinedFile> quarantine(Path from, String name, String reason) {
        String target = name;
        try {
            Set<String> existing = Set.copyOf(fs.list(quarantineDir));
            for (int n = 1; existing.contains(target) || existing.contains(target + ".reason"); n++) {
                target = name + "." + n;
            }
            Path movedTo = quarantineDir.resolve(target);
            fs.moveAtomically(from.resolve(name), movedTo);
            fs.syncDirectory(from);
            Path note = quarantineDir.resolve(target + ".reason");
            Path noteTmp = tmpDir.resolve(clock.millis() + "-" + newTxnId() + ".tmp");
            fs.writeDurably(noteTmp, SpoolEntryCodec.reasonNote(name, reason));
            fs.moveAtomically(noteTmp, note);
            fs.syncDirectory(quarantineDir);
            QuarantinedFile result = new QuarantinedFile(name, movedTo, reason);
            LOG.warn("{}", describe(result));
            return Optional.of(result);
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot move unusable spool file {} aside ({}): {}", from.resolve(name), reason, e.toString());
            return Optional.empty();
        }
    }

    private static String describe(QuarantinedFile q) {
        return "moved unusable spool file " + q.originalName() + " to " + q.movedTo() + ": " + q.reason();
    }

    private void removeStaleTemporaries() {
        long now = clock.millis();
        List<String> names;
        try {
            names = fs.list(tmpDir);
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", tmpDir, e.toString());
            return;
        }
        for (String name : names) {
            int dash = name.indexOf('-');
            long created;
            try {
                created = dash > 0 ? Long.parseLong(name.substring(0, dash)) : 0;
            } catch (NumberFormatException e) {
                created = 0;
            }
            if (now - created > STALE_TMP_MILLIS) {
                try {
                    fs.deleteIfExists(tmpDir.resolve(name));
                } catch (IOException e) {
                    LOG.debug("cannot remove stale {}: {}", name, e.toString());
                }
            }
        }
    }

    private List<String> listOrFail(Path directory) {
        try {
            List<String> names = new ArrayList<>(fs.list(directory));
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw new SpoolException("list", directory, e);
        }
    }
}
