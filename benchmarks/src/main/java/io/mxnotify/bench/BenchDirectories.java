package io.mxnotify.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch directories for spool benchmarks, on the disk the project lives on (not a tmpfs, where fsync
 * would cost nothing): under {@code -Dmxnotify.bench.dir}, by default {@code target/bench-tmp}.
 */
final class BenchDirectories {
    private BenchDirectories() {
    }

    static Path fresh(String name) {
        try {
            Path base = Path.of(System.getProperty("mxnotify.bench.dir", "target/bench-tmp")).toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
