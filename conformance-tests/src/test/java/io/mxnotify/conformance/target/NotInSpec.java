package io.mxnotify.conformance.target;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks checks of an API the Matrix spec does not define ({@link #value()} says whose it is, e.g. Synapse's
 * shared-secret registration): the reference is that API's owner, not a spec version.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface NotInSpec {
    /** Whose API it is and where it is defined. */
    String value();
}
