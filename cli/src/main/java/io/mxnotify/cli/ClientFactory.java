package io.mxnotify.cli;

import io.mxnotify.cli.config.VersionsCache;
import io.mxnotify.core.client.MatrixClient;
import io.mxnotify.core.client.SupportedVersions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the {@link MatrixClient} for a home server URL, with the TLS trust the user chose:
 * <ul>
 *   <li>{@code --cacert FILE} (or {@code MXNOTIFY_CACERT}): trust exactly the PEM certificates in FILE, as
 *   {@code curl --cacert} does; e.g. the self-signed certificate of {@code mxnotify serve --tls}, or a private CA;</li>
 *   <li>else, for {@code https://}: the JDK's default trust store;</li>
 *   <li>for a plain {@code http://} URL: {@link NoTlsContext} instead of the JDK default, whose creation loads
 *   the security providers and parses the whole CA trust store although no handshake can happen (the client
 *   follows no redirects), so that {@code mxnotify send} to a local server starts faster.</li>
 * </ul>
 * The servers' {@code /versions} answers are cached for a few minutes ({@link VersionsCache}).
 */
final class ClientFactory {
    private final Path caFile;
    private final VersionsCache versionsCache;
    private final List<Built> fetching = new ArrayList<>();

    private record Built(URI homeserver, MatrixClient client) {
    }

    /**
     * @param caFile        PEM certificates to trust instead of the JDK default, or null
     * @param versionsCache the servers' versions answers of recent runs
     */
    ClientFactory(Path caFile, VersionsCache versionsCache) {
        this.caFile = caFile;
        this.versionsCache = versionsCache;
    }

    /**
     * A client for {@code homeserver}, without an access token; it knows the server's versions when a recent
     * run cached them (else it asks on its first call that needs them, and {@link #cacheFetchedVersions} keeps the answer).
     */
    MatrixClient clientFor(URI homeserver) {
        MatrixClient.Builder builder = MatrixClient.builder(homeserver);
        SSLContext context = sslContextFor(homeserver);
        if (context != null) {
            builder.sslContext(context);
        }
        Optional<SupportedVersions> cached = versionsCache.read(homeserver);
        cached.ifPresent(builder::versions);
        MatrixClient client = builder.build();
        if (cached.isEmpty()) {
            fetching.add(new Built(homeserver, client));
        }
        return client;
    }

    /** Caches the versions answers the clients of this run fetched, for the runs of the next minutes. */
    void cacheFetchedVersions() {
        Set<URI> written = new HashSet<>();
        for (Built built : fetching) {
            built.client().knownVersions().filter(v -> written.add(built.homeserver()))
                    .ifPresent(v -> versionsCache.write(built.homeserver(), v));
        }
        fetching.clear();
    }

    /** The TLS context for {@code url}, or null for the JDK default. */
    SSLContext sslContextFor(URI url) {
        if (caFile != null) {
            return trusting(caFile);
        }
        return "http".equalsIgnoreCase(url.getScheme()) ? new NoTlsContext() : null;
    }

    private static SSLContext trusting(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new CliException(ExitStatus.CONFIG, "the CA file " + pemFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (NoSuchFileException e) {
            throw new CliException(ExitStatus.CONFIG, "the CA file " + pemFile + " does not exist (--cacert, MXNOTIFY_CACERT)");
        } catch (IOException | GeneralSecurityException e) {
            throw new CliException(ExitStatus.CONFIG, "cannot read the CA file " + pemFile + " as PEM certificates: " + e.getMessage());
        }
    }

}
