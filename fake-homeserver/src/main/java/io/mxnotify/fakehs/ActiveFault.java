package io.mxnotify.fakehs;

/**
 * A fault rule installed on a running server.
 *
 * @param id        its id (for {@code DELETE /_fake/v1/faults/{id}})
 * @param rule      the rule
 * @param fired     how many requests it has fired on so far
 * @param skipped   how many matching requests it has let through because of {@code skip}
 * @param remaining how many more times it fires, or {@code null} for unlimited
 */
public record ActiveFault(String id, FaultRule rule, int fired, int skipped, Integer remaining) {
}
