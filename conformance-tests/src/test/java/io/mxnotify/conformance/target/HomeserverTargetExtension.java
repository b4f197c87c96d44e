package io.mxnotify.conformance.target;

import io.mxnotify.conformance.spec.MatrixSpec;
import io.mxnotify.conformance.spec.SpecCheck;
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

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return spec(context).check() == null ? ConditionEvaluationResult.disabled(NO_SPEC)
                : ConditionEvaluationResult.enabled("the Matrix spec is at hand");
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
        HomeserverTarget target = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(HomeserverTarget.class,
                k -> HomeserverTarget.start(TargetConfig.from(context::getConfigurationParameter)), HomeserverTarget.class);
        return type == MatrixApi.class ? target.api() : target;
    }

    private static SpecHolder spec(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SpecHolder.class,
                k -> new SpecHolder(MatrixSpec.locate().map(SpecCheck::new).orElse(null)), SpecHolder.class);
    }

    /** The spec check, or null when no spec was found (remembered so the search runs once). */
    private record SpecHolder(SpecCheck check) {
    }
}
