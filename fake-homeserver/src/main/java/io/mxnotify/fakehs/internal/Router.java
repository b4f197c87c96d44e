package io.mxnotify.fakehs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the route for a method and raw path; knows which methods a path takes, for 405 answers and hints. */
public final class Router {
    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    /** The outcome of routing one request. */
    public record Match(Route route, Map<String, String> params, Set<String> allowedMethods) {
        public boolean found() {
            return route != null;
        }
    }

    /**
     * Routes a raw (still percent-encoded) path: each segment is decoded exactly once, then compared.
     * HEAD is routed like GET.
     */
    public Match match(String method, String rawPath) {
        List<String> path = decodedSegments(rawPath);
        String wanted = "HEAD".equals(method) ? "GET" : method;
        Set<String> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            Map<String, String> params = new LinkedHashMap<>();
            if (route.matches(path, params)) {
                if (route.method().equals(wanted)) {
                    return new Match(route, params, Set.of(route.method()));
                }
                allowed.add(route.method());
            }
        }
        return new Match(null, Map.of(), allowed);
    }

    /** The decoded segments of a raw path (without the leading slash). */
    public static List<String> decodedSegments(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        List<String> out = new ArrayList<>();
        for (String raw : path.split("/", -1)) {
            out.add(PercentDecoding.segment(raw));
        }
        return out;
    }

    /**
     * A hint naming the nearest endpoint for a path nothing matched, e.g. "this path takes PUT" or
     * "did you mean /_matrix/client/v3/rooms/{roomId}/join". Empty when nothing is close.
     */
    public String hint(String method, String rawPath, Set<String> allowedMethods) {
        if (!allowedMethods.isEmpty()) {
            return "no route for " + method + " " + rawPath + ": this path takes " + String.join(" or ", allowedMethods);
        }
        List<String> path;
        try {
            path = decodedSegments(rawPath);
        } catch (MatrixError e) {
            return e.getMessage();
        }
        Route best = null;
        int bestScore = Integer.MAX_VALUE;
        for (Route route : routes) {
            int score = distance(route.segments(), path);
            if (score < bestScore) {
                bestScore = score;
                best = route;
            }
        }
        if (best == null || bestScore > 2) {
            return "no route for " + method + " " + rawPath;
        }
        return "no route for " + method + " " + rawPath + ": nearest endpoint is " + best.method() + " "
                + best.template();
    }

    private static int distance(List<String> template, List<String> path) {
        int common = Math.min(template.size(), path.size());
        int score = Math.abs(template.size() - path.size());
        for (int i = 0; i < common; i++) {
            String segment = template.get(i);
            if (!segment.startsWith("{") && !segment.equals(path.get(i))) {
                score++;
            }
        }
        return score;
    }
}
