package io.mxnotify.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar manifest, falling back to "development build". */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = MxnotifyCommand.class.getPackage().getImplementationVersion();
        return new String[] {"mxnotify " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
