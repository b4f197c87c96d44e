package io.mxnotify.fakehs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated hostile requests (regex bombs, null and wrong-typed values in every field of
 * every body, odd percent-encodings, oversized identifiers, broken bodies and headers) from a seeded
 * generator: every answer is below 500, every refusal is JSON with an {@code errcode}, and
 * {@code /versions} keeps answering on another connection all the while. Run with
 * {@code -Dhostile.seed=N} to replay a failure (the seed is in every failure message).
 */
class HostileInputSuiteTest {
    private static final int REQUESTS = 5_200;
    private static final String HUGE = "a".repeat(70_000);
    private static final String BOMB = "(a*)*".repeat(20) + "b";

    private final long seed = Long.getLong("hostile.seed", System.nanoTime());
    private final Random random = new Random(seed);

    /** A body template: every field gets its turn at being null, of the wrong type, huge or odd. */
    private record Template(String method, String path, Map<String, Object> fields, boolean auth) {
    }

    @Test
    void everyAnswerIsJsonBelow500AndVersionsKeepsAnswering() throws Exception {
        try (FakeHomeserver fake = FakeHomeserver.builder().user("bot", "secret").room("alerts").member("bot", "alerts")
                .registrationEnabled(true).registrationSharedSecret("shared").retentionCap(300).start()) {
            FakeUser bot = fake.user("bot");
            String roomId = fake.room("#alerts:localhost").roomId();
            List<Template> templates = templates(Http.seg(roomId), bot.deviceId());
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger versionsAnswered = new AtomicInteger();
            AtomicReference<String> versionsProblem = new AtomicReference<>();
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread watcher = new Thread(() -> watchVersions(fake, done, versionsAnswered, versionsProblem, latencies),
                    "versions-watcher");
            watcher.start();
            long started = System.nanoTime();
            try (RawClient client = new RawClient(fake)) {
                for (int i = 0; i < REQUESTS; i++) {
                    Request request = next(templates, roomId, bot.accessToken());
                    RawClient.Answer answer;
                    try {
                        answer = client.send(request.method(), request.target(), request.headers(), request.body());
                    } catch (IOException e) {
                        client.close();
                        fail(describe(request) + " got no answer: " + e);
                        return;
                    }
                    check(request, answer);
                    // One connection per request: each answer is judged on its own. Kept-alive connections once
                    // gave the login after some generated request a 404 whose body was the next answer (CI, seed
                    // 13542914446219, not reproduced on rerun); that desync is an open finding, not this suite's.
                    client.close();
                    if (request.target().startsWith("/_fake/v1/faults") && request.method().equals("POST")) {
                        fake.clearFaults(); // a rule that took must not answer later requests
                    }
                }
            } finally {
                done.set(true);
                watcher.join(60_000);
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(null, versionsProblem.get(), "seed " + seed);
            assertTrue(versionsAnswered.get() > 0, "/versions was never answered meanwhile (seed " + seed + ")");
            List<Long> sorted = new ArrayList<>(latencies);
            java.util.Collections.sort(sorted);
            System.out.printf("hostile suite: %d requests in %d ms; /versions answered %d times meanwhile, latency"
                            + " median %.1f ms, p99 %.1f ms, max %.1f ms (seed %d)%n", REQUESTS, elapsedMs,
                    versionsAnswered.get(), percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100), seed);
        }
    }

