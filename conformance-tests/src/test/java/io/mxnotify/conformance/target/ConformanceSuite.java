package io.mxnotify.conformance.target;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** Marks a test class of the conformance suite: it runs against the {@link HomeserverTarget} of the run. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(HomeserverTargetExtension.class)
public @interface ConformanceSuite {
}
