package io.mxnotify.fakehs.junit;

import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.fakehs.Profile;
import io.mxnotify.fakehs.RecordedRequest;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a {@link FakeHomeserver} for tests. The lifecycle follows the field:
 * a {@code static} {@code @RegisterExtension} field gives one server per class (reset before each test
 * unless told otherwise), an instance field one fresh server per test. The server is injected into
 * test and lifecycle methods that take a {@code FakeHomeserver} parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static FakeHomeserverExtension fake = FakeHomeserverExtension.builder()
 *         .configure(server -> server.user("bot", "secret").room("alerts").member("bot", "alerts"))
 *         .failOnUnmatchedRequests(true)
 *         .build();
 * }</pre>
 */
public final class FakeHomeserverExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private final Consumer<FakeHomeserver.Builder> configuration;
    private final boolean failOnUnmatchedRequests;
    private final boolean failOnDeviceWarning;
    private final boolean resetOnEachTest;
    private final boolean fromAnnotation;
    private FakeHomeserver perClass;
    private FakeHomeserver perTest;
    private long journalStart;
    private int warningsAtStart;

    /** Used by {@link FakeHomeserverTest}: the settings come from the annotation. */
    public FakeHomeserverExtension() {
        this(builder -> { }, true, false, true, true);
    }

    private FakeHomeserverExtension(Consumer<FakeHomeserver.Builder> configuration, boolean failOnUnmatchedRequests,
                                    boolean failOnDeviceWarning, boolean resetOnEachTest, boolean fromAnnotation) {
        this.configuration = configuration;
        this.failOnUnmatchedRequests = failOnUnmatchedRequests;
        this.failOnDeviceWarning = failOnDeviceWarning;
        this.resetOnEachTest = resetOnEachTest;
        this.fromAnnotation = fromAnnotation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The running server (the per-test one inside a test, else the per-class one). */
    public FakeHomeserver server() {
        FakeHomeserver server = perTest != null ? perTest : perClass;
        if (server == null) {
            throw new IllegalStateException("the fake home server is not running: it starts before all tests "
                    + "(static field) or before each test (instance field)");
        }
        return server;
    }

    /** Shortcut for {@code server().baseUrl()}. */
    public String baseUrl() {
        return server().baseUrl();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = start(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass != null) {
            perClass.close();
            perClass = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perClass == null) {
            perTest = start(context);
        } else if (fromAnnotation ? annotation(context).map(FakeHomeserverTest::resetOnEachTest).orElse(true)
                : resetOnEachTest) {
            perClass.reset();
        }
        FakeHomeserver server = server();
        List<RecordedRequest> requests = server.requests();
        journalStart = requests.isEmpty() ? 0 : requests.get(requests.size() - 1).seq();
        warningsAtStart = server.deviceWarnings().size();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        FakeHomeserver server = server();
        try {
            boolean unmatchedCheck = fromAnnotation ? annotation(context).map(FakeHomeserverTest::failOnUnmatchedRequests)
                    .orElse(true) : failOnUnmatchedRequests;
            boolean deviceCheck = fromAnnotation ? annotation(context).map(FakeHomeserverTest::failOnDeviceWarning)
                    .orElse(false) : failOnDeviceWarning;
            if (context.getExecutionException().isEmpty()) {
                if (unmatchedCheck) {
                    List<RecordedRequest> unmatched = server.unmatchedRequests().stream()
                            .filter(request -> request.seq() > journalStart).toList();
                    if (!unmatched.isEmpty()) {
                        StringBuilder message = new StringBuilder("the code under test called " + unmatched.size()
                                + " endpoint(s) the fake home server does not have:");
                        for (RecordedRequest request : unmatched) {
                            message.append("\n  ").append(request.method()).append(' ').append(request.path())
                                    .append(" -> ").append(request.hint());
                        }
                        throw new AssertionError(message.toString());
                    }
                }
                List<String> warnings = server.deviceWarnings();
                if (deviceCheck && warnings.size() > warningsAtStart) {
                    throw new AssertionError("device warning: " + warnings.subList(warningsAtStart, warnings.size()));
                }
            }
        } finally {
            if (perTest != null) {
                perTest.close();
                perTest = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FakeHomeserver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        FakeHomeserver server = perTest != null ? perTest : perClass;
        if (server == null) {
            throw new ParameterResolutionException("no fake home server is running here: with an instance field "
                    + "extension the server exists only inside each test, not in @BeforeAll methods");
        }
        return server;
    }

    private FakeHomeserver start(ExtensionContext context) {
        FakeHomeserver.Builder builder = FakeHomeserver.builder();
        if (fromAnnotation) {
            FakeHomeserverTest settings = annotation(context).orElse(null);
            if (settings != null) {
                builder.serverName(settings.serverName()).profile(settings.profile());
                for (String user : settings.users()) {
                    int colon = user.indexOf(':');
                    if (colon < 1) {
                        throw new IllegalArgumentException("@FakeHomeserverTest users must be name:password, got '"
                                + user + "'");
                    }
                    builder.user(user.substring(0, colon), user.substring(colon + 1));
                }
                for (String room : settings.rooms()) {
                    builder.room(room);
                }
                for (String member : settings.members()) {
                    int colon = member.indexOf(':');
                    if (colon < 1) {
                        throw new IllegalArgumentException("@FakeHomeserverTest members must be user:room, got '"
                                + member + "'");
                    }
                    builder.member(member.substring(0, colon), member.substring(colon + 1));
                }
            }
        }
        configuration.accept(builder);
        return builder.start();
    }

    private static java.util.Optional<FakeHomeserverTest> annotation(ExtensionContext context) {
        for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
            FakeHomeserverTest found = type.getAnnotation(FakeHomeserverTest.class);
            if (found != null) {
                return java.util.Optional.of(found);
            }
        }
        return java.util.Optional.empty();
    }

    /** Builds a {@link FakeHomeserverExtension}. */
    public static final class Builder {
        private Consumer<FakeHomeserver.Builder> configuration = builder -> { };
        private boolean failOnUnmatchedRequests = true;
        private boolean failOnDeviceWarning;
        private boolean resetOnEachTest = true;

        private Builder() {
        }

        /** Configures each server the extension starts (users, rooms, faults, seed file, TLS, ...). */
        public Builder configure(Consumer<FakeHomeserver.Builder> configuration) {
            this.configuration = this.configuration.andThen(Objects.requireNonNull(configuration, "configuration"));
            return this;
        }

        /** The server profile (a shortcut for {@code configure(b -> b.profile(profile))}). */
        public Builder profile(Profile profile) {
            Objects.requireNonNull(profile, "profile");
            return configure(builder -> builder.profile(profile));
        }

        /** Fail a test that called an endpoint the fake does not have (default on). */
        public Builder failOnUnmatchedRequests(boolean fail) {
            this.failOnUnmatchedRequests = fail;
            return this;
        }

        /** Fail a test during which a user passed the device warning threshold (default off). */
        public Builder failOnDeviceWarning(boolean fail) {
            this.failOnDeviceWarning = fail;
            return this;
        }

        /** Reset a shared (per-class) server before each test (default on). */
        public Builder resetOnEachTest(boolean reset) {
            this.resetOnEachTest = reset;
            return this;
        }

        public FakeHomeserverExtension build() {
            return new FakeHomeserverExtension(configuration, failOnUnmatchedRequests, failOnDeviceWarning,
                    resetOnEachTest, false);
        }
    }
}
