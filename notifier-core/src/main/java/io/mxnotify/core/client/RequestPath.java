package io.mxnotify.core.client;

import io.mxnotify.core.id.MatrixId;
import io.mxnotify.core.id.PathSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An encoded request path plus query, built from literal segments (constants of this client) and
 * parameters (always percent-encoded through {@link PathSegment}). Package-private.
 */
final class RequestPath {
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");

    private final List<String> segments = new ArrayList<>();
    private final List<String> query = new ArrayList<>();

    static RequestPath of(String... literals) {
        RequestPath p = new RequestPath();
        for (String l : literals) {
            p.literal(l);
        }
        return p;
    }

    static RequestPath client(ApiPrefix prefix, String... literals) {
        RequestPath p = of("_matrix", "client", prefix.segment());
        for (String l : literals) {
            p.literal(l);
        }
        return p;
    }

    RequestPath literal(String segment) {
        if (!LITERAL.matcher(segment).matches()) {
            throw new IllegalArgumentException("not a literal path segment: " + segment);
        }
        segments.add(segment);
        return this;
    }

    RequestPath param(String value) {
        segments.add(PathSegment.encode(value));
        return this;
    }

    /** A parameter that may be empty, such as a state key ({@code /state/m.room.encryption/}). */
    RequestPath paramOrEmpty(String value) {
        segments.add(value.isEmpty() ? "" : PathSegment.encode(value));
        return this;
    }

    RequestPath param(MatrixId id) {
        segments.add(id.pathSegment());
        return this;
    }

    RequestPath query(String name, String value) {
        query.add(PathSegment.encodeQueryValue(name) + "=" + PathSegment.encodeQueryValue(value));
        return this;
    }

    /** The encoded path, {@code /a/b%21c}. */
    String path() {
        return "/" + String.join("/", segments);
    }

    /** The encoded path plus query string, if any. */
    String pathAndQuery() {
        return query.isEmpty() ? path() : path() + "?" + String.join("&", query);
    }

    @Override
    public String toString() {
        return path();
    }
}
