package io.mxnotify.core.client;

/** Where a discovered base URL came from. */
public enum DiscoverySource {
    /** The server name's {@code /.well-known/matrix/client} file. */
    WELL_KNOWN,
    /** No well-known file (IGNORE): the server name's own host, {@code https://hostname}, answered as a home server. */
    SERVER_NAME,
    /** The URL the user gave answered {@code /versions} itself. */
    EXPLICIT_URL
}
