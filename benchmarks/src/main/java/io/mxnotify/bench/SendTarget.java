package io.mxnotify.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a load generator sends {@code PUT .../send/m.room.message/{txnId}}: a base URL, an access token
 * and a room, the same shape for the fake home server and for the bare Javalin floor.
 *
 * @param baseUrl     {@code http://127.0.0.1:PORT}
 * @param accessToken the bearer token (the floor ignores it)
 * @param roomId      the room id, unencoded
 */
record SendTarget(URI baseUrl, String accessToken, String roomId) {
    /** A small event body, the size of a typical notification. */
    static final String SMALL_EVENT = "{\"msgtype\":\"m.notice\",\"body\":\"disk 91% full on host1\"}";

    /** The path up to and including {@code /send/m.room.message/}; append a txnId. */
    String sendPathPrefix() {
        return "/_matrix/client/v3/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/send/m.room.message/";
    }

    /** Shell-sourceable lines, for benchmarks/run. */
    String asShellVariables() {
        return "BASE_URL=" + baseUrl + "\nACCESS_TOKEN=" + accessToken + "\nROOM_ID='" + roomId + "'\nSEND_PATH='"
                + sendPathPrefix() + "'\n";
    }
}
