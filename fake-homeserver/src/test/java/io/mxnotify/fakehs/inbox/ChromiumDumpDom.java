package io.mxnotify.fakehs.inbox;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * The inbox as Chromium's own command line sees it, without chromedriver: {@code chromium --headless
 * --virtual-time-budget=... --dump-dom URL}, in a fresh profile, and the DOM it prints parsed with jsoup.
 *
 * <p>The virtual-time budget is Chromium's way to let a page finish its work before it is read: virtual
 * time stands still while any of the page's requests is pending, and otherwise runs the page's timers
 * fast-forward until the budget is spent. A page that keeps a request open for good therefore never gets
 * read at all: {@link #dump} fails after a generous real-time bound (a hang guard, not a speed check).
 */
final class ChromiumDumpDom {

    private static final Duration VIRTUAL_TIME_BUDGET = Duration.ofSeconds(10);
    private static final Duration HANG_GUARD = Duration.ofSeconds(90);

    private ChromiumDumpDom() {
    }

    /** Opens the URL in a headless Chromium of its own, lets the page settle, and answers its DOM. */
    static Document dump(String url) {
        HeadlessChromium.requireInstalled();
        Path profile = HeadlessChromium.createProfileDirectory();
        try {
            Path out = Files.createTempFile(profile.getParent(), "dump-dom-", ".html");
            Path err = Files.createTempFile(profile.getParent(), "dump-dom-", ".log");
            try {
                return run(url, profile, out, err);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + HeadlessChromium.CHROMIUM, e);
        } finally {
            HeadlessChromium.deleteRecursively(profile);
        }
    }

    private static Document run(String url, Path profile, Path out, Path err) throws IOException {
        List<String> command = List.of(HeadlessChromium.CHROMIUM.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile,
                "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET.toMillis(),
                "--dump-dom", url);
        Process chromium = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try {
            if (!chromium.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                fail("chromium --dump-dom " + url + " never printed the page: it did not settle within the "
                        + "virtual-time budget (a request that never ends stops virtual time). stderr:\n"
                        + tail(err));
            }
        } catch (InterruptedException e) {
            chromium.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for chromium", e);
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        if (chromium.exitValue() != 0 || dom.isBlank()) {
            fail("chromium --dump-dom " + url + " exited with " + chromium.exitValue() + " and printed "
                    + dom.length() + " characters. stderr:\n" + tail(err));
        }
        return Jsoup.parse(dom, url);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
