package io.mxnotify.fakehs;

import java.util.Locale;

/**
 * The failures a {@link FaultRule} can inject, each with the real-world failure it imitates (in the
 * spirit of OkHttp's {@code SocketPolicy}). Listed by {@code GET /_fake/v1/faults/kinds}.
 */
public enum FaultKind {
    /**
     * Answer with the rule's status and errcode instead of handling the request. Use this to simulate
     * an overloaded or broken server (503, 502 from a reverse proxy), rate limiting (429 with
     * {@code retry_after_ms}) or an expired token (401 {@code M_UNKNOWN_TOKEN}).
     */
    ERROR("Answer with the rule's status and errcode instead of handling the request: an overloaded server, "
            + "a proxy's 502/503, rate limiting (429 + retry_after_ms) or an invalidated token (401)."),
    /**
     * Wait {@code delay_ms} before handling the request normally. Use this to simulate a slow server or
     * network and to check client timeouts.
     */
    DELAY("Wait delay_ms, then handle the request normally: a slow server or network; checks client timeouts."),
    /**
     * Close the connection after reading the request, before handling it: nothing is stored. Use this to
     * simulate a server or proxy that dies mid-request; a retry must deliver.
     */
    DROP_BEFORE("Close the connection before handling the request, nothing stored: a crashed server or proxy; "
            + "a retry must deliver."),
    /**
     * Handle and store the request fully, then close the connection without answering. Use this to
     * simulate the lost response: only a client that retries with the same txnId avoids a duplicate.
     */
    DROP_AFTER("Handle and store the request, then close without answering: the lost response; only a retry "
            + "with the same txnId avoids a duplicate."),
    /**
     * Reset the TCP connection (RST) instead of answering, nothing stored. Use this to simulate a
     * firewall, NAT timeout or load balancer killing the connection ("connection reset by peer").
     */
    RESET("Reset the TCP connection (RST) without answering, nothing stored: a firewall, NAT or load balancer "
            + "killing the connection (\"connection reset by peer\")."),
    /**
     * Handle and store the request, send the status and headers, then cut the body short and close.
     * Use this to simulate a connection lost mid-answer; the client sees a truncated JSON body.
     */
    TRUNCATE("Handle and store the request, send status and headers, then cut the body short and close: "
            + "a connection lost mid-answer (truncated JSON).");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    /** One line saying which real failure this imitates. */
    public String description() {
        return description;
    }

    /** The name used in JSON ({@code error}, {@code delay}, {@code drop_before}, ...). */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
