package io.mxnotify.cli;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.FakeUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --cacert} / {@code MXNOTIFY_CACERT} against a fake home server serving HTTPS with a self-signed certificate. */
class TlsTest {
    @TempDir
    Path home;

    @Test
    void aSelfSignedServerIsTrustedOnlyWithItsCertificate() {
        Path cert = home.resolve("fake-cert.pem");
        try (FakeHomeserver server = FakeHomeserver.builder().tls(cert).user("bot", "pw").room("alerts").member("bot", "alerts").start()) {
            assertTrue(server.baseUrl().startsWith("https://"), server.baseUrl());
            FakeUser bot = server.user("bot");
            CliRunner runner = new CliRunner(home).env("MXNOTIFY_HOMESERVER", server.baseUrl())
                    .env("MXNOTIFY_ACCESS_TOKEN", bot.accessToken()).env("MXNOTIFY_ROOM", "#alerts:localhost");

            CliRunner.Result untrusted = runner.run("send", "--patience", "0", "not trusted");
            assertEquals(75, untrusted.exitCode(), untrusted::toString);
            CliRunner.Result flag = runner.run("send", "--cacert", cert.toString(), "trusted by flag");
            assertEquals(0, flag.exitCode(), flag::toString);
            CliRunner.Result env = runner.env("MXNOTIFY_CACERT", cert.toString()).run("whoami");
            assertEquals(0, env.exitCode(), env::toString);
            CliRunner.Result missing = runner.run("--cacert", home.resolve("nope.pem").toString(), "whoami");
            assertEquals(78, missing.exitCode(), missing::toString);
            assertTrue(server.room("#alerts:localhost").events().stream().anyMatch(e -> "trusted by flag".equals(e.body())));
        }
    }

    @Test
    void httpsToAPlainHttpPortSaysSoInsteadOfBlamingTheCertificate() {
        try (FakeHomeserver server = FakeHomeserver.builder().user("bot", "pw").start()) {
            String https = server.baseUrl().replace("http://", "https://");
            CliRunner.Result r = new CliRunner(home).env("MXNOTIFY_HOMESERVER", https)
                    .env("MXNOTIFY_ACCESS_TOKEN", server.user("bot").accessToken()).run("whoami");
            assertEquals(69, r.exitCode(), r::toString);
            String hostPort = server.baseUrl().substring("http://".length());
            assertTrue(r.err().contains(hostPort + " answered in plain HTTP, not TLS"), r::toString);
            assertTrue(r.err().contains("use http://" + hostPort), r::toString);
            assertTrue(!r.err().contains("certificate must be valid"), r::toString);
        }
    }
}
