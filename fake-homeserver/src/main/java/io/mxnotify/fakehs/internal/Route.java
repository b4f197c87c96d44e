package io.mxnotify.fakehs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of the route table: method, path template ({@code {name}} segments are parameters) and handler.
 *
 * @param method      HTTP method
 * @param template    the full path template, e.g. {@code /_matrix/client/v3/rooms/{roomId}/join}
 * @param handler     what answers it
 * @param endpoint    the endpoint's name for metrics and hints (the v3 template)
 * @param legacy      whether this is the {@code r0} twin of a client endpoint
 * @param requiresAuth whether the handler needs an access token (checked before the body is read)
 */
public record Route(String method, String template, Handler handler, String endpoint, boolean legacy,
                    boolean requiresAuth) {

    /** The template split into segments ({@code "/a/{b}"} gives {@code ["a", "{b}"]}). */
    public List<String> segments() {
        List<String> out = new ArrayList<>(List.of(template.substring(1).split("/", -1)));
        return out;
    }

    /**
     * Matches decoded path segments; fills {@code params} and answers true on a match.
     */
    boolean matches(List<String> path, Map<String, String> params) {
        List<String> own = segments();
        if (own.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < own.size(); i++) {
            String segment = own.get(i);
            if (segment.startsWith("{")) {
                params.put(segment.substring(1, segment.length() - 1), path.get(i));
            } else if (!segment.equals(path.get(i))) {
                params.clear();
                return false;
            }
        }
        return true;
    }
}
