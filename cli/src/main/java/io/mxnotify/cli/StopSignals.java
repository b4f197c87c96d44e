package io.mxnotify.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop cleanly, for a long-running command: the JVM's default ends
 * the process with 143 or 130 after its shutdown hooks, which a service manager counts as a failure.
 * A second signal ends the process the default way, so a stuck stop can still be forced.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Runs {@code stop} on the first SIGTERM or SIGINT instead of exiting. */
    static void onStop(Runnable stop) {
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                Signal.handle(signal, received -> {
                    Signal.handle(new Signal("TERM"), sun.misc.SignalHandler.SIG_DFL);
                    Signal.handle(new Signal("INT"), sun.misc.SignalHandler.SIG_DFL);
                    stop.run();
                });
            } catch (IllegalArgumentException unavailable) {
                // no such signal here (or the JVM reserves it): the default handling stays
            }
        }
    }
}
