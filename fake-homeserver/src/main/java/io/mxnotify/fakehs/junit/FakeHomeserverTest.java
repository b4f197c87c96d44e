package io.mxnotify.fakehs.junit;

import io.mxnotify.fakehs.Profile;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against one fake home server, reset before each test and injected as a
 * {@code FakeHomeserver} parameter. For anything this does not cover, register a
 * {@link FakeHomeserverExtension} with {@code @RegisterExtension} instead.
 *
 * <pre>{@code
 * @FakeHomeserverTest(users = "bot:secret", rooms = "alerts", members = "bot:alerts")
 * class NotifierTest {
 *     @Test void sends(FakeHomeserver fake) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeHomeserverExtension.class)
public @interface FakeHomeserverTest {

    /** Seed users as {@code name:password}. */
    String[] users() default {};

    /** Seed public rooms by alias ({@code alerts} or {@code #alerts:localhost}). */
    String[] rooms() default {};

    /** Seed memberships as {@code user:room} ({@code bot:alerts}, {@code bot:#alerts:localhost}). */
    String[] members() default {};

    /** The server name. */
    String serverName() default "localhost";

    /** How lenient the server is. */
    Profile profile() default Profile.SYNAPSE;

    /** Fail a test that called an endpoint the fake does not have (listing each call with a hint). */
    boolean failOnUnmatchedRequests() default true;

    /** Fail a test during which a user passed the device warning threshold. */
    boolean failOnDeviceWarning() default false;

    /** Reset the server to its seed before each test (on by default; off lets tests build on each other). */
    boolean resetOnEachTest() default true;
}
