package io.mxnotify.conformance.broken;

/**
 * Ways a home server can be subtly wrong, each imitated by {@link BreakingProxy} in front of a correct
 * server, so that the conformance suite can show it notices.
 */
public enum Breakage {
    /** Nothing: the proxy forwards every byte as is. Use this to show the proxy alone breaks nothing. */
    NONE,
    /**
     * Each send gets a fresh txnId on its way to the server: retries store duplicates, as a server that
     * ignores transaction ids (or scopes them wrongly) would.
     */
    TXN_ID_IGNORED,
    /**
     * Room ids in paths are percent-encoded once more ({@code %21} becomes {@code %2521}), as a server or
     * proxy that decodes paths twice, or not at all, would see them.
     */
    ROOM_IDS_DOUBLE_ENCODED,
    /**
     * The {@code access_token} query parameter is dropped: a server that only reads the Authorization header,
     * which breaks older clients and router scripts.
     */
    QUERY_TOKEN_IGNORED,
    /** Error answers become an HTML page with the same status: a reverse proxy's error page instead of spec JSON. */
    ERRORS_AS_HTML,
    /** {@code /messages} returns its chunk in the wrong order for {@code dir}. */
    HISTORY_REVERSED
}
