package io.mxnotify.cli;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.security.Provider;
import java.security.SecureRandom;

/**
 * A TLS context that cannot make a TLS connection, for an HTTP client that only ever talks plain
 * {@code http://}: the JDK's HTTP client insists on a context, and the default one loads the security
 * providers and parses the whole CA trust store, a good part of a short command's start-up, for
 * nothing. Any attempt to use it for TLS fails with {@link UnsupportedOperationException}.
 */
final class NoTlsContext extends SSLContext {

    NoTlsContext() {
        super(new RefusingSpi(), new Provider("mxnotify-plain-http", "1", "no TLS: plain http only") {
            private static final long serialVersionUID = 1L;
        }, "TLS");
    }

    private static final class RefusingSpi extends SSLContextSpi {
        private static UnsupportedOperationException refused() {
            return new UnsupportedOperationException("this client talks plain http only; use an https URL with the default trust");
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return new SSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return new SSLParameters();
        }
    }
}
