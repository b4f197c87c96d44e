package io.mxnotify.cli;

import io.mxnotify.core.client.MatrixClient;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Builds the {@link MatrixClient} for a home server URL. For a plain {@code http://} URL (a local or test
 * server) the HTTP client gets a TLS context that never trusts anything instead of the JDK default, whose
 * creation reads and parses the whole CA trust store: a TLS handshake cannot happen on such a client (it
 * follows no redirects), and {@code mxnotify send} starts noticeably faster. {@code https://} URLs get
 * the JDK's default trust store and full certificate checks.
 */
final class ClientFactory {
    private ClientFactory() {
    }

    /** A client for {@code homeserver}, without an access token. */
    static MatrixClient clientFor(URI homeserver) {
        MatrixClient.Builder builder = MatrixClient.builder(homeserver);
        if ("http".equalsIgnoreCase(homeserver.getScheme())) {
            builder.sslContext(trustingNothing());
        }
        return builder.build();
    }

    private static SSLContext trustingNothing() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[0], new TrustManager[] {new RefuseEveryCertificate()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS implementation", e);
        }
    }

    /** Trusts no certificate: for a client that talks plain HTTP only. */
    private static final class RefuseEveryCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this client talks plain http only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this client talks plain http only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
