package io.mxnotify.conformance.target;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The Matrix spec version a check holds from, e.g. {@code v1.1} (the {@code /v3} prefix), {@code v1.7}
 * (txnIds scoped to the device) or {@code r0.0.1}. A check whose version the server's {@code /versions}
 * does not advertise is skipped with that reason: an older server is not wrong for not doing what a later
 * spec asks. Every check of the suite carries one, or {@link NotInSpec} for APIs outside the spec.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface SpecVersion {
    /** {@code v1.N} or {@code r0.x.y}. */
    String value();

    /** What changed in that version, for the skip reason (empty when the check's subject is older than that). */
    String what() default "";
}
