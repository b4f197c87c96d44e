package io.mxnotify.core.client;

import java.util.List;

/** Discovery could not produce a usable home server URL; {@link #outcome()} says whether to ask the user or stop. */
public final class DiscoveryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DiscoveryOutcome outcome;
    private final transient List<String> steps;

    DiscoveryException(DiscoveryOutcome outcome, String message, List<String> steps, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.steps = List.copyOf(steps);
    }

    /** FAIL_PROMPT (ask for the URL) or FAIL_ERROR (the published URL is broken: stop). */
    public DiscoveryOutcome outcome() {
        return outcome;
    }

    /** What was tried, one line per request. */
    public List<String> steps() {
        return steps;
    }
}
