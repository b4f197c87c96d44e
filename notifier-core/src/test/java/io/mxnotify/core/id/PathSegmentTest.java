package io.mxnotify.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PathSegmentTest {
    @Test
    void keepsOnlyUnreservedCharacters() {
        assertEquals("AZaz09-._~", PathSegment.encode("AZaz09-._~"));
        assertEquals("%21%23%3A%2F%3F%26%3D%2B%20%25%40", PathSegment.encode("!#:/?&=+ %@"));
    }

    @Test
    void encodesUtf8ByteByByte() {
        assertEquals("%C3%A9%F0%9F%94%94", PathSegment.encode("é🔔"));
    }

    @Test
    void refusesEmptySegments() {
        assertThrows(IllegalArgumentException.class, () -> PathSegment.encode(""));
        assertEquals("", PathSegment.encodeQueryValue(""));
    }
}
