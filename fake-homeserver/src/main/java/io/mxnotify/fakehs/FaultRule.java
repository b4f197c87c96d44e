package io.mxnotify.fakehs;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A fault to inject into matching requests. Matches by HTTP method (or any) and a regular expression
 * found in the request path (raw or percent-decoded; or any path), on any endpoint except the
 * {@code /_fake} control API. Fires for the next {@code times} matching requests (or forever), each
 * with {@code probability}, after letting the first {@code skip} matching requests through.
 * Build one with {@link #builder()}.
 *
 * @param method         HTTP method to match, or {@code null} for any
 * @param path           regex searched in the request path, or {@code null} for any
 * @param status         status to answer with ({@link FaultKind#ERROR}), or {@code null}
 * @param errcode        errcode of that answer, or {@code null} for one derived from the status
 * @param error          error text of that answer, or {@code null} (the fault id is always named)
 * @param retryAfterMs   {@code retry_after_ms} of that answer, or {@code null}
 * @param delayMs        milliseconds to wait before anything else, 0 for none
 * @param dropConnection how to drop the connection instead of answering, or {@code null}
 * @param times          how many times it fires, or {@code null} for unlimited
 * @param probability    chance that a matching request fires it, in (0, 1]
 * @param skip           matching requests let through before it starts firing
 */
public record FaultRule(String method, String path, Integer status, String errcode, String error,
                        Long retryAfterMs, long delayMs, DropConnection dropConnection, Integer times,
                        double probability, int skip) {

    /** The longest path regex a rule takes: compiling a regex of tens of thousands of characters takes seconds. */
    public static final int MAX_PATH_REGEX_LENGTH = 1_000;

    /** How a rule drops the connection. */
    public enum DropConnection {
        /** See {@link FaultKind#DROP_BEFORE}. */
        BEFORE,
        /** See {@link FaultKind#DROP_AFTER}. */
        AFTER,
        /** See {@link FaultKind#RESET}. */
        RESET,
        /** See {@link FaultKind#TRUNCATE}. */
        TRUNCATE;

        /** Parses {@code before}, {@code after}, {@code reset} or {@code truncate}. */
        public static DropConnection parse(String text) {
            for (DropConnection drop : values()) {
                if (drop.name().equalsIgnoreCase(text)) {
                    return drop;
                }
            }
            throw new IllegalArgumentException("drop_connection must be before, after, reset or truncate, got '"
                    + text + "'");
        }

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FaultRule {
        if (method != null) {
            method = method.toUpperCase(Locale.ROOT);
            if (!method.matches("[A-Z]+")) {
                throw new IllegalArgumentException("method must be an HTTP method like PUT, got '" + method + "'");
            }
        }
        if (path != null) {
            if (path.length() > MAX_PATH_REGEX_LENGTH) {
                throw new IllegalArgumentException("path is a regular expression of " + path.length()
                        + " characters; at most " + MAX_PATH_REGEX_LENGTH + " are taken");
            }
            try {
                Pattern.compile(path);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("path is not a valid regular expression: " + e.getDescription());
            } catch (StackOverflowError e) {
                throw new IllegalArgumentException("path is nested too deeply to be compiled as a regular expression");
            }
        }
        if (status != null && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be an HTTP status between 100 and 599, got " + status);
        }
        if (status == null && (errcode != null || error != null || retryAfterMs != null)) {
            throw new IllegalArgumentException("errcode, error and retry_after_ms need a status to answer with");
        }
        if (status != null && dropConnection != null && dropConnection != DropConnection.TRUNCATE) {
            throw new IllegalArgumentException("a rule either answers with a status or drops the connection "
                    + "(drop_connection " + dropConnection.jsonName() + "), not both");
        }
        if (delayMs < 0 || delayMs > 600_000) {
            throw new IllegalArgumentException("delay_ms must be between 0 and 600000, got " + delayMs);
        }
        if (retryAfterMs != null && retryAfterMs < 0) {
            throw new IllegalArgumentException("retry_after_ms may not be negative");
        }
        if (status == null && dropConnection == null && delayMs == 0) {
            throw new IllegalArgumentException("a fault rule needs a status, a delay_ms or a drop_connection");
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("times must be at least 1 (leave it out for unlimited), got " + times);
        }
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1], got " + probability);
        }
        if (skip < 0) {
            throw new IllegalArgumentException("skip may not be negative, got " + skip);
        }
    }

    /** The kind of failure this rule injects (what happens after any delay). */
    public FaultKind kind() {
        if (dropConnection != null) {
            return switch (dropConnection) {
                case BEFORE -> FaultKind.DROP_BEFORE;
                case AFTER -> FaultKind.DROP_AFTER;
                case RESET -> FaultKind.RESET;
                case TRUNCATE -> FaultKind.TRUNCATE;
            };
        }
        return status != null ? FaultKind.ERROR : FaultKind.DELAY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FaultRule}; every setter is optional, {@link #build()} validates. */
    public static final class Builder {
        private String method;
        private String path;
        private Integer status;
        private String errcode;
        private String error;
        private Long retryAfterMs;
        private long delayMs;
        private DropConnection dropConnection;
        private Integer times;
        private double probability = 1.0;
        private int skip;

        private Builder() {
        }

        /** Only requests with this method (e.g. {@code PUT}). */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** Only requests whose path contains a match of this regex (e.g. {@code /send/}). */
        public Builder path(String pathRegex) {
            this.path = pathRegex;
            return this;
        }

        /** Answer with this status and errcode ({@code null} errcode: derived from the status). */
        public Builder respond(int status, String errcode) {
            this.status = status;
            this.errcode = errcode;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder retryAfterMs(long retryAfterMs) {
            this.retryAfterMs = retryAfterMs;
            return this;
        }

        public Builder delayMs(long delayMs) {
            this.delayMs = delayMs;
            return this;
        }

        public Builder dropConnection(DropConnection dropConnection) {
            this.dropConnection = dropConnection;
            return this;
        }

        public Builder times(int times) {
            this.times = times;
            return this;
        }

        public Builder probability(double probability) {
            this.probability = probability;
            return this;
        }

        /** Let the first {@code skip} matching requests through ("the third send fails": skip 2, times 1). */
        public Builder skip(int skip) {
            this.skip = skip;
            return this;
        }

        public FaultRule build() {
            return new FaultRule(method, path, status, errcode, error, retryAfterMs, delayMs, dropConnection, times,
                    probability, skip);
        }
    }
}
