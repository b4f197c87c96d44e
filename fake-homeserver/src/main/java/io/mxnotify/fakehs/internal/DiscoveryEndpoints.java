package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;

/** Server discovery: {@code /.well-known/matrix/client} and {@code /_matrix/client/versions}. */
public final class DiscoveryEndpoints {
    private static final String[] LEGACY_VERSIONS = {"r0.0.1", "r0.1.0", "r0.2.0", "r0.3.0", "r0.4.0", "r0.5.0",
        "r0.6.0", "r0.6.1"};
    private static final String[] VERSIONS = {"v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8",
        "v1.9", "v1.10", "v1.11", "v1.12"};

    private final JsonCodec json;
    private final Supplier<String> baseUrl;

    public DiscoveryEndpoints(JsonCodec json, Supplier<String> baseUrl) {
        this.json = json;
        this.baseUrl = baseUrl;
    }

    public Reply wellKnown(Call call) {
        ObjectNode body = json.object();
        body.putObject("m.homeserver").put("base_url", baseUrl.get());
        return Reply.ok(body);
    }

    /** The spec versions; the strict profile advertises no {@code r0} versions. */
    public Reply versions(Call call) {
        ObjectNode body = json.object();
        ArrayNode versions = body.putArray("versions");
        if (!call.strict()) {
            for (String version : LEGACY_VERSIONS) {
                versions.add(version);
            }
        }
        for (String version : VERSIONS) {
            versions.add(version);
        }
        body.putObject("unstable_features");
        return Reply.ok(body);
    }
}
