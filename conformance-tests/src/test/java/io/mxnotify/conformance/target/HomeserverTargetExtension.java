package io.mxnotify.conformance.target;

import io.mxnotify.conformance.spec.MatrixSpec;
import io.mxnotify.conformance.spec.SpecCheck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the {@link HomeserverTarget} (one per test run, started on first use and closed at the end; chosen
 * by the {@code homeserver.*} JUnit configuration parameters, which default to the system properties),
 * its {@link MatrixApi}, and a {@link SpecCheck} over the Matrix spec. A test asking for the spec is
 * skipped with a reason when the spec cannot be found.
 */
public final class HomeserverTargetExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(HomeserverTargetExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == HomeserverTarget.class || type == MatrixApi.class || type == SpecCheck.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (type == SpecCheck.class) {
            SpecHolder holder = store.getOrComputeIfAbsent(SpecHolder.class,
                    k -> new SpecHolder(MatrixSpec.locate().map(SpecCheck::new).orElse(null)), SpecHolder.class);
            Assumptions.assumeTrue(holder.check() != null, "the Matrix spec was not found: run from a checkout beside "
                    + "shared/matrix-spec or set -D" + MatrixSpec.DIR_PROPERTY + "=<matrix-spec checkout>");
            return holder.check();
        }
        HomeserverTarget target = store.getOrComputeIfAbsent(HomeserverTarget.class,
                k -> HomeserverTarget.start(TargetConfig.from(context::getConfigurationParameter)), HomeserverTarget.class);
        return type == MatrixApi.class ? target.api() : target;
    }

    /** The spec check, or null when no spec was found (remembered so the search runs once). */
    private record SpecHolder(SpecCheck check) {
    }
}
