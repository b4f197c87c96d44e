package io.mxnotify.conformance.broken;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.mxnotify.conformance.target.TargetConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the conformance suite (package {@code io.mxnotify.conformance.suite}) in this JVM against a server
 * given by URL and credentials, through the JUnit Platform launcher, and reports which tests failed.
 */
final class SuiteRun {
    private static final String SUITE_PACKAGE = "io.mxnotify.conformance.suite";

    private SuiteRun() {
    }

    /** What a run of the suite did. */
    record Outcome(List<String> passed, List<String> failed, List<String> skipped, List<String> reasons) {
    }

    /**
     * Runs the given test classes of the suite, or the whole suite when {@code classes} is empty, against
     * the server at {@code baseUrl}.
     */
    static Outcome against(String baseUrl, String user, String password, String registrationSecret,
                           Set<Class<?>> classes) {
        List<DiscoverySelector> selectors = classes.isEmpty() ? List.of(selectPackage(SUITE_PACKAGE))
                : classes.stream().map(DiscoverySelectors::selectClass).map(DiscoverySelector.class::cast).toList();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(EngineFilter.includeEngines("junit-jupiter"))
                .configurationParameters(Map.of(TargetConfig.URL, baseUrl, TargetConfig.USER, user,
                        TargetConfig.PASSWORD, password, TargetConfig.REGISTRATION_SECRET, registrationSecret))
                .build();
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    skipped.add(name(test));
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    if (test.isTest()) {
                        passed.add(name(test));
                    }
                    return;
                }
                failed.add(test.isTest() ? name(test) : name(test) + " (container)");
                reasons.add(name(test) + ": " + result.getThrowable().map(Throwable::getMessage).map(m ->
                        m.lines().findFirst().orElse("")).orElse("?"));
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                skipped.add(name(test));
            }

            @Override
            public void executionStarted(TestIdentifier test) {
            }
        });
        return new Outcome(passed, failed, skipped, reasons);
    }

    private static String name(TestIdentifier test) {
        Optional<MethodSource> method = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        return method.map(m -> m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1) + "." + m.getMethodName())
                .orElse(test.getDisplayName());
    }
}
