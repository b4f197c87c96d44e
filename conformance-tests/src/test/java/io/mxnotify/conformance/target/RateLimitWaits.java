package io.mxnotify.conformance.target;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.time.Duration;

/**
 * Waits out {@code 429 M_LIMIT_EXCEEDED} and sends the request again, for every request the suite makes
 * (set-up and checks alike): a production server's rate limits are not what the suite checks. The wait is
 * the answer's {@code retry_after_ms} (or its {@code Retry-After} header, or one second when it says
 * neither), and one request waits at most {@link #PATIENCE} in total; past that the 429 is the answer.
 */
final class RateLimitWaits implements Filter {
    /** The most one request waits in total across its 429 answers. */
    static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Duration NO_HINT = Duration.ofSeconds(1);
    private static final long MARGIN_MILLIS = 50;

    /** Time already waited by the request this thread is sending (the resend runs this filter again). */
    private final ThreadLocal<Long> waitedMillis = ThreadLocal.withInitial(() -> 0L);

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        Response answer = context.next(request, response);
        if (answer == null || !isRateLimited(answer)) {
            return answer;
        }
        long wait = retryAfter(answer).toMillis() + MARGIN_MILLIS;
        long waited = waitedMillis.get();
        if (waited + wait > PATIENCE.toMillis()) {
            return answer;
        }
        boolean outermost = waited == 0;
        System.out.println("conformance: " + request.getMethod() + " " + request.getURI().replaceFirst("\\?.*$", "")
                + " answered 429 M_LIMIT_EXCEEDED; waiting " + wait + " ms, then sending it again");
        try {
            Thread.sleep(wait);
            waitedMillis.set(waited + wait);
            return context.send(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answer;
        } finally {
            if (outermost) {
                waitedMillis.remove();
            }
        }
    }

    /** Whether the answer is a {@code 429 M_LIMIT_EXCEEDED}. */
    static boolean isRateLimited(Response answer) {
        return answer.statusCode() == 429 && "M_LIMIT_EXCEEDED".equals(errcode(answer));
    }

    private static String errcode(Response answer) {
        try {
            Object errcode = answer.path("errcode");
            return errcode instanceof String s ? s : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** How long a 429 says to wait: {@code retry_after_ms}, else {@code Retry-After}, else one second. */
    static Duration retryAfter(Response answer) {
        try {
            Object millis = answer.path("retry_after_ms");
            if (millis instanceof Number n && n.longValue() >= 0) {
                return Duration.ofMillis(n.longValue());
            }
        } catch (RuntimeException notJson) {
            // fall through to the header
        }
        String header = answer.header("Retry-After");
        if (header != null && header.trim().matches("\\d{1,6}")) {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        }
        return NO_HINT;
    }
}
