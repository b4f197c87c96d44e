package io.mxnotify.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"matrix.org", "matrix.org:8888", "1.2.3.4", "1.2.3.4:1234", "[1234:5678::abcd]",
            "[1234:5678::abcd]:5678", "localhost", "[::1]", "[::ffff:192.0.2.1]", "MATRIX.ORG", "a-b.c"})
    void acceptsSpecServerNames(String name) {
        assertEquals(name, ServerName.parse(name).value());
    }

    @Test
    void serverNameParts() {
        ServerName v6 = ServerName.parse("[1234:5678::abcd]:5678");
        assertEquals("[1234:5678::abcd]", v6.hostname());
        assertEquals(OptionalInt.of(5678), v6.port());
        assertEquals(ServerName.HostKind.IPV6, v6.hostKind());
        assertEquals(ServerName.HostKind.IPV4, ServerName.parse("10.0.0.1").hostKind());
        assertEquals(ServerName.HostKind.DNS, ServerName.parse("example.org").hostKind());
        assertEquals(OptionalInt.empty(), ServerName.parse("example.org").port());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|it is empty",
            "exa_mple.org|'_' (U+005F) at index 3 is not allowed in a DNS name",
            "example.org:|the port after ':' is empty",
            "example.org:80a|'a' (U+0061) at index 14 is not a digit",
            "example.org:123456|more than 5 digits",
            "example.org:70000|outside 1-65535",
            "256.1.1.1|IPv4 literal part '256' is greater than 255",
            "[1234::abcd|never closed",
            "[12g4::1]|'g' (U+0067) at index 3 is not allowed in an IPv6 literal",
            "[1:2:3]|not an IPv6 address",
            "[1::2::3]|not an IPv6 address",
            "[::1]x|only ':port' may follow",
            ":8080|the hostname before ':' is empty"})
    void rejectsBadServerNamesSayingWhy(String input, String why) {
        InvalidIdentifierException e = assertThrows(InvalidIdentifierException.class, () -> ServerName.parse(input));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().contains("server name"), e.getMessage());
    }

    @Test
    void userIdsFollowTheCurrentGrammar() {
        UserId id = UserId.parse("@bot.alerts_1=+/-:example.org:8448");
        assertEquals("bot.alerts_1=+/-", id.localpart());
        assertEquals(ServerName.parse("example.org:8448"), id.server());
        assertTrue(id.isCompliant());

        InvalidIdentifierException upper = assertThrows(InvalidIdentifierException.class, () -> UserId.parse("@Bot:example.org"));
        assertTrue(upper.getMessage().contains("'B' (U+0042) at index 1 is not allowed in a user id localpart"), upper.getMessage());
        assertTrue(upper.getMessage().contains("try '@bot:example.org'"), upper.getMessage());

        assertTrue(assertThrows(InvalidIdentifierException.class, () -> UserId.parse("bot:example.org"))
                .getMessage().contains("must start with '@'"));
        assertTrue(assertThrows(InvalidIdentifierException.class, () -> UserId.parse("@bot"))
                .getMessage().contains("no ':'"));
        assertTrue(assertThrows(InvalidIdentifierException.class, () -> UserId.parse("@:example.org"))
                .getMessage().contains("localpart between '@' and ':' is empty"));
        assertTrue(assertThrows(InvalidIdentifierException.class, () -> UserId.parse("@bot:exa mple.org"))
                .getMessage().contains("server name part is wrong"));
        String longId = "@" + "a".repeat(250) + ":example.org";
        assertTrue(assertThrows(InvalidIdentifierException.class, () -> UserId.parse(longId))
                .getMessage().contains("must not exceed 255 bytes"));
    }

    @Test
    void historicalUserIdsAreAcceptedWhenServersReportThem() {
        UserId old = UserId.parseHistorical("@Old User!:example.org");
        assertFalse(old.isCompliant());
        assertEquals("Old User!", old.localpart());
        assertThrows(InvalidIdentifierException.class, () -> UserId.parseHistorical("@a\u0000b:example.org"));
    }

    @Test
    void roomIdsWithAndWithoutServer() {
        RoomId classic = RoomId.parse("!WUcxpSjKyxSGelouhA:matrix.org");
        assertEquals("matrix.org", classic.server().orElseThrow().value());
        RoomId hashed = RoomId.parse("!acR1l0raoZnm60CBwAVgqbZqoO_mYU2NEd2eE7GA3fM");
        assertTrue(hashed.server().isEmpty());
        assertTrue(assertThrows(InvalidIdentifierException.class, () -> RoomId.parse("!"))
                .getMessage().contains("part after '!' is empty"));
        assertTrue(assertThrows(InvalidIdentifierException.class, () -> RoomId.parse("#alias:x"))
                .getMessage().contains("must start with '!'"));
    }

    @Test
    void roomAliases() {
        RoomAlias alias = RoomAlias.parse("#alerts:example.org");
        assertEquals("alerts", alias.localpart());
        assertEquals("example.org", alias.server().value());
        assertEquals("#été:example.org", RoomAlias.parse("#été:example.org").value());
        assertTrue(assertThrows(InvalidIdentifierException.class, () -> RoomAlias.parse("#alerts"))
                .getMessage().contains("no ':'"));
    }

    @Test
    void roomRefDispatchesOnSigil() {
        assertInstanceOf(RoomId.class, RoomRef.parse("!abc:example.org"));
        assertInstanceOf(RoomAlias.class, RoomRef.parse("#abc:example.org"));
        InvalidIdentifierException e = assertThrows(InvalidIdentifierException.class, () -> RoomRef.parse("abc:example.org"));
        assertTrue(e.getMessage().contains("a room id starts with '!' and a room alias with '#'"), e.getMessage());
    }

    @Test
    void controlCharactersAreShownEscapedInMessages() {
        InvalidIdentifierException e = assertThrows(InvalidIdentifierException.class, () -> UserId.parse("@a\nb:example.org"));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("\\u000A"), e.getMessage());
    }

    @Test
    void equalityIsByExactValueAndCaseSensitive() {
        assertEquals(RoomId.parse("!a:b"), RoomId.parse("!a:b"));
        assertFalse(ServerName.parse("matrix.org").equals(ServerName.parse("MATRIX.ORG")));
    }

    @Test
    void identifiersAreJsonStrings() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals("\"!r:example.org\"", json.writeValueAsString(RoomId.parse("!r:example.org")));
        assertEquals(UserId.parse("@bot:example.org"), json.readValue("\"@bot:example.org\"", UserId.class));
        assertEquals(RoomAlias.parse("#a:b"), json.readValue("\"#a:b\"", RoomAlias.class));
        assertEquals(ServerName.parse("b:8448"), json.readValue("\"b:8448\"", ServerName.class));
        assertThrows(com.fasterxml.jackson.databind.JsonMappingException.class, () -> json.readValue("\"no-sigil\"", RoomId.class));
    }

    @Test
    void everyIdentifierEncodesAsOnePathSegment() {
        assertEquals("%21WUcxpSjKyxSGelouhA%3Amatrix.org", RoomId.parse("!WUcxpSjKyxSGelouhA:matrix.org").pathSegment());
        assertEquals("%23alerts%3Aexample.org", RoomAlias.parse("#alerts:example.org").pathSegment());
        assertEquals("%40bot%3Aexample.org", UserId.parse("@bot:example.org").pathSegment());
        assertEquals("%5B%3A%3A1%5D%3A8448", ServerName.parse("[::1]:8448").pathSegment());
        assertEquals("%24abc", EventId.parse("$abc").pathSegment());
    }
}
