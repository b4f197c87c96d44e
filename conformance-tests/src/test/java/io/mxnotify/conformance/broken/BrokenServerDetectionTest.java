package io.mxnotify.conformance.broken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.conformance.spec.MatrixSpec;
import io.mxnotify.fakehs.FakeHomeserver;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The suite has teeth: run against a correct fake behind a {@link BreakingProxy}, it passes when nothing
 * is broken and fails, in the tests named here (at least), for each {@link Breakage}. By default only the
 * test classes named here for the breakage run (all of them through the transparent proxy), to keep the
 * build fast; with {@code -Dconformance.broken.full-suite=true}
 * (set by {@code -Pthorough}) the whole suite runs against each breakage. The failing tests are printed.
 */
class BrokenServerDetectionTest {
    /** System property: run the whole suite against every breakage, not only the classes that must catch it. */
    static final String FULL_SUITE = "conformance.broken.full-suite";
    private static final String USER = "conformance";
    private static final String PASSWORD = "broken-proxy-password";
    private static final String SECRET = "broken-proxy-registration-secret";

    /** For each breakage, tests that must catch it (more may). */
    private static final Map<Breakage, List<String>> MUST_CATCH = Map.of(
            Breakage.NONE, List.of(),
            Breakage.TXN_ID_IGNORED, List.of("SendConformanceTest.sameTxnIdTwiceGivesTheSameEventIdAndOneEvent",
                    "SendConformanceTest.concurrentRetriesOfOneTxnIdMakeOneEvent"),
            Breakage.ROOM_IDS_DOUBLE_ENCODED, List.of("SendConformanceTest.sendAnswersAnEventIdAndTheEventIsInTheRoom",
                    "JoinConformanceTest.joinByRoomIdThroughTheJoinEndpoint"),
            Breakage.QUERY_TOKEN_IGNORED, List.of("SessionConformanceTest.whoamiWithTheTokenInTheAccessTokenQueryParameter",
                    "SendConformanceTest.sendWithTheTokenInTheQuery"),
            Breakage.ERRORS_AS_HTML, List.of("ErrorConformanceTest.unknownEndpointIsUnrecognized",
                    "SessionConformanceTest.whoamiWithoutATokenIsMissingToken"),
            Breakage.HISTORY_REVERSED, List.of("MessagesConformanceTest.backwardsGivesNewestFirst"));

    /**
     * The classes of the tests that must catch {@code breakage} (for {@link Breakage#NONE}: of every test
     * named in {@link #MUST_CATCH}); empty, meaning the whole suite, with {@value #FULL_SUITE}.
     */
    private static Set<Class<?>> classesToRun(Breakage breakage) {
        if (Boolean.getBoolean(FULL_SUITE)) {
            return Set.of();
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (List<String> tests : breakage == Breakage.NONE ? MUST_CATCH.values() : List.of(MUST_CATCH.get(breakage))) {
            for (String test : tests) {
                String simpleName = test.substring(0, test.indexOf('.'));
                try {
                    classes.add(Class.forName("io.mxnotify.conformance.suite." + simpleName));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("MUST_CATCH names a class that does not exist: " + test, e);
                }
            }
        }
        return classes;
    }

    @ParameterizedTest
    @EnumSource(Breakage.class)
    void theSuiteCatchesEachBreakage(Breakage breakage) throws IOException {
        Assumptions.assumeTrue(MatrixSpec.locate().isPresent(), "the suite needs the Matrix spec: run from a checkout "
                + "beside shared/matrix-spec or set -D" + MatrixSpec.DIR_PROPERTY);
        try (FakeHomeserver fake = FakeHomeserver.builder().registrationSharedSecret(SECRET).user(USER, PASSWORD).start();
             BreakingProxy proxy = BreakingProxy.start(fake.baseUrl(), breakage)) {
            SuiteRun.Outcome outcome = SuiteRun.against(proxy.baseUrl(), USER, PASSWORD, SECRET, classesToRun(breakage));
            System.out.println("== breakage " + breakage + ": " + outcome.passed().size() + " passed, "
                    + outcome.failed().size() + " failed, " + outcome.skipped().size() + " skipped; failed: "
                    + outcome.failed());
            outcome.reasons().forEach(reason -> System.out.println("   " + reason));
            assertFalse(outcome.passed().isEmpty(), "the suite ran nothing through the proxy");
            if (breakage == Breakage.NONE) {
                assertEquals(List.of(), outcome.failed(), "the proxy alone must break nothing");
            } else {
                assertFalse(outcome.failed().isEmpty(), () -> "nothing caught " + breakage);
                for (String test : MUST_CATCH.get(breakage)) {
                    assertTrue(outcome.failed().contains(test), () -> test + " did not catch " + breakage
                            + "; failed: " + outcome.failed());
                }
            }
        }
    }
}
