package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a certificate generated at start, trusted by a client through the written PEM only. */
class TlsTest {

    @Test
    void clientTrustingThePemTalksHttps(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("fake-ca.pem");
        try (FakeHomeserver fake = FakeHomeserver.builder().tls(pem).user("bot", "pw").start()) {
            assertTrue(fake.baseUrl().startsWith("https://127.0.0.1:"), fake.baseUrl());
            assertEquals(pem, fake.certificateFile().orElseThrow());
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(pem)).build();
            HttpResponse<String> wellKnown = client.send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
                    + "/.well-known/matrix/client")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, wellKnown.statusCode());
            assertTrue(wellKnown.body().contains("\"base_url\":\"" + fake.baseUrl() + "\""), wellKnown.body());
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
                    + "/_matrix/client/v3/login")).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"bot\"},"
                            + "\"password\":\"pw\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
        }
    }

    private static SSLContext trusting(Path pem) throws Exception {
        Certificate certificate;
        try (InputStream in = Files.newInputStream(pem)) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("fake", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
