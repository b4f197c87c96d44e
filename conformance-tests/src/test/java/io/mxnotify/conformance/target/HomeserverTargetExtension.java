package io.mxnotify.conformance.target;

import io.mxnotify.conformance.spec.MatrixSpec;
import io.mxnotify.conformance.spec.SpecCheck;
import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the {@link HomeserverTarget} (one per test run, started on first use and closed at the end; chosen
 * by the {@code homeserver.*} JUnit configuration parameters, which default to the system properties),
 * its {@link MatrixApi}, and a {@link SpecCheck} over the Matrix spec. Without the spec the suite's classes
 * are skipped, with the reason, rather than run unchecked.
 */
public final class HomeserverTargetExtension implements ParameterResolver, ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(HomeserverTargetExtension.class);
    private static final String NO_SPEC = "the Matrix spec was not found: run from a checkout beside "
            + "shared/matrix-spec or set -D" + MatrixSpec.DIR_PROPERTY + "=<matrix-spec checkout>";

    /**
     * Skips everything without the spec, and a check whose {@link SpecVersion} the server does not advertise;
     * a check that says neither its spec version nor {@link NotInSpec} is an error of the suite.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (spec(context).check() == null) {
            return ConditionEvaluationResult.disabled(NO_SPEC);
        }
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("the Matrix spec is at hand");
        }
        Method check = context.getTestMethod().get();
        SpecVersion version = check.getAnnotation(SpecVersion.class);
        if (version == null) {
            if (check.isAnnotationPresent(NotInSpec.class) || check.getDeclaringClass().isAnnotationPresent(NotInSpec.class)) {
                return ConditionEvaluationResult.enabled("an API outside the spec");
            }
            throw new IllegalStateException(check.getDeclaringClass().getSimpleName() + "." + check.getName()
                    + " says neither the spec version it holds from (@SpecVersion) nor @NotInSpec");
        }
        AdvertisedVersions advertised = target(context).advertisedVersions();
        if (!advertised.cover(version.value())) {
            return ConditionEvaluationResult.disabled("holds from spec " + version.value()
                    + (version.what().isEmpty() ? "" : " (" + version.what() + ")") + "; the server advertises "
                    + advertised.versions() + ", so it need not do this");
        }
        return ConditionEvaluationResult.enabled("the server advertises spec " + version.value());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == HomeserverTarget.class || type == MatrixApi.class || type == SpecCheck.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == SpecCheck.class) {
            SpecCheck check = spec(context).check();
            if (check == null) {
                throw new IllegalStateException(NO_SPEC);
            }
            return check;
        }
        HomeserverTarget target = target(context);
        return type == MatrixApi.class ? target.api() : target;
    }

    private static HomeserverTarget target(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(HomeserverTarget.class,
                k -> HomeserverTarget.start(TargetConfig.from(context::getConfigurationParameter)), HomeserverTarget.class);
    }

    private static SpecHolder spec(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SpecHolder.class,
                k -> new SpecHolder(MatrixSpec.locate().map(SpecCheck::new).orElse(null)), SpecHolder.class);
    }

    /** The spec check, or null when no spec was found (remembered so the search runs once). */
    private record SpecHolder(SpecCheck check) {
    }
}
