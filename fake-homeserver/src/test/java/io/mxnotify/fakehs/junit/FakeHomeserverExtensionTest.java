package io.mxnotify.fakehs.junit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mxnotify.fakehs.FakeHomeserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs small test classes through the JUnit launcher to check the extension's lifecycle and checks. */
class FakeHomeserverExtensionTest {
    /** Ports seen by the cases below, in execution order (each case clears it first). */
    static final List<Integer> PORTS = new CopyOnWriteArrayList<>();

    private static TestExecutionSummary run(Class<?> testClass) {
        PORTS.clear();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    @Test
    void staticFieldSharesOneServerPerClassAndResetsBetweenTests() {
        TestExecutionSummary summary = run(StaticFieldCase.class);
        assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
        assertEquals(PORTS.get(0), PORTS.get(1));
    }

    @Test
    void instanceFieldStartsAFreshServerPerTest() {
        TestExecutionSummary summary = run(InstanceFieldCase.class);
        assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
        assertNotEquals(PORTS.get(0), PORTS.get(1));
    }

    @Test
    void annotationSeedsAndInjects() {
        TestExecutionSummary summary = run(AnnotatedCase.class);
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
    }

    @Test
    void annotationCanKeepStateBetweenTests() {
        TestExecutionSummary summary = run(KeepStateCase.class);
        assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
    }

    @Test
    void unmatchedRequestsFailTheTestWithAHint() {
        TestExecutionSummary summary = run(UnmatchedCase.class);
        assertEquals(1, summary.getTestsFailedCount());
        String message = summary.getFailures().get(0).getException().getMessage();
        assertTrue(message.contains("GET /_matrix/client/v3/rooms/x/send/m.room.message/1"), message);
        assertTrue(message.contains("this path takes PUT"), message);
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder out = new StringBuilder();
        summary.getFailures().forEach(failure -> out.append(failure.getTestIdentifier().getDisplayName()).append(": ")
                .append(failure.getException()).append('\n'));
        return out.toString();
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StaticFieldCase {
        @RegisterExtension
        static FakeHomeserverExtension fake = FakeHomeserverExtension.builder()
                .configure(server -> server.user("bot", "pw").room("alerts")).build();

        @Test
        @Order(1)
        void first(FakeHomeserver server) {
            PORTS.add(server.port());
            server.createUser("temporary", "pw");
            assertEquals(fake.baseUrl(), server.baseUrl());
        }

        @Test
        @Order(2)
        void second(FakeHomeserver server) {
            PORTS.add(server.port());
            assertEquals(1, server.rooms().size());
            given().baseUri(server.baseUrl()).get("/_fake/v1/users").then().statusCode(200);
            assertFalse(server.requests().isEmpty());
            assertEquals(1, given().baseUri(server.baseUrl()).get("/_fake/v1/users").then().extract()
                    .<List<Object>>path("users").size(), "temporary user gone after reset");
        }
    }

    static class InstanceFieldCase {
        @RegisterExtension
        FakeHomeserverExtension fake = FakeHomeserverExtension.builder().build();

        @Test
        void one(FakeHomeserver server) {
            PORTS.add(server.port());
        }

        @Test
        void two(FakeHomeserver server) {
            PORTS.add(server.port());
        }
    }

    @FakeHomeserverTest(users = "bot:secret", rooms = "alerts", members = "bot:alerts")
    static class AnnotatedCase {
        @Test
        void seeded(FakeHomeserver server) {
            assertEquals(List.of("@bot:localhost"), server.room("#alerts:localhost").summary().members());
            given().baseUri(server.baseUrl()).header("Authorization", "Bearer " + server.user("bot").accessToken())
                    .get("/_matrix/client/v3/account/whoami").then().statusCode(200);
        }
    }

    @FakeHomeserverTest(resetOnEachTest = false)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class KeepStateCase {
        @Test
        @Order(1)
        void createsAUser(FakeHomeserver server) {
            server.createUser("kept", "pw");
        }

        @Test
        @Order(2)
        void stillSeesIt(FakeHomeserver server) {
            assertEquals("@kept:localhost", server.user("kept").userId());
        }
    }

    @FakeHomeserverTest
    static class UnmatchedCase {
        @Test
        void callsAnEndpointWithTheWrongMethod(FakeHomeserver server) {
            given().baseUri(server.baseUrl()).urlEncodingEnabled(false)
                    .get("/_matrix/client/v3/rooms/x/send/m.room.message/1").then().statusCode(405);
        }
    }
}
