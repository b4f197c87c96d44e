package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.fakehs.internal.BindAddress;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Who can drive {@code /_fake/v1}: on loopback only this machine's own clients (no foreign Origin, no
 * foreign Host: CSRF and DNS rebinding refused); with an admin token (always beyond loopback) only those
 * who show it, the web inbox by a login that sets a cookie.
 */
class AdminApiExposureTest {
    private static final String TOKEN = "test-admin-token-0123456789";
    private static final String CREATE_ADMIN = "{\"username\":\"x\",\"admin\":true}";

    @Nested
    class OnLoopback {
        @Test
        void aCrossOriginSimplePostIsRefusedWithoutCors() throws IOException {
            try (FakeHomeserver fake = FakeHomeserver.builder().start(); RawClient client = new RawClient(fake)) {
                RawClient.Answer answer = client.send("POST", "/_fake/v1/users", Map.of("Origin", "https://evil.example",
                        "Content-Type", "text/plain"), CREATE_ADMIN);
                assertEquals(403, answer.status(), answer::toString);
                assertEquals("M_FORBIDDEN", answer.errcode(), answer::toString);
                assertNull(answer.header("Access-Control-Allow-Origin"), answer::toString);
                assertFalse(answer.text().contains("access_token"), answer::toString);
                answer = client.send("POST", "/_fake/v1/reset", Map.of("Sec-Fetch-Site", "cross-site"), "");
                assertEquals(403, answer.status(), answer::toString);
                assertTrue(fake.rooms().isEmpty() && fake.requests().stream().noneMatch(r -> r.status() == 200
                        && r.path().equals("/_fake/v1/users")));
            }
        }

        @Test
        void aRequestFromItsOwnOriginOrWithoutOneIsServed() throws IOException {
            try (FakeHomeserver fake = FakeHomeserver.builder().start(); RawClient client = new RawClient(fake)) {
                String self = "http://127.0.0.1:" + fake.port();
                assertEquals(200, client.send("POST", "/_fake/v1/users", Map.of("Origin", self,
                        "Content-Type", "application/json"), "{\"username\":\"a\"}").status());
                assertEquals(200, client.post("/_fake/v1/users", "{\"username\":\"b\"}").status());
                assertEquals(200, client.send("POST", "/_fake/v1/users", Map.of("Host", "localhost:" + fake.port(),
                        "Origin", "http://localhost:" + fake.port()), "{\"username\":\"c\"}").status());
            }
        }

        @Test
        void aForeignHostIsRefusedAgainstDnsRebinding() throws IOException {
            try (FakeHomeserver fake = FakeHomeserver.builder().serverName("fake.test").start();
                 RawClient client = new RawClient(fake)) {
                RawClient.Answer answer = client.send("GET", "/_fake/v1/users", Map.of("Host", "rebound.example:" + fake.port()), null);
                assertEquals(403, answer.status(), answer::toString);
                assertEquals("M_FORBIDDEN", answer.errcode(), answer::toString);
                assertTrue(answer.text().contains("DNS rebinding"), answer::toString);
                for (String host : new String[]{"localhost", "127.0.0.2", "[::1]", "fake.test", "app.localhost"}) {
                    assertEquals(200, client.send("GET", "/_fake/v1/users", Map.of("Host", host + ":" + fake.port()), null)
                            .status(), host);
                }
            }
        }

        @Test
        void theMatrixApiKeepsItsOpenCors() throws IOException {
            try (FakeHomeserver fake = FakeHomeserver.builder().start(); RawClient client = new RawClient(fake)) {
                RawClient.Answer matrix = client.send("OPTIONS", "/_matrix/client/v3/login", Map.of("Origin", "https://app.example",
                        "Access-Control-Request-Method", "POST"), null);
                assertEquals("*", matrix.header("Access-Control-Allow-Origin"), matrix::toString);
                RawClient.Answer control = client.send("OPTIONS", "/_fake/v1/users", Map.of("Origin", "https://app.example",
                        "Access-Control-Request-Method", "POST"), null);
                assertNull(control.header("Access-Control-Allow-Origin"), control::toString);
            }
        }

