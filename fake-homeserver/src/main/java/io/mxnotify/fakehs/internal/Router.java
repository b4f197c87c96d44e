package io.mxnotify.fakehs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the route for a method and raw path; knows which methods a path takes, for 405 answers and hints. */
public final class Router {
    /** Beyond this {@link #distance} no endpoint is named (e.g. one wrong segment and one missing). */
    private static final int MAX_HINT_DISTANCE = 2;

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
     * "nearest endpoint is POST /_matrix/client/v3/rooms/{roomId}/join ('joinn' where it has 'join')", saying
     * what differs: wrong segments, missing or extra ones, the method.
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
            boolean better = score < bestScore
                    || score == bestScore && !best.method().equals(method) && route.method().equals(method);
            if (better) {
                bestScore = score;
                best = route;
            }
        }
        if (best == null || bestScore > MAX_HINT_DISTANCE) {
            return "no route for " + method + " " + rawPath;
        }
        return "no route for " + method + " " + rawPath + ": nearest endpoint is " + best.method() + " "
                + best.template() + " (" + difference(method, best, path) + ")";
    }

    /** What separates a request from an endpoint: differing segments, missing or extra ones, the method. */
    private static String difference(String method, Route route, List<String> path) {
        List<String> template = route.segments();
        List<String> parts = new ArrayList<>();
        int common = Math.min(template.size(), path.size());
        for (int i = 0; i < common; i++) {
            String segment = template.get(i);
            if (!segment.startsWith("{") && !segment.equals(path.get(i))) {
                parts.add("'" + HomeserverState.abbreviate(path.get(i)) + "' where it has '" + segment + "'");
            }
        }
        if (path.size() > template.size()) {
            parts.add("extra segment(s) /" + HomeserverState.abbreviate(
                    String.join("/", path.subList(template.size(), path.size()))));
        } else if (path.size() < template.size()) {
            parts.add("missing /" + String.join("/", template.subList(path.size(), template.size())));
        }
        if (!route.method().equals("HEAD".equals(method) ? "GET" : method)) {
            parts.add("it takes " + route.method() + ", not " + method);
        }
        return String.join("; ", parts);
    }

    /**
     * How far a path is from a template: per differing fixed segment 1 when it looks like a typo of it (at
     * most two edits), else 2; 1 per missing or extra segment.
     */
    private static int distance(List<String> template, List<String> path) {
        int common = Math.min(template.size(), path.size());
        int score = Math.abs(template.size() - path.size());
        for (int i = 0; i < common; i++) {
            String segment = template.get(i);
            if (!segment.startsWith("{") && !segment.equals(path.get(i))) {
                score += editDistance(segment, path.get(i)) <= 2 ? 1 : 2;
            }
        }
        return score;
    }

    /** Levenshtein distance, cut off at 3 (segments of very different length are not compared letter by letter). */
    private static int editDistance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2 || a.length() > 64 || b.length() > 64) {
            return 3;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], 3);
    }
}
