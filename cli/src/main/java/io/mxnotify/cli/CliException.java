package io.mxnotify.cli;

/**
 * A failure the user can act on: a one-line message for stderr and the exit status that classifies it.
 * Messages say what was wrong and how to fix it; they never contain a secret.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ExitStatus status;

    public CliException(ExitStatus status, String message) {
        super(message);
        this.status = status;
    }

    public CliException(ExitStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The exit status this failure maps to. */
    public ExitStatus status() {
        return status;
    }
}
