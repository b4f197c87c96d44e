package io.mxnotify.core.client;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * Opens the HTTP connections of the clients that share it: the connect timeout and the TLS trust,
 * never a proxy, never following redirects. Package-private.
 *
 * <p>Built on {@link HttpURLConnection} rather than {@code java.net.http}: a short-lived program (one
 * {@code mxnotify send}) then ends as soon as its work is done, where {@code java.net.http}'s selector
 * thread, left in native code, holds up the JVM's exit (about 0.3 s on JDK 17, whose client cannot be
 * closed), and it loads some 250 classes fewer. Connections are kept alive and reused between requests to
 * the same server by the JDK's keep-alive cache, whose thread does not delay the exit.
 *
 * <p>Certificates and host names of {@code https} servers are verified during the handshake (the JDK's
 * default host name verification sets the {@code HTTPS} endpoint identification).
 */
final class HttpConnector {
    private final Duration connectTimeout;
    private final SSLContext sslContext;
    private SSLSocketFactory socketFactory;

    /** @param sslContext the TLS trust, or null for the JDK default */
    HttpConnector(Duration connectTimeout, SSLContext sslContext) {
        this.connectTimeout = connectTimeout;
        this.sslContext = sslContext;
    }

    /**
     * An unconnected connection to {@code url}: connect timeout set, each wait for data bounded by
     * {@code readTimeout}, no proxy, no redirects, no caches.
     */
    HttpURLConnection open(URI url, Duration readTimeout) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https) {
            SSLSocketFactory factory = socketFactory();
            if (factory != null) {
                https.setSSLSocketFactory(factory);
            }
        }
        connection.setConnectTimeout(millis(connectTimeout));
        connection.setReadTimeout(millis(readTimeout));
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        return connection;
    }

    /** One factory for all connections, so that the keep-alive cache can reuse them (it compares factories). */
    private synchronized SSLSocketFactory socketFactory() {
        if (sslContext != null && socketFactory == null) {
            socketFactory = sslContext.getSocketFactory();
        }
        return socketFactory;
    }

    private static int millis(Duration d) {
        long ms = Math.max(1, d.toMillis());
        return ms > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) ms;
    }
}
