package io.mxnotify.cli;

import io.mxnotify.core.client.FailureKind;
import io.mxnotify.core.client.MatrixException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits out a server's rate limit for the one-shot account commands (login, register, join, whoami,
 * logout): a {@code 429 M_LIMIT_EXCEEDED} whose {@code retry_after_ms} fits {@link #PATIENCE} is waited
 * for, said on stderr, and the call made again; a longer one, or one without a time, fails as before
 * with the server's answer. {@code send} and {@code queue flush} wait through their delivery
 * engine instead, with patiences of their own.
 */
final class RateLimitWaits {
    /** The longest single wait a command accepts before it gives up with the server's answer. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** How many waits one call accepts: a server that keeps refusing is not waited for forever. */
    static final int MAX_WAITS = 5;

    private RateLimitWaits() {
    }

    /** Runs {@code call}, waiting out rate limits that fit; {@code what} names it for the stderr line. */
    static <T> T call(CliContext context, String what, Supplier<T> call) {
        for (int waits = 0; ; waits++) {
            try {
                return call.get();
            } catch (MatrixException e) {
                Optional<Duration> wait = e.kind() == FailureKind.RATE_LIMITED ? e.retryAfter() : Optional.empty();
                if (wait.isEmpty() || wait.get().compareTo(PATIENCE) > 0 || waits >= MAX_WAITS) {
                    throw e;
                }
                context.err().println(String.format(Locale.ROOT,
                        "mxnotify: rate limited by the server (M_LIMIT_EXCEEDED) on %s; waiting %.1f s as it asks",
                        what, wait.get().toMillis() / 1000.0));
                sleep(wait.get());
            }
        }
    }

    /** {@link #call} for a call without a result. */
    static void run(CliContext context, String what, Runnable call) {
        call(context, what, () -> {
            call.run();
            return null;
        });
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitStatus.UNAVAILABLE, "interrupted while waiting out the server's rate limit");
        }
    }
}
