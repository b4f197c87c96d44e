package io.mxnotify.fakehs.inbox;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The inbox page and its few static files, read once from the class path and served as they are: the page's
 * own files, DOMPurify from its webjar and the Matrix HTML allow-list from module matrix-html-allowlist; no
 * build step, nothing fetched from elsewhere. Only the files named here can be served; the page gets a
 * Content-Security-Policy that lets it load nothing but these files and talk to nothing but this server.
 */
final class InboxAssets {

    /** Where the page's own files are served from; everything else about the inbox lives under /_fake/v1/inbox. */
    static final String PREFIX = "/_fake/inbox/";

    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    private static final String RESOURCE_DIRECTORY = "/io/mxnotify/fakehs/inbox/";
    /** The Matrix HTML allow-list, shared with notifier-core's sanitizer (module matrix-html-allowlist). */
    private static final String ALLOW_LIST = "/io/mxnotify/matrixhtml/allowlist.json";
    private static final String DOMPURIFY_POM = "/META-INF/maven/org.webjars.npm/dompurify/pom.properties";

    /** The login page may post its one form to this server. */
    static final String LOGIN_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("form-action 'none'",
            "form-action 'self'");

    private static final String FAILED_MARKER = "<!--failed-->";

    private final Asset page;
    private final Asset loginPage;
    private final Map<String, Asset> files;

    InboxAssets() {
        page = load(RESOURCE_DIRECTORY + "index.html", "text/html; charset=utf-8");
        loginPage = load(RESOURCE_DIRECTORY + "login.html", "text/html; charset=utf-8");
        files = Map.of(
                "login.js", load(RESOURCE_DIRECTORY + "login.js", JAVASCRIPT),
                "inbox.css", load(RESOURCE_DIRECTORY + "inbox.css", "text/css; charset=utf-8"),
                "inbox.js", load(RESOURCE_DIRECTORY + "inbox.js", JAVASCRIPT),
                "inbox-live.js", load(RESOURCE_DIRECTORY + "inbox-live.js", JAVASCRIPT),
                "matrix-html.js", load(RESOURCE_DIRECTORY + "matrix-html.js", JAVASCRIPT),
                "matrix-html-allowlist.json", load(ALLOW_LIST, "application/json"),
                "purify.min.js", load(dompurifyResource(), JAVASCRIPT));
    }

    /** The names of the page's files, for error messages. */
    SortedSet<String> fileNames() {
        return new TreeSet<>(files.keySet());
    }

    /** Answers the inbox page itself. */
    void servePage(Context ctx) {
        send(ctx, page);
    }

    /** Answers the login form (with a "wrong token" line when {@code failed}). */
    void serveLoginPage(Context ctx, int status, boolean failed) {
        String html = new String(loginPage.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        html = html.replace(FAILED_MARKER, failed
                ? "<p class=\"page-error\" id=\"login-failed\" role=\"alert\">That is not the admin token. Copy it from"
                        + " the banner of mxnotify serve.</p>" : "");
        send(ctx, new Asset(html.getBytes(java.nio.charset.StandardCharsets.UTF_8), loginPage.contentType()),
                LOGIN_CONTENT_SECURITY_POLICY);
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
    }

    /** Answers one of the page's files, or returns false when there is no such file. */
    boolean serveFile(Context ctx, String name) {
        Optional<Asset> asset = Optional.ofNullable(files.get(name));
        asset.ifPresent(found -> send(ctx, found));
        return asset.isPresent();
    }

    private static void send(Context ctx, Asset asset) {
        send(ctx, asset, CONTENT_SECURITY_POLICY);
    }

    private static void send(Context ctx, Asset asset, String contentSecurityPolicy) {
        ctx.status(200);
        ctx.contentType(asset.contentType());
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", contentSecurityPolicy);
        ctx.result(asset.bytes());
    }

    /** Where the DOMPurify webjar keeps its minified script; the version comes from the webjar itself. */
    private static String dompurifyResource() {
        Properties webjar = new Properties();
        try (InputStream in = InboxAssets.class.getResourceAsStream(DOMPURIFY_POM)) {
            if (in == null) {
                throw new IllegalStateException("the DOMPurify webjar (org.webjars.npm:dompurify) is missing from the class path");
            }
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOMPURIFY_POM, e);
        }
        return "/META-INF/resources/webjars/dompurify/" + webjar.getProperty("version") + "/dist/purify.min.js";
    }

    private static Asset load(String resource, String contentType) {
        try (InputStream in = InboxAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the inbox file " + resource + " is missing from the jar");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the inbox file " + resource, e);
        }
    }

    private record Asset(byte[] bytes, String contentType) {
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }
}
