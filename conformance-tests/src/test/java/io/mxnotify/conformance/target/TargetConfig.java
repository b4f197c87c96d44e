package io.mxnotify.conformance.target;

import io.mxnotify.fakehs.Profile;
import io.mxnotify.testsupport.synapse.RateLimits;
import io.mxnotify.testsupport.synapse.SynapseRelease;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Which home server the suite runs against, from system properties: nothing set means an embedded
 * {@code FakeHomeserver}; {@code homeserver.url} plus {@code homeserver.user}/{@code homeserver.password}
 * and/or {@code homeserver.registration-secret} means that server; {@code homeserver.synapse} ({@code current}
 * or {@code 1.67}) means a real Synapse the suite starts itself (test-support's {@code SynapseServer}), with
 * {@code homeserver.synapse.rate-limits} {@code default}, {@code default-but-login} or {@code off}. {@link #toString()} shows no secret.
 *
 * @param url                the client-server base URL of a server to test, empty for the embedded fake
 * @param user               an existing user's localpart or id, to log in with {@code password}
 * @param password           that user's password
 * @param registrationSecret the server's {@code registration_shared_secret}, to create throwaway users
 * @param synapse            a Synapse release to start for the run, empty otherwise
 * @param rateLimits         that Synapse's rate limits
 * @param fakeProfile        the embedded fake's profile ({@code homeserver.fake.profile}: synapse or strict)
 */
public record TargetConfig(Optional<URI> url, Optional<String> user, Optional<String> password,
                           Optional<String> registrationSecret, Optional<SynapseRelease> synapse, RateLimits rateLimits,
                           Profile fakeProfile) {
    public static final String URL = "homeserver.url";
    public static final String USER = "homeserver.user";
    public static final String PASSWORD = "homeserver.password";
    public static final String REGISTRATION_SECRET = "homeserver.registration-secret";
    public static final String SYNAPSE = "homeserver.synapse";
    public static final String SYNAPSE_RATE_LIMITS = "homeserver.synapse.rate-limits";
    public static final String FAKE_PROFILE = "homeserver.fake.profile";

    /** Validates: a URL needs credentials of one kind or the other; credentials need a URL. */
    public TargetConfig {
        if (synapse.isPresent() && (url.isPresent() || user.isPresent() || password.isPresent()
                || registrationSecret.isPresent())) {
            throw new IllegalArgumentException("-D" + SYNAPSE + " starts its own Synapse: give no -D" + URL + ", -D" + USER
                    + ", -D" + PASSWORD + " or -D" + REGISTRATION_SECRET + " with it");
        }
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
        Optional<SynapseRelease> synapse = property.apply(SYNAPSE).map(name -> switch (name.toLowerCase(Locale.ROOT)) {
            case "current" -> SynapseRelease.CURRENT;
            case "1.67" -> SynapseRelease.V1_67;
            default -> throw new IllegalArgumentException("-D" + SYNAPSE + " is 'current' (the sid chroot's Synapse) or"
                    + " '1.67', got '" + name + "'");
        });
        RateLimits rateLimits = property.apply(SYNAPSE_RATE_LIMITS).map(name -> switch (name.toLowerCase(Locale.ROOT)) {
            case "default" -> RateLimits.DEFAULT;
            case "default-but-login" -> RateLimits.DEFAULT_BUT_LOGIN;
            case "off" -> RateLimits.OFF;
            default -> throw new IllegalArgumentException("-D" + SYNAPSE_RATE_LIMITS + " is 'default', "
                    + "'default-but-login' (rc_login raised) or 'off', got '"
                    + name + "'");
        }).orElse(RateLimits.DEFAULT);
        Profile fakeProfile;
        try {
            fakeProfile = property.apply(FAKE_PROFILE).map(Profile::parse).orElse(Profile.SYNAPSE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + FAKE_PROFILE + ": " + e.getMessage());
        }
        return new TargetConfig(url, property.apply(USER), property.apply(PASSWORD), property.apply(REGISTRATION_SECRET),
                synapse, rateLimits, fakeProfile);
    }

    /** True when neither a URL nor a Synapse was given: the suite starts an embedded fake. */
    public boolean embedded() {
        return url.isEmpty() && synapse.isEmpty();
    }

    @Override
    public String toString() {
        if (synapse.isPresent()) {
            return "TargetConfig[Synapse " + synapse.get() + ", rate limits " + rateLimits + "]";
        }
        return url.map(u -> "TargetConfig[" + u + user.map(n -> ", user " + n + ", password ***").orElse("")
                + registrationSecret.map(s -> ", registration secret ***").orElse("") + "]")
                .orElse("TargetConfig[embedded fake, profile " + fakeProfile + "]");
    }
}