        @Test
        void noTokenIsNeededOrGenerated() {
            try (FakeHomeserver fake = FakeHomeserver.builder().start()) {
                assertTrue(fake.loopbackOnly());
                assertTrue(fake.adminToken().isEmpty());
                assertEquals(java.util.List.of(fake.baseUrl()), fake.listenUrls());
            }
        }
    }

    @Nested
    class WithAnAdminToken {
        @Test
        void theControlApiNeedsTheToken() throws IOException {
            try (FakeHomeserver fake = FakeHomeserver.builder().adminToken(TOKEN).start(); RawClient client = new RawClient(fake)) {
                RawClient.Answer answer = client.post("/_fake/v1/users", CREATE_ADMIN);
                assertEquals(401, answer.status(), answer::toString);
                assertEquals("M_MISSING_TOKEN", answer.errcode(), answer::toString);
                assertTrue(answer.text().contains("admin token"), answer::toString);
                answer = client.send("POST", "/_fake/v1/users", Map.of("Authorization", "Bearer wrong"), CREATE_ADMIN);
                assertEquals("M_UNKNOWN_TOKEN", answer.errcode(), answer::toString);
                answer = client.send("GET", "/_fake/v1/inbox/stream", Map.of("Accept", "text/event-stream"), null);
                assertEquals(401, answer.status(), answer::toString);
                assertEquals(200, client.get("/_fake/v1/health").status());
                assertEquals(200, client.get("/_matrix/client/versions").status());
                answer = client.send("POST", "/_fake/v1/users", Map.of("Authorization", "Bearer " + TOKEN,
                        "Content-Type", "application/json"), CREATE_ADMIN);
                assertEquals(200, answer.status(), answer::toString);
                // a state change from another origin is refused even with the token (a cookie would be sent along)
                answer = client.send("POST", "/_fake/v1/reset", Map.of("Authorization", "Bearer " + TOKEN,
                        "Origin", "https://evil.example"), "");
                assertEquals(403, answer.status(), answer::toString);
            }
        }

        @Test
        void theInboxLogsInWithAFormAndACookie() throws IOException {
            try (FakeHomeserver fake = FakeHomeserver.builder().adminToken(TOKEN).start(); RawClient client = new RawClient(fake)) {
                RawClient.Answer page = client.get("/");
                assertEquals(200, page.status());
                assertTrue(page.text().contains("action=\"/_fake/inbox/login\""), page::toString);
                assertTrue(page.header("Content-Security-Policy").contains("form-action 'self'"), page::toString);
                Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded",
                        "Origin", "http://127.0.0.1:" + fake.port());
                RawClient.Answer wrong = client.send("POST", "/_fake/inbox/login", form, "token=nope");
                assertEquals(403, wrong.status(), wrong::toString);
                assertTrue(wrong.text().contains("not the admin token"), wrong::toString);
                RawClient.Answer right = client.send("POST", "/_fake/inbox/login", form, "token=" + TOKEN);
                assertEquals(303, right.status(), right::toString);
                String cookie = right.header("Set-Cookie");
                assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
                Map<String, String> withCookie = Map.of("Cookie", cookie.split(";")[0]);
                assertTrue(client.send("GET", "/", withCookie, null).text().contains("/_fake/inbox/inbox.js"));
                assertEquals(200, client.send("GET", "/_fake/v1/rooms", withCookie, null).status());
                RawClient.Answer foreign = client.send("POST", "/_fake/inbox/login", Map.of("Origin", "https://evil.example",
                        "Content-Type", "application/x-www-form-urlencoded"), "token=" + TOKEN);
                assertEquals(403, foreign.status(), foreign::toString);
                assertEquals("M_FORBIDDEN", foreign.errcode(), foreign::toString);
            }
        }

        @Test
        void anyBindBeyondLoopbackNeedsAToken() {
            assertTrue(BindAddress.isLoopback("127.0.0.1"));
            assertTrue(BindAddress.isLoopback("::1"));
            assertTrue(BindAddress.isLoopback("localhost"));
            assertFalse(BindAddress.isLoopback("0.0.0.0"));
            assertFalse(BindAddress.isLoopback("::"));
            assertFalse(BindAddress.isLoopback("192.0.2.10"));
            assertTrue(BindAddress.reachableAddresses("0.0.0.0").contains("127.0.0.1"));
        }
    }
}
