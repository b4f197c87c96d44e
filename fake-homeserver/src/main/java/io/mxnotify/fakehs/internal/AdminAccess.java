package io.mxnotify.fakehs.internal;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Who may use the {@code /_fake/v1} inspection and control API (and the web inbox's stream).
 * <ul>
 *   <li>With an admin token (always when bound beyond loopback): every request but {@code GET
 *       /_fake/v1/health} shows it, as {@code Authorization: Bearer <admin token>} or as the cookie the
 *       inbox's login sets; anything else is 401.</li>
 *   <li>Without one (loopback): the {@code Host} must name this machine's loopback, its bind address or
 *       its server name, so a web page whose DNS name was rebound to 127.0.0.1 is refused.</li>
 *   <li>Always: a state change carrying a foreign {@code Origin} (or {@code Sec-Fetch-Site: cross-site})
 *       is refused, so no web page can drive the API through the visitor's browser (a "simple" text/plain
 *       POST needs no CORS preflight, so CORS alone would not stop it).</li>
 * </ul>
 */
public final class AdminAccess {
    /** The cookie the web inbox's login sets; {@code HttpOnly}, {@code SameSite=Strict}, path {@code /}. */
    public static final String COOKIE = "mxnotify_fake_admin";

    private final byte[] token;
    private final Set<String> hostNames;

    /**
     * @param adminToken the token, or {@code null} for an open API (loopback only)
     * @param hostNames  host names besides loopback that name this server (bind address, server name)
     */
    public AdminAccess(String adminToken, Set<String> hostNames) {
        this.token = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
        this.hostNames = Set.copyOf(hostNames.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList());
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /** Whether the given text is the admin token (in constant time). */
    public boolean isToken(String candidate) {
        return token != null && candidate != null
                && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the request shows the admin token (header or cookie); true when none is required. */
    public boolean authorized(Context ctx) {
        if (token == null) {
            return true;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return isToken(header.substring(7).trim());
        }
        return isToken(ctx.cookie(COOKIE));
    }

    /** Refuses (throws {@link MatrixError}) a request to the control API that may not use it. */
    public void check(Context ctx, String method, String rawPath) {
        refuseForeignOrigin(ctx, method);
        if (token == null) {
            refuseForeignHost(ctx);
            return;
        }
        if (rawPath.equals("/_fake/v1/health") && (method.equals("GET") || method.equals("HEAD"))) {
            return;
        }
        if (!authorized(ctx)) {
            boolean shown = ctx.header("Authorization") != null || ctx.cookie(COOKIE) != null;
            throw new MatrixError(401, shown ? "M_UNKNOWN_TOKEN" : "M_MISSING_TOKEN", (shown ? "Wrong admin token"
                    : "Missing admin token") + ": this server listens beyond loopback, so /_fake/v1 needs the admin token"
                    + " printed at its start ('admin token' in mxnotify serve's banner): send 'Authorization: Bearer"
                    + " <admin token>' (a Matrix user's access token is not it)");
        }
    }

    /** Refuses a state change from another web origin; reads (no CORS headers here) stay unreadable to it anyway. */
    public void refuseForeignOrigin(Context ctx, String method) {
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx.header("Host"))) {
            throw MatrixError.forbidden("Cross-origin request refused: a page from " + HomeserverState.abbreviate(origin)
                    + " may not change this fake home server through /_fake/v1 (only its own web inbox and"
                    + " clients that send no Origin, such as curl, may)");
        }
        if ("cross-site".equalsIgnoreCase(ctx.header("Sec-Fetch-Site"))) {
            throw MatrixError.forbidden("Cross-site request refused: /_fake/v1 takes state changes only from"
                    + " this server's own pages or from clients outside a browser");
        }
    }

    private void refuseForeignHost(Context ctx) {
        String host = ctx.header("Host");
        if (host != null && !isOwnHost(hostPart(host))) {
            throw MatrixError.forbidden("Host '" + HomeserverState.abbreviate(host) + "' is not this server: without"
                    + " an admin token /_fake/v1 answers only requests addressed to localhost, a loopback address, the"
                    + " bind address or the server name (a guard against DNS rebinding)");
        }
    }

    private boolean isOwnHost(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost") || hostNames.contains(host)) {
            return true;
        }
        return isLoopbackLiteral(host);
    }

    /** Whether a host is an IP literal on loopback (127.0.0.0/8, ::1); never resolves a name. */
    static boolean isLoopbackLiteral(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean looksLikeIp = literal.matches("[0-9.]+") || literal.contains(":") && literal.matches("[0-9a-fA-F:.]+");
        if (!looksLikeIp) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null || uri.getScheme() == null) {
                return false; // "null" (a sandboxed frame, a file: page) is nobody's origin
            }
            String authority = uri.getRawAuthority().toLowerCase(Locale.ROOT);
            String expected = host.toLowerCase(Locale.ROOT);
            return authority.equals(expected) || withDefaultPort(uri).equals(withDefaultPortOf(expected, uri.getScheme()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static String withDefaultPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        return uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String withDefaultPortOf(String hostHeader, String scheme) {
        boolean hasPort = hostHeader.matches(".*:[0-9]+$") && !hostHeader.endsWith("]");
        return hasPort ? hostHeader : hostHeader + ":" + (scheme.equalsIgnoreCase("https") ? 443 : 80);
    }

    /** {@code example.org:8008} -> {@code example.org}; {@code [::1]:8008} -> {@code [::1]}; lower case. */
    static String hostPart(String hostHeader) {
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
