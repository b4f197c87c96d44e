package io.mxnotify.testsupport.synapse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One installed Synapse release: where it is and how it is launched. {@link #locate} says why it cannot be
 * used when it cannot (not installed, or a chroot without root).
 *
 * @param release which release
 * @param root    its directory ({@code <installations>/synapse-sid} or {@code .../synapse-1.67})
 * @param version the installed version, e.g. {@code 1.160.0}
 */
public record SynapseInstallation(SynapseRelease release, Path root, String version) {
    /** Environment variable (and system property {@code mxnotify.synapse.dir}) naming the installations' root. */
    public static final String DIR_VARIABLE = "MXNOTIFY_SYNAPSE_DIR";
    public static final String DIR_PROPERTY = "mxnotify.synapse.dir";
    /** Where {@code .ci/setup.d/synapse.sh} installs when neither of the above is set. */
    public static final Path DEFAULT_DIR = Path.of("/opt/mxnotify-test");

    private static final Pattern DIST_INFO = Pattern.compile("matrix_synapse-(\\d+\\.\\d+\\.\\d+)\\.dist-info");
    private static final String HOST_PYTHON = "/usr/bin/python3";

    /** The installations' root this JVM looks in. */
    public static Path installationsRoot() {
        return Optional.ofNullable(System.getProperty(DIR_PROPERTY)).filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(System.getenv(DIR_VARIABLE)).filter(s -> !s.isBlank()))
                .map(Path::of).orElse(DEFAULT_DIR);
    }

    /** The release's installation, or the reason it cannot be used here. */
    public static Located locate(SynapseRelease release) {
        Path root = installationsRoot().resolve(release.directoryName());
        String setup = "; .ci/setup.d/synapse.sh installs it (as root)";
        Path packages = release.chroot() ? root.resolve("usr/lib/python3/dist-packages") : root;
        if (!Files.isDirectory(packages.resolve("synapse"))) {
            return new Located(Optional.empty(), "Synapse (" + release + ") is not installed at " + root + setup);
        }
        Optional<String> version = installedVersion(packages);
        if (version.isEmpty()) {
            return new Located(Optional.empty(), "no matrix_synapse-*.dist-info beside " + packages.resolve("synapse") + setup);
        }
        if (release.chroot()) {
            if (!isRoot()) {
                return new Located(Optional.empty(), "Synapse " + version.get() + " runs in a chroot (" + root
                        + "), which needs the tests to run as root");
            }
            if (!Files.isExecutable(root.resolve("usr/bin/python3"))) {
                return new Located(Optional.empty(), "the chroot " + root + " has no /usr/bin/python3" + setup);
            }
        } else if (!Files.isExecutable(Path.of(HOST_PYTHON))) {
            return new Located(Optional.empty(), "Synapse " + version.get() + " needs Debian's " + HOST_PYTHON + setup);
        }
        return new Located(Optional.of(new SynapseInstallation(release, root, version.get())), "");
    }

    /**
     * A fresh, empty directory for one server's config, keys, database and media, reachable from where
     * Synapse runs (inside the chroot for {@link SynapseRelease#CURRENT}).
     */
    Path newDataDirectory() throws IOException {
        Path base = release.chroot() ? root.resolve("tmp") : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "mxnotify-synapse-");
    }

    /** The path Synapse sees for a file of {@link #newDataDirectory()}. */
    String pathSeenBySynapse(Path file) {
        return release.chroot() ? "/" + root.relativize(file) : file.toString();
    }

    /** The command that starts Synapse with the given config (as Synapse sees its path), and its environment. */
    ProcessBuilder launch(String configPath) {
        List<String> command = new ArrayList<>();
        if (release.chroot()) {
            command.addAll(List.of("chroot", root.toString()));
        }
        command.addAll(List.of(HOST_PYTHON, "-m", "synapse.app.homeserver", "--config-path", configPath));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PYTHON") || name.startsWith("SYNAPSE"));
        env.put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        if (!release.chroot()) {
            env.put("PYTHONPATH", root.toString());
        }
        return builder;
    }

    private static Optional<String> installedVersion(Path packages) {
        try (Stream<Path> entries = Files.list(packages)) {
            return entries.map(p -> DIST_INFO.matcher(p.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> m.group(1)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The outcome of {@link #locate}.
     *
     * @param installation the installation, when usable
     * @param whyNot       why not, when not (empty otherwise)
     */
    public record Located(Optional<SynapseInstallation> installation, String whyNot) {
    }
}
