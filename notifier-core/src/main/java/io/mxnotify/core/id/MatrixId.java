package io.mxnotify.core.id;

/**
 * A parsed, validated Matrix identifier. Every identifier knows its exact string form and how to become
 * one percent-encoded URL path segment.
 */
public sealed interface MatrixId permits UserId, RoomRef, ServerName, EventId {

    /** The identifier exactly as Matrix spells it, e.g. {@code @bot:example.org}. */
    String value();

    /** The identifier as one RFC 3986 percent-encoded path segment, e.g. {@code %40bot%3Aexample.org}. */
    default String pathSegment() {
        return PathSegment.encode(value());
    }
}
