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
import org.openqa.selenium.OutputType;
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
    void clearingARoomEmptiesItOnThePageAndOnTheServer() {
        String token = matrix.createUser("bot");
        String roomId = matrix.createRoom("alerts");
        matrix.join(token, roomId);
        matrix.sendText(token, roomId, "m.text", "old news");
        openInbox("/");
        waitForMessage("old news");

        browser.findElement(By.id("clear-room")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-messages")));
        assertEquals(List.of(), messageBodies());
        assertEquals(0, matrix.get("/_fake/v1/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8) + "/events")
                .body().get("events").size());
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

    private List<String> messageBodies() {
        return browser.findElements(By.cssSelector("#messages .message .body")).stream()
                .map(WebElement::getText)
                .toList();
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
