package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.mxnotify.fakehs.FaultKind;
import io.mxnotify.fakehs.FaultRule;
import io.mxnotify.fakehs.RecordedRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The fake's request pipeline: fault rules first (delay, drop, reset, injected error), then the rate
 * limiter, then routing; afterwards drop-after and truncate faults, the journal and the metrics.
 * The {@code /_fake} control API is never faulted or rate limited.
 */
public final class FakePipeline implements RequestPipeline {
    private final JsonCodec json;
    private final HomeserverState state;
    private final FaultEngine faults;
    private final RateLimiter rateLimiter;
    private final RequestJournal journal;
    private final Metrics metrics;
    private final Router router;

    /**
     * @param rateLimiter the limiter, or {@code null} for none
     */
    public FakePipeline(JsonCodec json, HomeserverState state, FaultEngine faults, RateLimiter rateLimiter,
                        RequestJournal journal, Metrics metrics, Router router) {
        this.json = json;
        this.state = state;
        this.faults = faults;
        this.rateLimiter = rateLimiter;
        this.journal = journal;
        this.metrics = metrics;
        this.router = router;
    }

    @Override
    public Reply around(Exchange exchange, Supplier<Reply> routing) {
        long seq = journal.reserveSeq();
        long timestamp = System.currentTimeMillis();
        int warningsBefore = state.deviceWarningCount();
        FaultEngine.Fired fired = null;
        Reply reply = null;
        try {
            if (!exchange.isControlApi() && !"OPTIONS".equals(exchange.method()) && !faults.isEmpty()) {
                fired = faults.fire(exchange.method(), exchange.rawPath(), exchange.decodedPath()).orElse(null);
            }
            if (fired != null && fired.rule().delayMs() > 0) {
                pause(fired.rule().delayMs());
            }
            FaultKind kind = fired == null ? null : fired.rule().kind();
            if (kind == FaultKind.DROP_BEFORE) {
                ConnectionControl.close(exchange.ctx());
                exchange.markWritten(null);
                return null;
            }
            if (kind == FaultKind.RESET) {
                ConnectionControl.reset(exchange.ctx());
                exchange.markWritten(null);
                return null;
            }
            if (fired != null && fired.rule().status() != null) {
                reply = injected(fired);
            }
            if (reply == null) {
                reply = rateLimit(exchange);
            }
            if (reply == null) {
                reply = routing.get();
            }
            if (kind == FaultKind.DROP_AFTER) {
                ConnectionControl.close(exchange.ctx());
                exchange.markWritten(null);
                reply = null;
                return null;
            }
            if (kind == FaultKind.TRUNCATE) {
                ConnectionControl.truncate(exchange.ctx(), reply.status(), reply.bytes(json));
                exchange.markWritten(reply);
                return null;
            }
            return reply;
        } finally {
            record(exchange, seq, timestamp, fired, reply, warningsBefore);
        }
    }

    private Reply injected(FaultEngine.Fired fired) {
        FaultRule rule = fired.rule();
        int status = rule.status();
        String errcode = rule.errcode() != null ? rule.errcode() : defaultErrcode(status);
        String text = "Injected by fault rule " + fired.id() + " (" + rule.kind().jsonName() + ")"
                + (rule.error() != null ? ": " + rule.error() : "");
        Map<String, Object> extra = new HashMap<>();
        if (rule.retryAfterMs() != null) {
            extra.put("retry_after_ms", rule.retryAfterMs());
        }
        if (status == 401 && "M_UNKNOWN_TOKEN".equals(errcode)) {
            extra.put("soft_logout", false);
        }
        return new Reply(status, json.error(errcode, text, extra));
    }

    /**
     * The actions Synapse rate-limits (rc_message: events sent, state set, rooms created, invites, redactions;
     * rc_joins; rc_login; rc_registration): reads, /sync, logout and key management are never limited there,
     * so a client that reads a room's state before sending is not starved by its own reads.
     */
    private static final java.util.regex.Pattern RATE_LIMITED_ACTION = java.util.regex.Pattern.compile(
            "/_matrix/client/[^/]+/(login|register|createRoom|join/.*|rooms/[^/]+/(join|invite|send/.*|state/.*|redact/.*))");

