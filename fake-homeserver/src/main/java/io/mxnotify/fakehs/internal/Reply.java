package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** What a handler answers: an HTTP status and a JSON body. */
public record Reply(int status, JsonNode body) {

    public static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }
}
