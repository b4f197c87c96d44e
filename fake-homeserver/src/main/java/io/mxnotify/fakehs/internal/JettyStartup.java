package io.mxnotify.fakehs.internal;

/**
 * Start-up settings for the Jetty inside Javalin, applied before its first server is built.
 *
 * <p>Jetty's {@code MemoryUtils} pads its queues to the CPU's cache line and, unless the system property
 * {@value #REFERENCES_PER_CACHE_LINE} says how many object references fit in one, asks the JVM through JMX
 * whether references are compressed: that starts the platform MBean server, about a fifth of the fake's
 * first start (JFR, JDK 25). The answer only sizes padding, never behaviour, so the property is set to
 * what Jetty would find on a usual heap (64-byte lines, 4-byte compressed references) when nobody set it.
 */
public final class JettyStartup {
    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    private JettyStartup() {
    }

    /** Sets {@value #REFERENCES_PER_CACHE_LINE} unless the user or the JVM command line already did. */
    public static void skipJmxProbe() {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
        }
    }
}
