package io.mxnotify.testsupport.synapse;

/** The Synapse releases {@code .ci/setup.d/synapse.sh} installs, each in its own directory. */
public enum SynapseRelease {
    /** Debian unstable's {@code matrix-synapse} (1.160 when this was written), in a minbase chroot. */
    CURRENT("synapse-sid", true),
    /** Synapse 1.67.0, the last pure-Python release, run with the host's Debian 12 Python. */
    V1_67("synapse-1.67", false);

    private final String directoryName;
    private final boolean chroot;

    SynapseRelease(String directoryName, boolean chroot) {
        this.directoryName = directoryName;
        this.chroot = chroot;
    }

    /** The directory under the installations' root ({@code /opt/mxnotify-test} by default). */
    public String directoryName() {
        return directoryName;
    }

    /** Whether this release runs inside a chroot (then the test JVM must run as root). */
    public boolean chroot() {
        return chroot;
    }
}