    private static double percentile(List<Long> sortedNanos, int p) {
        if (sortedNanos.isEmpty()) {
            return 0;
        }
        int index = Math.min(sortedNanos.size() - 1, (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    private void watchVersions(FakeHomeserver fake, AtomicBoolean done, AtomicInteger answered,
                               AtomicReference<String> problem, List<Long> latencies) {
        try (RawClient client = new RawClient(fake)) {
            while (!done.get()) {
                long start = System.nanoTime();
                RawClient.Answer answer = client.get("/_matrix/client/versions");
                latencies.add(System.nanoTime() - start);
                if (answer.status() != 200 || answer.json() == null || !answer.json().has("versions")) {
                    problem.compareAndSet(null, "/versions answered " + answer);
                    return;
                }
                answered.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (IOException | InterruptedException e) {
            problem.compareAndSet(null, "/versions got no answer: " + e);
        }
    }

    private void check(Request request, RawClient.Answer answer) {
        String context = describe(request) + " -> " + abbreviate(answer.toString());
        assertTrue(answer.status() < 500, "a 5xx: " + context);
        String type = answer.header("content-type");
        boolean uiaChallenge = answer.status() == 401 && answer.json() != null && answer.json().path("flows").isArray();
        if (answer.status() >= 400 && !uiaChallenge) { // a user-interactive auth challenge is 401 without errcode
            assertTrue(type != null && type.startsWith("application/json"), "not JSON: " + context);
            if (request.method().equals("HEAD")) {
                return; // no body by definition
            }
            JsonNode json = answer.json();
            assertTrue(json != null && json.path("errcode").isTextual() && json.path("error").isTextual(),
                    "no errcode: " + context);
        } else if (type != null && type.startsWith("application/json") && !request.method().equals("HEAD")) {
            assertTrue(answer.json() != null, "broken JSON: " + context);
        }
    }

    private String describe(Request request) {
        return "seed " + seed + " (rerun with -Dhostile.seed=" + seed + "): " + request.method() + " "
                + abbreviate(request.target()) + " " + abbreviate(String.valueOf(request.body()));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…(" + text.length() + " chars)" : text;
    }

    // ---------------------------------------------------------------- the generator

    private record Request(String method, String target, Map<String, String> headers, String body) {
    }

    private List<Template> templates(String room, String deviceId) {
        List<Template> out = new ArrayList<>();
        out.add(new Template("POST", "/_matrix/client/v3/login", fields("type", "m.login.password", "identifier",
                fields("type", "m.id.user", "user", "bot"), "password", "secret", "device_id", "D1",
                "initial_device_display_name", "n", "refresh_token", false), false));
        out.add(new Template("POST", "/_matrix/client/v3/login", fields("type", "m.login.password", "user", "bot",
                "password", "secret"), false));
        out.add(new Template("POST", "/_matrix/client/v3/register", fields("username", "u", "password", "p", "auth",
                fields("type", "m.login.dummy", "session", "s"), "device_id", "d", "inhibit_login", false), false));
        out.add(new Template("POST", "/_matrix/client/v3/createRoom", fields("room_alias_name", "r", "name", "n",
                "topic", "t", "visibility", "public", "preset", "public_chat", "invite", List.of("@bot:localhost"),
                "is_direct", false, "creation_content", fields("m.federate", true)), true));
        out.add(new Template("PUT", "/_matrix/client/v3/rooms/" + room + "/send/m.room.message/{txn}", fields(
                "msgtype", "m.text", "body", "hi", "format", "org.matrix.custom.html", "formatted_body", "<b>x</b>"), true));
        out.add(new Template("POST", "/_matrix/client/v3/rooms/" + room + "/send/m.room.message", fields(
                "msgtype", "m.notice", "body", "hi"), true));
        out.add(new Template("POST", "/_matrix/client/v3/join/%23alerts%3Alocalhost", fields("reason", "r"), true));
        out.add(new Template("POST", "/_matrix/client/v3/rooms/" + room + "/invite", fields("user_id", "@bot:localhost",
                "reason", "r"), true));
        out.add(new Template("POST", "/_matrix/client/v3/rooms/" + room + "/join", fields("reason", "r"), true));
        out.add(new Template("POST", "/_matrix/client/v3/user/%40bot%3Alocalhost/filter", fields("room",
                fields("timeline", fields("limit", 10, "types", List.of("m.room.message")), "rooms", List.of("!a:b")),
                "presence", fields("limit", 1), "event_fields", List.of("content.body"), "event_format", "client"), true));
        out.add(new Template("PUT", "/_matrix/client/v3/devices/" + deviceId, fields("display_name", "x"), true));
        out.add(new Template("POST", "/_matrix/client/v3/delete_devices", fields("devices", List.of("NOPE"), "auth",
                fields("type", "m.login.password", "password", "secret")), true));
        out.add(new Template("POST", "/_matrix/client/v3/refresh", fields("refresh_token", "x"), false));
        out.add(new Template("POST", "/_synapse/admin/v1/register", fields("nonce", "n", "username", "u", "password",
                "p", "mac", "m", "admin", false, "displayname", "d"), false));
        out.add(new Template("POST", "/_fake/v1/users", fields("username", "u", "password", "p", "admin", false), false));
        out.add(new Template("POST", "/_fake/v1/rooms", fields("alias", "a", "public", true, "name", "n", "topic", "t",
                "members", List.of("bot"), "invite", List.of()), false));
        out.add(new Template("POST", "/_fake/v1/rooms/%23alerts%3Alocalhost/members", fields("user_id", "bot"), false));
        out.add(new Template("POST", "/_fake/v1/faults", fields("method", "BREW", "path", "^/_never_$", "status", 503,
                "errcode", "M_X", "error", "e", "retry_after_ms", 5, "delay_ms", 0, "times", 1, "probability", 1.0,
                "skip", 0), false));
        return out;
    }

    private static Map<String, Object> fields(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private Request next(List<Template> templates, String roomId, String token) {
        int pick = random.nextInt(100);
        if (pick < 55) {
            return mutatedBody(templates.get(random.nextInt(templates.size())), token);
        }
        if (pick < 75) {
            return oddQuery(Http.seg(roomId), token);
        }
        if (pick < 92) {
            return oddPath(token);
        }
        return oddHeaders(token);
    }

    /** One field (possibly nested) replaced by a hostile value, or the whole body broken. */
    private Request mutatedBody(Template template, String token) {
        String body;
        if (random.nextInt(10) == 0) {
            body = pick(List.of("null", "[]", "\"text\"", "42", "{", "{\"a\":", "", "   ", "\u0000", "{}{}",
                    "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
                    "{\"x\":1e999999}", "{\"x\":-0.0e-99999}", "\uFEFF{}", "{\"\\ud800\":1}", "{'single':1}"));
        } else {
            Map<String, Object> copy = deepCopy(template.fields());
            mutateOneField(copy);
            body = json(copy);
        }
        String path = template.path().replace("{txn}", "t" + random.nextInt(1_000_000));
        // a fault rule keeps "method":"BREW" or "path":"^/_never_$" (one field changes at a time): it never fires
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", pick(List.of("application/json", "application/json", "text/plain", "application/json; charset=latin1")));
        if (template.auth() || random.nextInt(4) == 0) {
            headers.put("Authorization", "Bearer " + token);
        }
        return new Request(template.method(), path, headers, body);
    }

    @SuppressWarnings("unchecked")
    private void mutateOneField(Map<String, Object> fields) {
        List<String> names = new ArrayList<>(fields.keySet());
        if (random.nextInt(8) == 0) {
            fields.put(pick(List.of("unknown", "", "\u0000", HUGE.substring(0, 300), "__proto__")), hostileValue());
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        Object value = fields.get(name);
        if (value instanceof Map<?, ?> nested && random.nextBoolean() && !nested.isEmpty()) {
            mutateOneField((Map<String, Object>) value);
        } else {
            fields.put(name, hostileValue());
        }
    }

    private Object hostileValue() {
        return switch (random.nextInt(16)) {
            case 0, 1, 2 -> null;
            case 3 -> random.nextInt();
            case 4 -> pick(List.of(1e308, -1.5, 0.0, Long.MAX_VALUE, -1L, 3.14));
            case 5 -> random.nextBoolean();
            case 6 -> List.of();
            case 7 -> List.of(pick(List.of("x", "")), 1, fields("a", 1));
            case 8 -> fields();
            case 9 -> fields("nested", fields("deeper", List.of(1)));
            case 10 -> HUGE;
            case 11 -> pick(List.of("", " ", "\u0000", "\t\n", "'\"<script>", "#a:localhost", "@x:localhost", "!r:localhost"));
            case 12 -> pick(List.of("é".repeat(200), "\uD83D\uDE00".repeat(100), "\u202Eevil", "a:b:c", "%00", "%u002e"));
            case 13 -> "@" + "u".repeat(300) + ":localhost";
            case 14 -> pick(List.of(BOMB, "(", "[a-", "\\", "(?<n>x)\\k<m>", "((((((((((x))))))))))"));
            default -> "x".repeat(random.nextInt(600));
        };
    }

    private Request oddQuery(String room, String token) {
        String junk = pick(List.of("", "-1", "abc", "1e3", "99999999999999999999", "0", "5", "%zz", "%u0031",
                "%00", "%E2%82", "true", "null", "[]", "{", "s1_2", "t5", "%F0%9F%98%80"));
        String target = switch (random.nextInt(10)) {
            case 0 -> "/_fake/v1/requests?path=" + URLEncoder.encode(random.nextInt(4) > 0 ? pick(List.of("(a|b)*c", "(", "*", "[", "\\p{Nope}", "(?<=a+)b", "x{2147483647}", "/send/", "^/_matrix",
                    "(?i)VERSIONS", "a".repeat(5_000), "(" .repeat(2_000) + ")".repeat(2_000)))
                    : pick(List.of(BOMB, "((a*)*)*b", "(.*a){20}", "(a+)+(\\1)b")), StandardCharsets.UTF_8)
                    + "&status=" + junk;
            case 2 -> "/_matrix/client/v3/sync?filter=" + URLEncoder.encode(json(syncFilter()), StandardCharsets.UTF_8)
                    + "&timeout=" + pick(List.of("0", "abc", "-5", "")) + "&since=" + junk;
            case 3 -> "/_matrix/client/v3/sync?filter=" + pick(List.of("%7B", "%7Bx", "1", "999999", "%00", junk)) + "&full_state=" + junk;
            case 4 -> "/_fake/v1/rooms/" + room + "/events?min=" + junk + "&timeout_ms=" + pick(List.of("0", "5", "x", "-1"))
                    + "&body_contains=" + junk + "&type=" + junk;
            case 5 -> "/_matrix/client/v3/rooms/" + room + "/messages?from=" + junk + "&dir=" + pick(List.of("b", "f", "x", ""))
                    + "&limit=" + junk;
            case 6 -> "/_matrix/client/v3/register/available?username=" + pick(List.of(junk, HUGE, "UPPER", "_x"));
            case 1, 7 -> "/_fake/v1/requests?since=" + junk + "&method=" + junk + "&unmatched=" + junk;
            default -> "/_matrix/client/v3/directory/room/" + pick(List.of("%23" + HUGE + "%3Alocalhost", "%23x", "x",
                    "%23a%3Aevil.example", junk));
        };
        return new Request("GET", target, Map.of("Authorization", "Bearer " + token), null);
    }

    private Request oddPath(String token) {
        String segment = pick(List.of("%u002e", "%", "%zz", "%00", "%C0%AE", "%2e%2e", "..", "%2F", "%252F", "%E2%82",
                "%F0%9F%98%80", "\u00e9", "%C3%28", "a%20b", "%23x%3Alocalhost", "%21" + "r".repeat(300) + "%3Alocalhost",
                HUGE.substring(0, random.nextInt(6_000)), "*", ";x=1", "%3B", "~", "%7E"));
        String target = pick(List.of("/_fake/inbox/", "/_fake/v1/rooms/", "/_fake/v1/rooms/%23alerts%3Alocalhost/events/",
                "/_matrix/client/v3/rooms/", "/_matrix/client/v3/join/", "/_matrix/client/v3/devices/", "/_fake/v1/faults/",
                "/_matrix/client/v3/rooms/%21x%3Alocalhost/send/", "/_matrix/client/v3/user/", "/", "/_fake/v1/users/",
                "/_matrix/client/r0/rooms/", "/.well-known/matrix/"))
                + segment + pick(List.of("", "/", "/send/m.room.message/t1", "/join", "/events", "/expire", "/x/y/z"));
        String method = pick(List.of("GET", "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"));
        return new Request(method, target, Map.of("Authorization", "Bearer " + token,
                "Content-Type", "application/json"), method.equals("GET") || method.equals("HEAD") ? null : "{}");
    }

    private Request oddHeaders(String token) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", pick(List.of("Bearer", "Bearer ", "Basic Ym90OnNlY3JldA==", "Bearer " + token + " x",
                "Bearer " + "t".repeat(4_000), "bearer " + token, "Bearer \u00e9")));
        if (random.nextBoolean()) {
            headers.put("Origin", pick(List.of("null", "https://evil.example", "http://127.0.0.1", "file://", "http://[::1")));
        }
        if (random.nextBoolean()) {
            headers.put("Content-Type", pick(List.of("text/plain", "multipart/form-data; boundary=x", "application/json;;",
                    "application/x-www-form-urlencoded")));
        }
        String target = pick(List.of("/_matrix/client/v3/account/whoami", "/_fake/v1/users", "/_fake/v1/reset?x=1",
                "/_matrix/client/v3/joined_rooms?access_token=" + token, "/_matrix/client/v3/sync?access_token=%zz"));
        String method = target.startsWith("/_fake/v1/users") && random.nextBoolean() ? "POST" : "GET";
        return new Request(method, target, headers, method.equals("POST") ? "{\"username\":\"h" + random.nextInt(1_000_000) + "\"}" : null);
    }

    private Map<String, Object> syncFilter() {
        Map<String, Object> filter = deepCopy(fields("room", fields("timeline", fields("limit", 5, "types",
                List.of("m.room.message"), "not_senders", List.of("@x:localhost")), "include_leave", false),
                "presence", fields("limit", 1), "event_format", "client"));
        mutateOneField(filter);
        return filter;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> fields) {
        Map<String, Object> copy = new LinkedHashMap<>();
        fields.forEach((name, value) -> copy.put(name, value instanceof Map<?, ?> nested
                ? deepCopy((Map<String, Object>) nested) : value));
        return copy;
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
