package io.mxnotify.fakehs.fidelity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One request of the fidelity corpus: a method, a request target and body that may hold {@code ${name}}
 * placeholders (filled from what earlier probes captured on the same server), and what to capture from
 * the answer for later probes.
 *
 * @param name     the probe's name, as the fake's README lists a documented difference
 * @param method   HTTP method
 * @param target   the request target, written as is (so it may hold unencoded characters)
 * @param headers  request headers (placeholders allowed)
 * @param body     the body (placeholders allowed), or empty for none
 * @param captures answer field to the variable it is saved as
 * @param freshNonce whether a new shared-secret registration nonce is fetched into {@code ${nonce}} first
 */
record Probe(String name, String method, String target, Map<String, String> headers, Optional<String> body,
             Map<String, String> captures, boolean freshNonce) {

    static Probe of(String name, String method, String target) {
        return new Probe(name, method, target, Map.of(), Optional.empty(), Map.of(), false);
    }

    /** With a JSON body ({@code Content-Type: application/json}). */
    Probe json(String json) {
        return header("Content-Type", "application/json").body(json);
    }

    Probe body(String text) {
        return new Probe(name, method, target, headers, Optional.of(text), captures, freshNonce);
    }

    Probe header(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new Probe(name, method, target, Map.copyOf(more), body, captures, freshNonce);
    }

    /** With {@code Authorization: Bearer ${variable}}. */
    Probe bearer(String variable) {
        return header("Authorization", "Bearer ${" + variable + "}");
    }

    Probe capture(String field, String variable) {
        Map<String, String> more = new LinkedHashMap<>(captures);
        more.put(field, variable);
        return new Probe(name, method, target, headers, body, Map.copyOf(more), freshNonce);
    }

    Probe withFreshNonce() {
        return new Probe(name, method, target, headers, body, captures, true);
    }
}
