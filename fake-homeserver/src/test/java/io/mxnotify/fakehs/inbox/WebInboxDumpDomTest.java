package io.mxnotify.fakehs.inbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxnotify.fakehs.FakeHomeserver;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inbox opened on a server that already holds messages, read through Chromium's own {@code --dump-dom}
 * rather than chromedriver: what a person, a screenshot or a script sees when the page has settled.
 * (The Selenium tests poll until a message shows; this reads the page once, when Chromium deems it done.)
 */
class WebInboxDumpDomTest {

    private static FakeHomeserver server;
    private static String alerts;
    private static String builds;
    private static String quiet;

    @BeforeAll
    static void serverWithMessages() {
        server = FakeHomeserver.builder().start();
        MatrixTestClient matrix = new MatrixTestClient(server.baseUrl());
        String token = matrix.createUser("bot");
        quiet = matrix.createRoom("quiet"); // first, so that it is the least recently active room
        builds = matrix.createRoom("builds");
        alerts = matrix.createRoom("alerts");
        matrix.join(token, builds);
        matrix.join(token, alerts);
        matrix.sendText(token, builds, "m.text", "build 41 passed");
        matrix.sendText(token, alerts, "m.notice", "plain only 77");
        matrix.sendHtml(token, alerts, "disk **91%** full", "<p>disk <strong>91%</strong> full</p>");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRootShowsTheMessagesTheMostRecentlyActiveRoomAlreadyHolds() {
        Document page = ChromiumDumpDom.dump(server.baseUrl() + "/");

        assertAll(
                () -> assertEquals("", page.getElementById("page-error").text(), "page error"),
                () -> assertTrue(page.getElementById("room-title").text().startsWith("#alerts:"),
                        page.getElementById("room-title").text()),
                () -> assertEquals(List.of("plain only 77", "disk 91% full"), bodies(page)),
                () -> assertNotNull(page.getElementById("no-messages").attributes().get("hidden")),
                () -> assertEquals("strong", page.selectFirst("#messages .message .body.html strong").tagName()),
                () -> assertTrue(page.selectFirst(".room-link[aria-current=page] .room-stats").text()
                        .endsWith("2 messages")),
                () -> assertEquals("live", page.getElementById("live-status").attr("data-state")));
    }

    @Test
    void aLinkToARoomShowsThatRoomsMessages() {
        Document page = ChromiumDumpDom.dump(server.baseUrl() + "/#/rooms/" + builds.replace("!", "%21")
                .replace(":", "%3A"));

        assertAll(
                () -> assertEquals("", page.getElementById("page-error").text(), "page error"),
                () -> assertTrue(page.getElementById("room-title").text().startsWith("#builds:"),
                        page.getElementById("room-title").text()),
                () -> assertEquals(List.of("build 41 passed"), bodies(page)));
    }

    @Test
    void anEmptyRoomSaysSoOnceThePageHasSettled() {
        Document page = ChromiumDumpDom.dump(server.baseUrl() + "/#/rooms/" + quiet.replace("!", "%21")
                .replace(":", "%3A"));
        Element noMessages = page.getElementById("no-messages");
        assertAll(
                () -> assertTrue(page.getElementById("room-title").text().startsWith("#quiet:"),
                        page.getElementById("room-title").text()),
                () -> assertFalse(noMessages.hasAttr("hidden"), noMessages.outerHtml()),
                () -> assertNull(page.selectFirst("#messages li")));
    }

    private static List<String> bodies(Document page) {
        return page.select("#messages .message .body").eachText();
    }
}
