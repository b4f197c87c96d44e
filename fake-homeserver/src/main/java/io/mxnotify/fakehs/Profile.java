package io.mxnotify.fakehs;

/**
 * How lenient the fake is. A notifier that passes under {@link #STRICT} does not break on the first
 * strict real server; {@link #SYNAPSE} accepts what old clients and scripts still send.
 */
public enum Profile {
    /** Synapse's leniency (the default): {@code r0} paths, legacy login {@code user}, POST send without txnId. */
    SYNAPSE,
    /**
     * Only what the current spec allows, plus the strictness real servers are known for: no {@code r0}
     * prefix, no legacy top-level {@code user} in login, no POST send without a txnId (Conduit), a join
     * needs a JSON object body (tuwunel), no token in both the header and the query (MAS).
     */
    STRICT;

    /** Parses {@code synapse} or {@code strict} (any case); refuses anything else with the valid choices. */
    public static Profile parse(String text) {
        for (Profile profile : values()) {
            if (profile.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return profile;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + text + "': use synapse or strict");
    }
}
