package io.mxnotify.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one server for an external load generator (wrk, curl, the CLI) until the process is terminated:
 * {@code ServeForLoad fake|floor TARGET_FILE [RETENTION_CAP]}. Once listening, it writes the target as
 * shell variables ({@code BASE_URL}, {@code ACCESS_TOKEN}, {@code ROOM_ID}, {@code SEND_PATH}) to
 * TARGET_FILE, atomically, so the caller can wait for the file to appear.
 */
public final class ServeForLoad {
    private ServeForLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("fake") || args[0].equals("floor"))) {
            System.err.println("usage: ServeForLoad fake|floor TARGET_FILE [RETENTION_CAP]");
            System.exit(64);
        }
        Path targetFile = Path.of(args[1]).toAbsolutePath();
        int retentionCap = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        AutoCloseable server;
        SendTarget target;
        if (args[0].equals("fake")) {
            FakeFixture fixture = FakeFixture.start(retentionCap);
            server = fixture;
            target = fixture.target();
        } else {
            FloorServer floor = FloorServer.start();
            server = floor;
            target = floor.target();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("ServeForLoad: close failed: " + e);
            }
        }));
        Path temp = Files.createTempFile(targetFile.getParent(), ".target", ".tmp");
        Files.writeString(temp, target.asShellVariables() + "SERVER_PID=" + ProcessHandle.current().pid() + "\n");
        Files.move(temp, targetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        new CountDownLatch(1).await(); // until SIGTERM; the shutdown hook closes the server
    }
}
