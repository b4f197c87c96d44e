package io.mxnotify.core.client;

/** How discovery failed, in the terms of the spec's "Server Discovery" section. */
public enum DiscoveryOutcome {
    /**
     * FAIL_PROMPT: discovery found nothing usable (no answer, an error status, a body that is not JSON,
     * no {@code m.homeserver.base_url}, or no home server where one was guessed). Ask the user for the
     * home server URL.
     */
    FAIL_PROMPT,
    /**
     * FAIL_ERROR: the server name published a home server URL, but it is not a URL or does not answer
     * {@code /_matrix/client/versions} correctly. Stop: guessing further would hide a configuration error.
     */
    FAIL_ERROR
}
