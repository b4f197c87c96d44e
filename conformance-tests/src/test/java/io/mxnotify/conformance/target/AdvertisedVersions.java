package io.mxnotify.conformance.target;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spec versions a server lists in {@code GET /_matrix/client/versions}, and whether they cover a version
 * a check holds from: {@code v1.N} is covered by {@code v1.N} or any later {@code v1.M}; {@code r0.x.y} by
 * any {@code r0} version.
 *
 * @param versions the listed version names, as the server wrote them
 */
public record AdvertisedVersions(List<String> versions) {
    private static final Pattern V1 = Pattern.compile("v1\\.(\\d+)");

    public AdvertisedVersions {
        versions = List.copyOf(versions);
    }

    /** Whether a check that holds from {@code version} applies to this server. */
    public boolean cover(String version) {
        if (version.startsWith("r0.")) {
            return versions.stream().anyMatch(v -> v.startsWith("r0."));
        }
        Matcher wanted = V1.matcher(version);
        if (!wanted.matches()) {
            throw new IllegalArgumentException("not a spec version (v1.N or r0.x.y): " + version);
        }
        int minor = Integer.parseInt(wanted.group(1));
        return versions.stream().map(V1::matcher).anyMatch(m -> m.matches() && Integer.parseInt(m.group(1)) >= minor);
    }

    /** The newest {@code v1.N} listed, or the last entry when none is (for messages). */
    public String newest() {
        return versions.stream().filter(v -> V1.matcher(v).matches())
                .max((a, b) -> Integer.compare(Integer.parseInt(a.substring(3)), Integer.parseInt(b.substring(3))))
                .orElse(versions.isEmpty() ? "nothing" : versions.get(versions.size() - 1));
    }
}
