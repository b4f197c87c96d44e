package io.mxnotify.testsupport.synapse;

import java.util.Objects;

/**
 * How a test Synapse is configured beyond the fixed basics (loopback listener, fresh SQLite database,
 * a random registration shared secret, no federation key servers).
 *
 * @param rateLimits  Synapse's default rate limits, or none
 * @param extraConfig more homeserver.yaml lines, e.g. {@code refreshable_access_token_lifetime: 10s}; may be empty
 */
public record SynapseOptions(RateLimits rateLimits, String extraConfig) {
    public SynapseOptions {
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(extraConfig, "extraConfig");
    }

    /** The given rate limits and nothing else. */
    public static SynapseOptions of(RateLimits rateLimits) {
        return new SynapseOptions(rateLimits, "");
    }

    /** These options plus more homeserver.yaml lines. */
    public SynapseOptions withConfig(String yamlLines) {
        return new SynapseOptions(rateLimits, extraConfig + (extraConfig.isEmpty() || extraConfig.endsWith("\n") ? "" : "\n")
                + yamlLines);
    }
}
