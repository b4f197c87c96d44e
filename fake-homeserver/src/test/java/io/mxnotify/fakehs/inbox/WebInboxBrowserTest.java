package io.mxnotify.fakehs.inbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.FakeHomeserver;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web inbox in a real browser (headless Chromium) against a running fake home server: messages
 * arrive live, HTML is rendered safely, the controls work. One browser and one server for the class.
 */
class WebInboxBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static HeadlessChromium chromium;
    private static FakeHomeserver server;
    private static MatrixTestClient matrix;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void startBrowserAndServer() {
        chromium = HeadlessChromium.launch(1280, 860);
        server = FakeHomeserver.builder().start();
        matrix = new MatrixTestClient(server.baseUrl());
    }

    @AfterAll
    static void stopBrowserAndServer() {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @BeforeEach
    void freshServerAndWindow() {
        assertEquals(200, matrix.post("/_fake/v1/reset", null).status());
        browser = chromium.driver();
        browser.manage().window().setSize(new Dimension(1280, 860));
        wait = new WebDriverWait(browser, PATIENCE);
        wait.ignoring(StaleElementReferenceException.class); // live updates re-render parts of the page
    }

    @Test
    void aMessageSentThroughTheApiAppearsLiveWithoutReloading() {
        String token = matrix.createUser("bot");
        String roomId = matrix.createRoom("alerts");
        matrix.join(token, roomId);
        matrix.sendText(token, roomId, "m.text", "first message");

        openInbox("/");
        waitForMessage("first message");
        js("window.__sameDocument = 'yes';");

        assertEquals(200, matrix.sendText(token, roomId, "m.notice", "disk 91% full").status());

        WebElement notice = waitForMessage("disk 91% full");
        assertAll(
                () -> assertEquals("yes", js("return window.__sameDocument;"), "the page was reloaded"),
                () -> assertTrue(notice.getAttribute("class").contains("notice")),
                () -> assertEquals("m.notice", notice.findElement(By.className("msgtype")).getText()),
                () -> assertTrue(notice.findElement(By.className("sender")).getText().startsWith("@bot:")),
                () -> assertFalse(notice.findElement(By.tagName("time")).getText().isBlank()),
                () -> assertEquals(List.of("first message", "disk 91% full"), messageBodies(), "oldest first"),
                () -> wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector(".room-link[aria-current=page] .room-stats"), "2 messages")));

        notice.findElement(By.cssSelector(".raw summary")).click();
        String raw = notice.findElement(By.cssSelector(".raw pre")).getText();
        assertTrue(raw.contains("\"event_id\"") && raw.contains("\"msgtype\": \"m.notice\""), raw);
    }

    @Test
    void eachRoomHasItsOwnLinkAndTheRootOpensTheMostRecentlyActiveRoom() {
        String token = matrix.createUser("bot");
        String alerts = matrix.createRoom("alerts");
        String builds = matrix.createRoom("builds");
        matrix.join(token, alerts);
        matrix.join(token, builds);
        matrix.sendText(token, alerts, "m.text", "an alert");
        matrix.sendText(token, builds, "m.text", "build 42 passed");

        openInbox("/");
        waitForMessage("build 42 passed");
        assertTrue(selectedRoomTitle().startsWith("#builds:"), selectedRoomTitle());

        browser.findElement(By.cssSelector(".room-link[data-room-id='" + alerts + "']")).click();
        waitForMessage("an alert");
        String alertsUrl = browser.getCurrentUrl();
        assertTrue(alertsUrl.contains("#/rooms/"), alertsUrl);

        browser.navigate().to(server.baseUrl() + "/");
        waitForMessage("build 42 passed");
        browser.navigate().to(alertsUrl);
        browser.navigate().refresh();
        waitForMessage("an alert");
        assertTrue(selectedRoomTitle().startsWith("#alerts:"), selectedRoomTitle());
        assertEquals(List.of("an alert"), messageBodies());

        browser.findElement(By.id("copy-curl")).click();
        String curl = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("command-preview"))).getText();
        assertTrue(curl.contains(server.baseUrl() + "/_matrix/client/v3/rooms/" + alerts.replace("!", "%21")
                .replace(":", "%3A") + "/send/m.room.message/"), curl);
        browser.findElement(By.id("copy-mxnotify")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("command-preview"),
                "./mxnotify send --room '#alerts:"));
    }

    @Test
    void htmlInAMessageIsRenderedSafely() {
        String token = matrix.createUser("bot");
        String roomId = matrix.createRoom("alerts");
        matrix.join(token, roomId);
        openInbox("/");
        waitForLive();

        String payload = "<p><b onclick=\"window.__pwned='onclick'\">bold</b> <i>italic</i>"
                + "<script>window.__pwned='script'</script>"
                + "<img src=x onerror=\"window.__pwned='onerror'\">"
                + "<a href=\"javascript:window.__pwned='href'\">js link</a> "
                + "<a href=\" JaVaScRiPt:window.__pwned='href2'\">js link 2</a> "
                + "<a id=ok href=\"https://example.org/page\">good link</a>"
                + "<font color=\"#ff0000\" style=\"position:fixed\">red</font>"
                + "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>"
                + "<svg><script>window.__pwned='svg'</script></svg>"
                + "<details open ontoggle=\"window.__pwned='ontoggle'\"><summary>more</summary>hidden</details>"
                + "<mx-reply>quoted fallback</mx-reply>"
                + "<marquee>unwrapped text</marquee></p>";
        assertEquals(200, matrix.sendHtml(token, roomId, "plain fallback", payload).status());
        matrix.sendText(token, roomId, "m.text", "<script>window.__pwned='plain'</script> as text");

        WebElement html = waitForMessageContaining("good link");
        waitForMessage("<script>window.__pwned='plain'</script> as text");
        WebElement body = html.findElement(By.className("body"));
        body.findElement(By.linkText("js link")).click();
        body.findElement(By.linkText("js link 2")).click();

        @SuppressWarnings("unchecked")
        Map<String, Object> found = (Map<String, Object>) js(
                "const body = arguments[0];"
                        + "const attrs = [...body.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name));"
                        + "return {"
                        + " pwned: window.__pwned === undefined ? null : String(window.__pwned),"
                        + " dangerous: body.querySelectorAll('script, img, iframe, svg, style, mx-reply, marquee').length,"
                        + " handlers: attrs.filter(n => n.startsWith('on')).length,"
                        + " styleAttrs: attrs.filter(n => n === 'style').length,"
                        + " links: [...body.querySelectorAll('a')].map(a => a.textContent + ' -> ' + a.getAttribute('href')),"
                        + " okRel: [...body.querySelectorAll('a[href]')].map(a => a.getAttribute('rel')).join(),"
                        + " ids: body.querySelectorAll('[id]').length,"
                        + " bold: body.querySelector('b').textContent,"
                        + " red: body.querySelector('font').style.color,"
                        + " text: body.textContent"
                        + "};", body);
        assertAll(
                () -> assertNull(found.get("pwned"), "a payload ran"),
                () -> assertEquals(0L, found.get("dangerous"), "dangerous elements were kept"),
                () -> assertEquals(0L, found.get("handlers"), "event handler attributes were kept"),
                () -> assertEquals(1L, found.get("styleAttrs"), "only the colour from the allowed color attribute"),
                () -> assertEquals(List.of("js link -> null", "js link 2 -> null", "good link -> https://example.org/page"),
                        found.get("links"), "javascript: links must lose their href"),
                () -> assertEquals(0L, found.get("ids"), "attributes outside the allow-list were kept"),
                () -> assertTrue(String.valueOf(found.get("okRel")).contains("noopener")),
                () -> assertEquals("bold", found.get("bold")),
                () -> assertEquals("rgb(255, 0, 0)", found.get("red")),
                () -> assertTrue(String.valueOf(found.get("text")).contains("unwrapped text")),
                () -> assertFalse(String.valueOf(found.get("text")).contains("quoted fallback")),
                () -> assertEquals(server.baseUrl() + "/", browser.getCurrentUrl().replaceFirst("#.*$", "")));
    }

    /** The renderer itself, case by case: what the spec's HTML subset keeps, and what it must not. */
    @Test
    void theRendererKeepsOnlyTheSpecsHtmlSubset() {
        openInbox("/");
        waitForLive();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <del>d</del> <sup>1</sup>",
                "<b>bold</b> <i>it</i> <u>u</u> <s>s</s> <del>d</del> <sup>1</sup>");
        cases.put("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>");
        cases.put("<a href=\"java&#x09;script:alert(1)\">x</a>", "<a>x</a>");
        cases.put("<a href=\"data:text/html,hi\">d</a><a href=\"/relative\">r</a><a href=\"vbscript:x\">v</a>",
                "<a>d</a><a>r</a><a>v</a>");
        cases.put("<a href=\"https://example.org/?a=1&amp;b=2\" onclick=\"x()\" title=\"t\">x</a>",
                "<a href=\"https://example.org/?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">x</a>");
        cases.put("<a href=\"mailto:ops@example.org\">m</a>",
                "<a href=\"mailto:ops@example.org\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">m</a>");
        cases.put("<img src=\"mxc://example.org/abc\" alt=\"graph\" onerror=\"x()\">",
                "<span class=\"image-placeholder\" title=\"mxc://example.org/abc\">[image: graph]</span>");
        cases.put("<span data-mx-color=\"#00ff00\" data-mx-bg-color=\"red\" onmouseover=\"x()\">c</span>",
                "<span data-mx-color=\"#00ff00\" style=\"color: rgb(0, 255, 0);\">c</span>");
        cases.put("<font color=\"#0000ff\" face=\"x\">f</font>", "<font color=\"#0000ff\" style=\"color: rgb(0, 0, 255);\">f</font>");
        cases.put("<code class=\"language-java\">x</code><code class=\"language-java evil\">y</code>",
                "<code class=\"language-java\">x</code><code>y</code>");
        cases.put("<ol start=\"3\" type=\"a\"><li>x</li></ol>", "<ol start=\"3\"><li>x</li></ol>");
        cases.put("<mx-reply><blockquote>quoted</blockquote></mx-reply>answer", "answer");
        cases.put("<div onclick=\"x()\" style=\"position:fixed\" class=\"c\" id=\"i\">d</div>", "<div>d</div>");
        cases.put("<style>body{display:none}</style>visible", "visible");
        cases.put("<blink>text</blink><center>more</center>", "textmore");
        cases.put("<!-- comment -->after", "after");
        cases.put("<table><tr><td>1</td></tr></table>", "<table><tbody><tr><td>1</td></tr></tbody></table>");
        cases.put("<form action=\"x\"><input value=\"v\"><button>b</button></form>kept", "kept");
        cases.put("<svg><a href=\"javascript:x()\">s</a></svg><math><mi>m</mi></math>", "");
        // the classic mutation-XSS probe: the parser lifts the <p> out of the <noscript>, its title is dropped
        cases.put("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", "<p></p>");
        cases.put("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;");
        cases.put("<details><summary>more</summary>hidden</details>",
                "<details><summary>more</summary>hidden</details>");

        @SuppressWarnings("unchecked")
        List<String> rendered = (List<String>) js("return arguments[0].map(input => {"
                + " const box = document.createElement('div');"
                + " box.append(MatrixHtml.render(input));"
                + " return box.innerHTML; });", List.copyOf(cases.keySet()));
        assertEquals(List.copyOf(cases.values()), rendered);

        Number nested = (Number) js("const box = document.createElement('div');"
                + " box.append(MatrixHtml.render('<b>'.repeat(150) + 'deep' + '</b>'.repeat(150)));"
                + " return box.querySelectorAll('b').length + (box.textContent === 'deep' ? 1000 : 0);");
        assertEquals(1100, nested.intValue(), "nesting is cut at 100 levels, the text is kept");
        assertNull(js("return window.__pwned === undefined ? null : String(window.__pwned);"));
    }

    /**
     * The OWASP XSS filter-evasion corpus (module matrix-html-allowlist, src/test/xss), each payload sent as a
     * message's formatted_body: shown on the page, none runs, and what is on the page holds nothing that could.
     */
    @Test
    void theXssFilterEvasionCorpusStaysInertInTheInbox() throws IOException {
        String token = matrix.createUser("bot");
        String roomId = matrix.createRoom("xss");
        matrix.join(token, roomId);
        openInbox("/");
        waitForLive();
        js("window.__pwned = null;"
                + " for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {"
                + "   window[name] = (...args) => { window.__pwned = name + '(' + args.join() + ')'; }; }");

        List<String> payloads = xssCorpus();
        for (String payload : payloads) {
            assertEquals(200, matrix.sendHtml(token, roomId, "xss payload", payload).status(), payload);
        }
        matrix.sendText(token, roomId, "m.text", "end of corpus");
        waitForMessage("end of corpus");

        @SuppressWarnings("unchecked")
        List<String> shownIds = (List<String>) js("return [...document.querySelectorAll('#messages .message')]"
                + ".map(m => m.dataset.eventId);");
        List<String> missing = new ArrayList<>();
        for (JsonNode event : matrix.get("/_fake/v1/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)
                + "/events").body().get("events")) {
            if (event.path("type").asText().equals("m.room.message") && !shownIds.contains(event.get("event_id").asText())) {
                missing.add(event.path("content").path("formatted_body").asText());
            }
        }
        assertEquals(List.of(), missing, "messages the page does not show");

        @SuppressWarnings("unchecked")
        Map<String, Object> found = (Map<String, Object>) js(
                "const bodies = [...document.querySelectorAll('#messages .message .body.html')];"
                        + "const elements = bodies.flatMap(b => [...b.querySelectorAll('*')]);"
                        + "const allowed = new Set(arguments[0]);"
                        + "return {"
                        + " pwned: window.__pwned,"
                        + " shown: document.querySelectorAll('#messages .message').length - 1,"
                        + " notHtml: [...document.querySelectorAll('#messages .message')].map(m => m.querySelector('.body'))"
                        + "   .filter(b => !b.classList.contains('html')).map(b => b.className + ': ' + b.textContent),"
                        + " pageError: document.getElementById('page-error').textContent,"
                        + " foreign: [...new Set(elements.map(e => e.localName).filter(t => !allowed.has(t)))],"
                        + " handlers: elements.flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on')),"
                        + " styled: elements.filter(e => e.hasAttribute('style') && !e.hasAttribute('data-mx-color')"
                        + "   && !e.hasAttribute('data-mx-bg-color') && !e.hasAttribute('color')).map(e => e.outerHTML),"
                        + " hrefs: elements.filter(e => e.hasAttribute('href')).map(e => e.getAttribute('href'))"
                        + "   .filter(h => !/^(https?|ftp|mailto|magnet):/i.test(h)),"
                        + " images: bodies.flatMap(b => [...b.querySelectorAll('img, image, iframe, object, embed, svg, math')]).length"
                        + "};", List.of("font", "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul", "ol",
                "sup", "sub", "li", "b", "i", "u", "strong", "em", "s", "code", "hr", "br", "div", "table", "thead",
                "tbody", "tr", "th", "td", "caption", "pre", "span", "details", "summary"));
        assertAll(
                () -> assertNull(found.get("pwned"), "a payload ran"),
                () -> assertEquals((long) payloads.size(), found.get("shown"), () -> "every payload is shown as a message; "
                        + "other messages: " + found.get("notHtml") + ", page error: " + found.get("pageError")),
                () -> assertEquals(List.of(), found.get("foreign"), "elements outside the spec's list"),
                () -> assertEquals(List.of(), found.get("handlers"), "event handler attributes"),
                () -> assertEquals(List.of(), found.get("styled"), "style other than a Matrix colour"),
                () -> assertEquals(List.of(), found.get("hrefs"), "links with other schemes"),
                () -> assertEquals(0L, found.get("images"), "images or embedded documents (mxc images become placeholders)"));
    }

    private static List<String> xssCorpus() throws IOException {
        try (var in = WebInboxBrowserTest.class.getResourceAsStream("/xss/owasp-xss-filter-evasion.txt")) {
            assertTrue(in != null, "the XSS corpus is missing from the test class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        }
    }

    @Test
    void everyControlIsReachableWithTheKeyboard() {
        String token = matrix.createUser("bot");
        String roomId = matrix.createRoom("alerts");
        matrix.join(token, roomId);
        matrix.send(token, roomId, new ObjectMapper().createObjectNode()
                .put("msgtype", "m.emote").put("body", "restarts the backup"));
        openInbox("/");
        WebElement emote = waitForMessage("* @bot:localhost restarts the backup");

        List<String> expected = List.of("a.skip-link", "#clear-all", "a.room-link", "#copy-mxnotify", "#copy-curl",
                "#clear-room", "summary.", "#fault-preset", "#fault-add");
        List<String> reached = new ArrayList<>();
        browser.findElement(By.tagName("body")).click();
        for (int i = 0; i < 60 && !reached.containsAll(expected); i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
            WebElement focused = browser.switchTo().activeElement();
            String id = focused.getAttribute("id");
            reached.add(id != null && !id.isEmpty() ? "#" + id : focused.getTagName() + "." + focused.getAttribute("class"));
        }
        assertTrue(reached.containsAll(expected), "Tab reached " + reached + ", expected all of " + expected);

        WebElement summary = emote.findElement(By.cssSelector(".raw summary"));
        summary.sendKeys(Keys.ENTER);
        assertTrue(emote.findElement(By.cssSelector(".raw pre")).isDisplayed(), "Enter opens the raw JSON");
    }

    @Test
    void aUserWithTooManyDevicesIsFlagged() {
        matrix.createUser("cron");
        openInbox("/");
        waitForLive();
        assertFalse(browser.findElement(By.id("warnings")).isDisplayed());
        ObjectNode login = new ObjectMapper().createObjectNode()
                .put("type", "m.login.password").put("user", "cron").put("password", "pw-cron");
        for (int i = 0; i < 12; i++) {
            assertEquals(200, matrix.call("POST", "/_matrix/client/v3/login", null, login).status());
        }
        WebElement warning = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("warnings")));
        assertTrue(warning.getText().contains("@cron:localhost"), warning.getText());
    }

    @Test
    void eventsDroppedByTheRetentionCapLeaveThePageToo() {
        try (FakeHomeserver capped = FakeHomeserver.builder().retentionCap(3)
                .user("bot", "bot-password").room("alerts").member("bot", "alerts").start()) {
            MatrixTestClient client = new MatrixTestClient(capped.baseUrl());
            String token = capped.user("bot").accessToken();
            String roomId = capped.rooms().get(0).roomId();
            client.sendText(token, roomId, "m.text", "one");
            client.sendText(token, roomId, "m.text", "two");
            browser.navigate().to(capped.baseUrl() + "/");
            waitForMessage("two");

            for (String body : List.of("three", "four", "five")) {
                assertEquals(200, client.sendText(token, roomId, "m.text", body).status());
            }
            wait.until(driver -> messageBodies().equals(List.of("three", "four", "five")));
            WebElement note = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dropped-note")));
            assertTrue(note.getText().contains("dropped by the retention cap"), note.getText());
        }
    }

    @Test
    void faultRulesAreAddedAndRemovedFromThePage() {
        String token = matrix.createUser("bot");
        String roomId = matrix.createRoom("alerts");
        matrix.join(token, roomId);
        openInbox("/");
        waitForLive();

        new Select(browser.findElement(By.id("fault-preset"))).selectByValue("send-503");
        WebElement times = browser.findElement(By.id("fault-times"));
        times.clear();
        times.sendKeys("2");
        browser.findElement(By.id("fault-add")).click();
        WebElement rule = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fault-list .fault")));
        assertTrue(rule.getText().contains("503"), rule.getText());

        MatrixTestClient.Answer failed = matrix.sendText(token, roomId, "m.text", "during the outage");
        assertEquals(503, failed.status(), failed.body().toString());
        assertTrue(failed.body().has("errcode"), failed.body().toString());

        rule.findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#fault-list .fault"), 0));
        JsonNode faults = matrix.get("/_fake/v1/faults").body().get("faults");
        assertEquals(0, faults.size(), faults.toString());

        assertEquals(200, matrix.sendText(token, roomId, "m.text", "after the outage").status());
        waitForMessage("after the outage");
        assertEquals(List.of("after the outage"), messageBodies());
    }

    @Test
    void clearingEmptiesRoomsOnThePageAndOnTheServerButKeepsTheirMembers() {
        String token = matrix.createUser("bot");
        String alerts = matrix.createRoom("alerts");
        String builds = matrix.createRoom("builds");
        matrix.join(token, alerts);
        matrix.join(token, builds);
        matrix.sendText(token, builds, "m.text", "build news");
        matrix.sendText(token, alerts, "m.text", "old news");
        openInbox("/");
        waitForMessage("old news");

        browser.findElement(By.id("clear-room")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-messages")));
        assertEquals(List.of(), messageBodies());
        assertEquals(0, storedEvents(alerts));
        assertEquals(1, storedEvents(builds), "only the selected room is cleared");

        browser.findElement(By.id("clear-all")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(driver -> storedEvents(builds) == 0);
        assertEquals(200, matrix.sendText(token, alerts, "m.text", "still a member").status(),
                "clearing keeps users, memberships and tokens");
        waitForMessage("still a member");
    }

    /**
     * Fills a room as a notifier would, checks the page fits a phone without sideways scrolling, and
     * leaves screenshots in target/ (docs/inbox.png is one of them, committed by hand).
     */
    @Test
    void screenshotsOnALaptopAndAPhone() throws IOException {
        String ci = matrix.createUser("ci-bot");
        String monitor = matrix.createUser("monitor");
        String alerts = matrix.createRoom("alerts");
        String builds = matrix.createRoom("builds");
        for (String room : List.of(alerts, builds)) {
            matrix.join(ci, room);
            matrix.join(monitor, room);
        }
        matrix.sendText(ci, builds, "m.notice", "build #41 passed on main");
        matrix.sendText(monitor, alerts, "m.notice", "disk /var 91% full on db-1");
        matrix.sendHtml(monitor, alerts, "Backup failed on db-1: exit code 2. Runbook: https://example.org/runbooks/backup",
                "<p><strong>Backup failed</strong> on <code>db-1</code>: exit code 2</p>"
                        + "<ul><li>last success: 26 hours ago</li><li>retrying in <em>10 min</em></li></ul>"
                        + "<p>Runbook: <a href=\"https://example.org/runbooks/backup\">backup</a></p>");
        matrix.sendText(ci, alerts, "m.text", "deploy 2026.11.27-3 rolled out to production");
        ObjectNode rule = new ObjectMapper().createObjectNode()
                .put("method", "PUT").put("path", "/send/").put("status", 503).put("errcode", "M_UNKNOWN").put("times", 3);
        assertEquals(200, matrix.post("/_fake/v1/faults", rule).status());

        openInbox("/");
        waitForMessage("deploy 2026.11.27-3 rolled out to production");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#fault-list .fault")));
        save("inbox.png");

        browser.manage().window().setSize(new Dimension(390, 844));
        Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth;");
        assertTrue(overflow.intValue() <= 0, "the page scrolls sideways on a phone by " + overflow + " px");
        save("inbox-phone.png");
    }

    // ---------------------------------------------------------------- helpers

    private void openInbox(String path) {
        browser.navigate().to(server.baseUrl() + path);
    }

    private void waitForLive() {
        wait.until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
        wait.until(driver -> driver.findElement(By.tagName("body")).getAttribute("data-ready") != null);
    }

    private WebElement waitForMessage(String bodyText) {
        return waitForMessageWhere(text -> text.equals(bodyText));
    }

    private WebElement waitForMessageContaining(String part) {
        return waitForMessageWhere(text -> text.contains(part));
    }

    private WebElement waitForMessageWhere(Predicate<String> bodyText) {
        return wait.until(driver -> driver.findElements(By.cssSelector("#messages .message")).stream()
                .filter(item -> bodyText.test(item.findElement(By.className("body")).getText()))
                .findFirst()
                .orElse(null));
    }

    /** The bodies shown, oldest first, read in one go (the list may be re-rendered at any moment). */
    @SuppressWarnings("unchecked")
    private List<String> messageBodies() {
        return (List<String>) js("return [...document.querySelectorAll('#messages .message .body')]"
                + ".map(body => body.innerText.trim());");
    }

    private int storedEvents(String roomId) {
        return matrix.get("/_fake/v1/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/events")
                .body().get("events").size();
    }

    private String selectedRoomTitle() {
        return browser.findElement(By.id("room-title")).getText();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void save(String name) throws IOException {
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, png);
        assertTrue(png.length > 10_000, "the screenshot " + target + " looks empty");
    }
}