    private Reply rateLimit(Exchange exchange) {
        if (rateLimiter == null || exchange.isControlApi() || !("POST".equals(exchange.method())
                || "PUT".equals(exchange.method())) || !RATE_LIMITED_ACTION.matcher(exchange.rawPath()).matches()) {
            return null;
        }
        String caller = exchange.ctx().ip();
        String token = bearer(exchange);
        if (token != null) {
            caller = state.authenticate(token).map(Session::userId).orElse(caller);
        }
        OptionalLong wait = rateLimiter.acquire(caller, System.nanoTime());
        if (wait.isEmpty()) {
            return null;
        }
        exchange.ctx().header("Retry-After", Long.toString((wait.getAsLong() + 999) / 1000));
        return new Reply(429, json.error("M_LIMIT_EXCEEDED", "Too Many Requests", Map.of("retry_after_ms",
                wait.getAsLong())));
    }

    private static String bearer(Exchange exchange) {
        String header = exchange.ctx().header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        try {
            List<String> values = Dispatcher.parseQuery(exchange.ctx().req().getQueryString()).get("access_token");
            return values == null || values.isEmpty() ? null : values.get(0);
        } catch (MatrixError e) {
            return null;
        }
    }

    static String defaultErrcode(int status) {
        return switch (status) {
            case 400 -> "M_BAD_JSON";
            case 401 -> "M_UNKNOWN_TOKEN";
            case 403 -> "M_FORBIDDEN";
            case 404 -> "M_NOT_FOUND";
            case 413 -> "M_TOO_LARGE";
            case 429 -> "M_LIMIT_EXCEEDED";
            default -> "M_UNKNOWN";
        };
    }

    private void pause(long delayMs) {
        long deadline = System.nanoTime() + delayMs * 1_000_000L;
        while (!state.isClosed()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(left / 1_000_000L + 1, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void record(Exchange exchange, long seq, long timestamp, FaultEngine.Fired fired, Reply reply,
                        int warningsBefore) {
        String endpoint = exchange.route().map(Route::endpoint).orElse(null);
        if (endpoint == null && !exchange.isUnmatched()) {
            endpoint = endpointOf(exchange);
        }
        int status = reply == null ? 0 : reply.status();
        String errcode = null;
        if (reply != null) {
            JsonNode code = reply.body().get("errcode");
            errcode = code != null && code.isTextual() ? code.asText() : null;
        }
        Call call = exchange.call().orElse(null);
        Session session = call == null ? null : call.knownSession().orElse(null);
        String warning = null;
        if (state.deviceWarningCount() > warningsBefore) {
            List<String> warnings = state.deviceWarnings();
            warning = warnings.isEmpty() ? null : warnings.get(warnings.size() - 1);
        }
        long durationMs = (System.nanoTime() - exchange.startedNanos()) / 1_000_000L;
        journal.add(new RecordedRequest(seq, timestamp, exchange.method(), exchange.rawPath(),
                SecretMasking.query(exchange.ctx().req().getQueryString()), endpoint,
                session == null ? null : session.userId(), session == null ? null : session.deviceId(),
                call == null ? null : call.paramOrNull("txnId"), status, errcode,
                fired == null ? null : fired.id(), exchange.isUnmatched(), exchange.hint(),
                null, durationMs, warning), call == null ? null : call.bodyIfRead());
        metrics.count(exchange.method(), exchange.isUnmatched() ? "unmatched" : endpoint == null ? "unrouted" : endpoint,
                status);
    }

    private String endpointOf(Exchange exchange) {
        try {
            Router.Match match = router.match(exchange.method(), exchange.rawPath());
            return match.found() ? match.route().endpoint() : null;
        } catch (MatrixError e) {
            return null;
        }
    }
}
