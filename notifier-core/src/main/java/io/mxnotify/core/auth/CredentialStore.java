package io.mxnotify.core.auth;

import java.util.Optional;

/**
 * Where the {@link Credentials} of an account live, shared by every process and thread that sends as
 * that account. Refresh tokens are single-use, so renewing a token happens inside {@link #locked}: take
 * the lock, re-read (another process may have renewed already), renew only if still needed, save, release.
 */
public interface CredentialStore {

    /** The stored credentials, if any (a plain read, without the lock). */
    Optional<Credentials> load();

    /**
     * Runs {@code action} holding the store's exclusive lock (against other threads and other processes),
     * with the credentials as stored right now; what the action saves is durable before it returns.
     */
    <T> T locked(LockedAction<T> action);

    /** Saves credentials under the lock (e.g. after {@code mxnotify login}). */
    default void save(Credentials credentials) {
        locked(held -> {
            held.save(credentials);
            return null;
        });
    }

    /** Forgets the stored credentials (after a logout). */
    default void clear() {
        locked(held -> {
            held.clear();
            return null;
        });
    }

    /** What an action sees while it holds the lock. */
    interface Held {
        /** The credentials as stored now (re-read after taking the lock). */
        Optional<Credentials> current();

        /** Replaces the stored credentials, durably. */
        void save(Credentials credentials);

        /** Removes the stored credentials. */
        void clear();
    }

    /** Work done while holding the lock. */
    @FunctionalInterface
    interface LockedAction<T> {
        T run(Held held);
    }

    /** A store in memory only, for one process (an access token given on the command line or in the environment). */
    static CredentialStore inMemory(Credentials initial) {
        return new InMemoryCredentialStore(initial);
    }
}
