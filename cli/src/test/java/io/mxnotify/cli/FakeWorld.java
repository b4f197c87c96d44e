package io.mxnotify.cli;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import io.mxnotify.fakehs.RoomEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fake home server for a test class: a public room {@code #alerts}, an invite-only room
 * {@code #private}, shared-secret registration with {@link #SHARED_SECRET}, and fresh users on demand so
 * that tests which log in again or log out do not disturb each other.
 */
final class FakeWorld implements AutoCloseable {
    static final String SHARED_SECRET = "registration-s3cret";
    static final String ALERTS = "#alerts:localhost";
    static final String PRIVATE = "#private:localhost";

    private static final AtomicInteger USERS = new AtomicInteger();

    final FakeHomeserver server;

    FakeWorld() {
        server = FakeHomeserver.builder().registrationSharedSecret(SHARED_SECRET).room("alerts").start();
        server.createRoom("private", false);
    }

    String url() {
        return server.baseUrl();
    }

    /** A new user with a password, joined to {@code #alerts}. */
    FakeUser newUser() {
        FakeUser user = server.createUser("user" + USERS.incrementAndGet(), "pw-" + USERS.get());
        server.join(user.userId(), ALERTS);
        return user;
    }

    /** A runner with HOME in {@code home} and the homeserver, token and room of {@code user} in the environment. */
    CliRunner runnerFor(Path home, FakeUser user) {
        return new CliRunner(home).env("MXNOTIFY_HOMESERVER", url()).env("MXNOTIFY_ACCESS_TOKEN", user.accessToken())
                .env("MXNOTIFY_ROOM", ALERTS);
    }

    /** The bodies of the messages in a room, oldest first. */
    List<String> bodies(String room) {
        return server.room(room).events().stream().filter(e -> e.type().equals("m.room.message")).map(RoomEvent::body).toList();
    }

    /** Writes a secret file with the given mode, e.g. {@code rw-------}. */
    static Path secretFile(Path dir, String name, String content, String mode) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Override
    public void close() {
        server.close();
    }
}
