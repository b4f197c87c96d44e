package io.mxnotify.core.auth;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** {@link CredentialStore} kept in memory: shared by the threads of one process, gone when it ends. */
final class InMemoryCredentialStore implements CredentialStore {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Credentials credentials;

    InMemoryCredentialStore(Credentials initial) {
        this.credentials = initial;
    }

    @Override
    public Optional<Credentials> load() {
        return Optional.ofNullable(credentials);
    }

    @Override
    public <T> T locked(LockedAction<T> action) {
        lock.lock();
        try {
            return action.run(new Held() {
                @Override
                public Optional<Credentials> current() {
                    return Optional.ofNullable(credentials);
                }

                @Override
                public void save(Credentials next) {
                    credentials = java.util.Objects.requireNonNull(next, "credentials");
                }

                @Override
                public void clear() {
                    credentials = null;
                }
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "CredentialStore[in memory]";
    }
}
