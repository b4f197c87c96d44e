package io.mxnotify.fakehs.junit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The extension's profile and failOnDeviceWarning options, from the builder and from the annotation. */
class FakeHomeserverExtensionOptionsTest {

    private static TestExecutionSummary run(Class<?> testClass) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        StringBuilder out = new StringBuilder();
        summary.getFailures().forEach(failure -> out.append(failure.getTestIdentifier().getDisplayName()).append(": ")
                .append(failure.getException()).append('\n'));
        return out.toString();
    }

    private static void logIn(FakeHomeserver server) {
        given().baseUri(server.baseUrl()).contentType("application/json")
                .body("{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\"bot\"},"
                        + "\"password\":\"pw\"}")
                .post("/_matrix/client/v3/login").then().statusCode(200);
    }

    @Test
    void theBuilderSetsTheProfile() {
        TestExecutionSummary summary = run(StrictBuilderCase.class);
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
    }

    @Test
    void theAnnotationSetsTheProfile() {
        TestExecutionSummary summary = run(StrictAnnotationCase.class);
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
    }

    @Test
    void aDeviceWarningFailsTheTestWhenAskedFromTheBuilder() {
        TestExecutionSummary summary = run(DeviceWarningBuilderCase.class);
        assertEquals(1, summary.getTestsFailedCount(), () -> failures(summary));
        String message = summary.getFailures().get(0).getException().getMessage();
        assertTrue(message.startsWith("device warning: "), message);
        assertTrue(message.contains("@bot:localhost has 3 devices (more than 2)"), message);
    }

    @Test
    void aDeviceWarningFailsTheTestWhenAskedFromTheAnnotation() {
        TestExecutionSummary summary = run(DeviceWarningAnnotationCase.class);
        assertEquals(1, summary.getTestsFailedCount(), () -> failures(summary));
        assertTrue(summary.getFailures().get(0).getException().getMessage().contains("@bot:localhost has 11 devices"));
    }

    @Test
    void aDeviceWarningPassesByDefault() {
        TestExecutionSummary summary = run(DeviceWarningIgnoredCase.class);
        assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
    }

    static class StrictBuilderCase {
        @RegisterExtension
        static FakeHomeserverExtension fake = FakeHomeserverExtension.builder().profile(Profile.STRICT).build();

        @Test
        void r0IsRefused(FakeHomeserver server) {
            assertEquals(Profile.STRICT, server.profile());
            given().baseUri(server.baseUrl()).get("/_matrix/client/r0/login").then().statusCode(404);
        }
    }

    @FakeHomeserverTest(profile = Profile.STRICT, failOnUnmatchedRequests = false)
    static class StrictAnnotationCase {
        @Test
        void r0IsRefused(FakeHomeserver server) {
            given().baseUri(server.baseUrl()).get("/_matrix/client/r0/login").then().statusCode(404);
        }
    }

    static class DeviceWarningBuilderCase {
        @RegisterExtension
        static FakeHomeserverExtension fake = FakeHomeserverExtension.builder()
                .configure(server -> server.user("bot", "pw").deviceWarningThreshold(2))
                .failOnDeviceWarning(true).build();

        @Test
        void logsInOnEveryRun(FakeHomeserver server) {
            logIn(server);
            logIn(server);
        }
    }

    @FakeHomeserverTest(users = "bot:pw", failOnDeviceWarning = true)
    static class DeviceWarningAnnotationCase {
        @Test
        void logsInOnEveryRun(FakeHomeserver server) {
            for (int i = 0; i < 10; i++) {
                logIn(server);
            }
        }
    }

    @FakeHomeserverTest(users = "bot:pw")
    static class DeviceWarningIgnoredCase {
        @Test
        void logsInOnEveryRun(FakeHomeserver server) {
            for (int i = 0; i < 10; i++) {
                logIn(server);
            }
            assertEquals(1, server.deviceWarnings().size());
        }
    }
}
