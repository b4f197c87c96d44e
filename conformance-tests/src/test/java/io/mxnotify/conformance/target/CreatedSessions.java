package io.mxnotify.conformance.target;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.util.ArrayList;
import java.util.List;

/**
 * Remembers the access token of every session the suite's requests create (a {@code 200} from a login or
 * from shared-secret registration), so the run can log each device out again at its end and leave none
 * behind on the server it checked.
 */
final class CreatedSessions implements Filter {
    private final List<String> tokens = new ArrayList<>();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        Response answer = context.next(request, response);
        String path = request.getURI().replaceFirst("\\?.*$", "");
        boolean createsSession = "POST".equals(request.getMethod())
                && (path.endsWith("/login") || path.endsWith(SharedSecretRegistration.PATH));
        if (answer != null && createsSession && answer.statusCode() == 200) {
            try {
                Object token = answer.path("access_token");
                if (token instanceof String s && !s.isEmpty()) {
                    synchronized (tokens) {
                        tokens.add(s);
                    }
                }
            } catch (RuntimeException notJson) {
                // A 200 that is not JSON carries no token to log out; the check that sent it says what is wrong.
            }
        }
        return answer;
    }

    /** The tokens recorded so far, and forgets them. */
    List<String> drain() {
        synchronized (tokens) {
            List<String> all = List.copyOf(tokens);
            tokens.clear();
            return all;
        }
    }
}
