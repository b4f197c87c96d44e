package io.mxnotify.testsupport.synapse;

import java.util.List;

/** Which rate limits a test Synapse enforces. */
public enum RateLimits {
    /** Synapse's own defaults (e.g. {@code rc_message} 0.2/s with a burst of 10, {@code rc_login} 0.17/s burst 3). */
    DEFAULT,
    /**
     * Synapse's defaults except {@code rc_login}, which is raised. Since 1.1xx Synapse allows 5 logins per
     * address and per account, then one per 333 s ({@code 0.003/s}): a test run that logs in a dozen times
     * from 127.0.0.1 would wait most of an hour. Every other limiter ({@code rc_message},
     * {@code rc_room_creation}, {@code rc_joins}, ...) stays at its default.
     */
    DEFAULT_BUT_LOGIN,
    /** Every client-facing limiter raised far beyond what a test sends: no request is ever answered 429. */
    OFF;

    private static final String UNLIMITED = "{per_second: 100000, burst_count: 100000}";
    /** Limiters of both 1.67 and current releases; a release ignores the keys it does not know. */
    private static final List<String> FLAT = List.of("rc_message", "rc_registration", "rc_registration_token_validity",
            "rc_admin_redaction", "rc_joins_per_room", "rc_3pid_validation", "rc_room_creation",
            "rc_delayed_event_mgmt", "rc_reports", "rc_send_to_device", "rc_media_create", "rc_key_requests");

    /** The homeserver.yaml lines for this setting (none for {@link #DEFAULT}). */
    String yaml() {
        if (this == DEFAULT) {
            return "";
        }
        StringBuilder yaml = new StringBuilder();
        if (this == DEFAULT_BUT_LOGIN) {
            return yaml.append("rc_login:\n  address: ").append(UNLIMITED).append("\n  account: ").append(UNLIMITED)
                    .append('\n').toString();
        }
        for (String key : FLAT) {
            yaml.append(key).append(": ").append(UNLIMITED).append('\n');
        }
        yaml.append("rc_login:\n  address: ").append(UNLIMITED).append("\n  account: ").append(UNLIMITED)
                .append("\n  failed_attempts: ").append(UNLIMITED).append('\n');
        yaml.append("rc_joins:\n  local: ").append(UNLIMITED).append("\n  remote: ").append(UNLIMITED).append('\n');
        yaml.append("rc_invites:\n  per_room: ").append(UNLIMITED).append("\n  per_user: ").append(UNLIMITED)
                .append("\n  per_issuer: ").append(UNLIMITED).append('\n');
        yaml.append("rc_presence:\n  per_user: ").append(UNLIMITED).append('\n');
        return yaml.toString();
    }
}
