package io.mxnotify.fakehs;

/**
 * One request the fake answered, from its request journal. Secrets (passwords, tokens, MACs) are masked.
 *
 * @param seq         sequence number, increasing from 1
 * @param timestamp   when it arrived, milliseconds since the epoch
 * @param method      HTTP method
 * @param path        the path as sent (percent-encoded)
 * @param query       the query string with {@code access_token} masked, or {@code null}
 * @param endpoint    the matched endpoint's template, or {@code null} when unmatched
 * @param userId      the authenticated user, or {@code null}
 * @param deviceId    the authenticated device, or {@code null}
 * @param txnId       the txnId path parameter of a send, or {@code null}
 * @param status      the status answered, or 0 when the connection was dropped
 * @param errcode     the errcode answered, or {@code null}
 * @param faultId     the fault rule that fired, or {@code null}
 * @param unmatched   whether no endpoint takes this method and path
 * @param hint        for unmatched requests: the nearest endpoint and what differs
 * @param body        the request body, truncated to 4 KiB, secrets masked
 * @param durationMs  time to answer
 * @param warning     a warning raised by this request (e.g. a device threshold passed), or {@code null}
 */
public record RecordedRequest(long seq, long timestamp, String method, String path, String query, String endpoint,
                              String userId, String deviceId, String txnId, int status, String errcode,
                              String faultId, boolean unmatched, String hint, String body, long durationMs,
                              String warning) {
}
