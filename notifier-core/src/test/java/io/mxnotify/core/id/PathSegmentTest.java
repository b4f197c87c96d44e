package io.mxnotify.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void randomTextRoundTripsThroughOneSegment() {
        java.util.Random random = new java.util.Random(42);
        for (int run = 0; run < 2000; run++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int i = 0; i < length; i++) {
                int cp = random.nextInt(4) == 0 ? 0x20 + random.nextInt(0x5F) : random.nextInt(0x10FFFF);
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    cp = '!';
                }
                text.appendCodePoint(cp);
            }
            String encoded = PathSegment.encode(text.toString());
            assertTrue(encoded.matches("[A-Za-z0-9._~%-]+"), encoded);
            assertEquals(text.toString(), java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void refusesEmptySegments() {
        assertThrows(IllegalArgumentException.class, () -> PathSegment.encode(""));
        assertEquals("", PathSegment.encodeQueryValue(""));
    }
}
