package io.mxnotify.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates and host names are verified: an untrusted or mismatched certificate is a TLS failure. */
class TlsVerificationTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    @Test
    void untrustedCertificateIsRefusedAndATrustedOneAccepted() throws Exception {
        KeyStore keys = selfSigned("ip:127.0.0.1,dns:localhost");
        HttpsServer server = start(keys);
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort();
            MatrixNetworkException e = assertThrows(MatrixNetworkException.class,
                    () -> MatrixClient.builder(url).requestTimeout(Duration.ofSeconds(10)).build().versions());
            assertEquals(FailureKind.TLS, e.kind());
            assertTrue(e.getMessage().contains("TLS with 127.0.0.1"), e.getMessage());

            SupportedVersions v = MatrixClient.builder(url).sslContext(trusting(keys)).requestTimeout(Duration.ofSeconds(10)).build().versions();
            assertEquals(List.of("v1.11"), v.versions());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        KeyStore keys = selfSigned("dns:other.example");
        HttpsServer server = start(keys);
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort();
            MatrixNetworkException e = assertThrows(MatrixNetworkException.class,
                    () -> MatrixClient.builder(url).sslContext(trusting(keys)).requestTimeout(Duration.ofSeconds(10)).build().versions());
            assertEquals(FailureKind.TLS, e.kind());
        } finally {
            server.stop(0);
        }
    }

    private KeyStore selfSigned(String san) throws Exception {
        Path store = dir.resolve("keys-" + Math.abs(san.hashCode()) + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=test", "-ext", "san=" + san, "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + output);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static HttpsServer start(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/_matrix/client/versions", exchange -> {
            byte[] body = "{\"versions\":[\"v1.11\"]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static SSLContext trusting(KeyStore keys) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
