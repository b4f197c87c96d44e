package io.mxnotify.fakehs.inbox;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium, driven through Debian's {@code chromedriver}, for a browser test class.
 *
 * <p>The browser and its driver are the system's ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}),
 * named explicitly so that Selenium Manager never tries to download anything. When they are missing the
 * test is skipped with a hint ({@code bash .ci/setup.d/chromium.sh}), except under CI (environment
 * variable {@code CI} set), where it fails: CI must have installed them. Each instance gets a fresh
 * temporary profile, deleted on {@link #close()}.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Starts a browser with a window of the given size, or skips (fails under CI) when none is installed. */
    static HeadlessChromium launch(int width, int height) {
        requireInstalled();
        Path profile = createProfileDirectory();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--user-data-dir=" + profile,
                        "--window-size=" + width + "," + height);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(profile, service, driver);
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(profile);
            throw e;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteRecursively(profile);
        }
    }

    static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (installed) {
            return;
        }
        String missing = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian's chromium and chromium-driver): run `bash .ci/setup.d/chromium.sh`";
        if (System.getenv("CI") != null) {
            fail("CI is set but " + missing);
        }
        assumeTrue(false, missing);
    }

    static Path createProfileDirectory() {
        try {
            return Files.createTempDirectory("mxnotify-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Chromium profile directory", e);
        }
    }

    static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary profile is harmless; the browser may still be releasing files.
        }
    }
}
