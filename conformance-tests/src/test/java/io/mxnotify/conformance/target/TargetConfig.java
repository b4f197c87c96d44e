package io.mxnotify.conformance.target;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Which home server the suite runs against, from system properties: nothing set means an embedded
 * {@code FakeHomeserver}; {@code homeserver.url} plus {@code homeserver.user}/{@code homeserver.password}
 * and/or {@code homeserver.registration-secret} means that server. {@link #toString()} shows no secret.
 *
 * @param url                the client-server base URL of a server to test, empty for the embedded fake
 * @param user               an existing user's localpart or id, to log in with {@code password}
 * @param password           that user's password
 * @param registrationSecret the server's {@code registration_shared_secret}, to create throwaway users
 */
public record TargetConfig(Optional<URI> url, Optional<String> user, Optional<String> password,
                           Optional<String> registrationSecret) {
    public static final String URL = "homeserver.url";
    public static final String USER = "homeserver.user";
    public static final String PASSWORD = "homeserver.password";
    public static final String REGISTRATION_SECRET = "homeserver.registration-secret";

    /** Validates: a URL needs credentials of one kind or the other; credentials need a URL. */
    public TargetConfig {
        if (url.isPresent()) {
            String scheme = Optional.ofNullable(url.get().getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.get().getHost() == null) {
                throw new IllegalArgumentException("-D" + URL + " must be an http(s) URL like https://matrix.example.org,"
                        + " got '" + url.get() + "'");
            }
            if (user.isPresent() != password.isPresent()) {
                throw new IllegalArgumentException("give both -D" + USER + " and -D" + PASSWORD + ", or neither");
            }
            if (user.isEmpty() && registrationSecret.isEmpty()) {
                throw new IllegalArgumentException("-D" + URL + " needs credentials: -D" + USER + "=... -D" + PASSWORD
                        + "=... of an existing user, or -D" + REGISTRATION_SECRET + "=... (the server's shared "
                        + "registration secret) to create throwaway users");
            }
        } else if (user.isPresent() || password.isPresent() || registrationSecret.isPresent()) {
            throw new IllegalArgumentException("-D" + USER + ", -D" + PASSWORD + " and -D" + REGISTRATION_SECRET
                    + " only make sense with -D" + URL + "=... (without it the suite starts its own fake home server)");
        }
    }

    /**
     * Reads the settings from a source of named values (JUnit configuration parameters, which fall back to
     * system properties); blank values count as unset.
     */
    public static TargetConfig from(java.util.function.Function<String, Optional<String>> source) {
        java.util.function.Function<String, Optional<String>> property = name -> source.apply(name).map(String::trim)
                .filter(v -> !v.isEmpty());
        Optional<URI> url = property.apply(URL).map(text -> {
            try {
                return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + URL + " is not a URL: " + e.getMessage());
            }
        });
        return new TargetConfig(url, property.apply(USER), property.apply(PASSWORD), property.apply(REGISTRATION_SECRET));
    }

    /** True when no URL was given: the suite starts an embedded fake. */
    public boolean embedded() {
        return url.isEmpty();
    }

    @Override
    public String toString() {
        return url.map(u -> "TargetConfig[" + u + user.map(n -> ", user " + n + ", password ***").orElse("")
                + registrationSecret.map(s -> ", registration secret ***").orElse("") + "]")
                .orElse("TargetConfig[embedded fake]");
    }
}
