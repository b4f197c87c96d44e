package io.mxnotify.core.client;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /_matrix/client/versions} reported: the spec versions the server supports and its
 * unstable features. Decides the path prefix: {@code v3} when any {@code v1.1} or later is offered,
 * {@code r0} only for a server that offers none.
 *
 * @param versions         the version strings, e.g. {@code ["r0.6.1", "v1.1", "v1.11"]}
 * @param unstableFeatures feature flags, possibly empty
 */
public record SupportedVersions(List<String> versions, Map<String, Boolean> unstableFeatures) {
    private static final Pattern V1 = Pattern.compile("v1\\.(\\d+)");

    /** Validates and copies. */
    public SupportedVersions {
        versions = List.copyOf(versions);
        unstableFeatures = Map.copyOf(unstableFeatures);
    }

    /** Whether the server offers a {@code v1.N} spec version with N at least {@code minor}. */
    public boolean supportsV1(int minor) {
        for (String v : versions) {
            Matcher m = V1.matcher(v);
            if (m.matches() && m.group(1).length() < 9 && Integer.parseInt(m.group(1)) >= minor) {
                return true;
            }
        }
        return false;
    }

    /** The client-server path prefix to use: {@code v3}, or {@code r0} for a server offering no v1.1+. */
    public ApiPrefix prefix() {
        return supportsV1(1) ? ApiPrefix.V3 : ApiPrefix.R0;
    }

    /** Whether an unstable feature is advertised as enabled. */
    public boolean hasUnstableFeature(String name) {
        return Boolean.TRUE.equals(unstableFeatures.get(name));
    }
}
