package io.mxnotify.core.client;

/** The client-server API path prefix, {@code /_matrix/client/<prefix>/...}. */
public enum ApiPrefix {
    /** Spec v1.1 and later. */
    V3("v3"),
    /** Servers that only speak the pre-v1.1 (r0.x) API. */
    R0("r0");

    private final String segment;

    ApiPrefix(String segment) {
        this.segment = segment;
    }

    /** The path segment, {@code v3} or {@code r0}. */
    public String segment() {
        return segment;
    }
}
