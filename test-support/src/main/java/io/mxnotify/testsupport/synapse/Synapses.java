package io.mxnotify.testsupport.synapse;

import java.util.Locale;
import org.opentest4j.TestAbortedException;

/**
 * Finds a Synapse installation for a test. Where it is absent the test is skipped with the reason (a
 * developer's machine without {@code .ci/setup.d/synapse.sh}); where Synapse is required (CI, which exports
 * {@code CI=true}, or {@code -Dmxnotify.synapse.required=true}) its absence fails the test instead.
 */
public final class Synapses {
    /** System property that makes an absent Synapse a failure ({@code true}) or a skip ({@code false}). */
    public static final String REQUIRED_PROPERTY = "mxnotify.synapse.required";

    private Synapses() {
    }

    /**
     * The installation of {@code release}.
     *
     * @throws TestAbortedException  when it cannot be used and Synapse is not {@linkplain #required() required}
     * @throws IllegalStateException when it cannot be used and Synapse is required
     */
    public static SynapseInstallation require(SynapseRelease release) {
        SynapseInstallation.Located located = SynapseInstallation.locate(release);
        if (located.installation().isPresent()) {
            return located.installation().get();
        }
        if (required()) {
            throw new IllegalStateException(located.whyNot() + " (required here: " + whyRequired() + ")");
        }
        throw new TestAbortedException(located.whyNot());
    }

    /** Starts {@code release} with the options, or skips/fails as {@link #require} does. */
    public static SynapseServer start(SynapseRelease release, SynapseOptions options) {
        return SynapseServer.start(require(release), options);
    }

    /** Whether an absent Synapse fails tests rather than skipping them. */
    public static boolean required() {
        String property = System.getProperty(REQUIRED_PROPERTY, "").trim();
        if (!property.isEmpty()) {
            return Boolean.parseBoolean(property);
        }
        return "true".equals(System.getenv().getOrDefault("CI", "").trim().toLowerCase(Locale.ROOT));
    }

    private static String whyRequired() {
        return System.getProperty(REQUIRED_PROPERTY, "").isBlank() ? "CI=true" : "-D" + REQUIRED_PROPERTY + "=true";
    }
}
