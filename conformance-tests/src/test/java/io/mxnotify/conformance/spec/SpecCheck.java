package io.mxnotify.conformance.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an answer against the spec: the expected status, a status the operation documents (or one of
 * the spec's common errors with its errcode), a JSON content type, and the documented schema.
 */
public final class SpecCheck {
    /**
     * The spec's "common error codes" that any endpoint may answer with, by status: these are valid even
     * where an operation does not list the status.
     */
    private static final Map<Integer, Set<String>> COMMON_ERRORS = Map.of(
            400, Set.of("M_NOT_JSON", "M_BAD_JSON", "M_MISSING_PARAM", "M_INVALID_PARAM", "M_UNKNOWN"),
            401, Set.of("M_MISSING_TOKEN", "M_UNKNOWN_TOKEN"),
            403, Set.of("M_FORBIDDEN"),
            404, Set.of("M_NOT_FOUND", "M_UNRECOGNIZED"),
            405, Set.of("M_UNRECOGNIZED"),
            413, Set.of("M_TOO_LARGE"),
            429, Set.of("M_LIMIT_EXCEEDED"));

    private final MatrixSpec spec;
    private final ObjectMapper json = new ObjectMapper();

    public SpecCheck(MatrixSpec spec) {
        this.spec = spec;
    }

    /** The spec itself, for tests that read it directly. */
    public MatrixSpec spec() {
        return spec;
    }

    /**
     * Asserts that {@code response} answers {@code operation} with {@code expectedStatus} as the spec says,
     * and returns its JSON body.
     */
    public JsonNode conforms(SpecOperation operation, Response response, int expectedStatus) {
        String body = response.asString();
        assertEquals(expectedStatus, response.statusCode(), () -> operation + " answered " + response.statusCode()
                + " instead of " + expectedStatus + ": " + abbreviate(body));
        String contentType = Optional.ofNullable(response.contentType()).orElse("");
        assertTrue(contentType.startsWith("application/json"), () -> operation + " answered with content type '"
                + contentType + "', not application/json: " + abbreviate(body));
        JsonNode value = parse(operation, body);
        Set<Integer> documented = spec.documentedStatuses(operation);
        Optional<Schema> schema = spec.responseSchema(operation, expectedStatus);
        if (expectedStatus >= 400) {
            String errcode = value.path("errcode").asText("");
            boolean allowed = documented.contains(expectedStatus)
                    || COMMON_ERRORS.getOrDefault(expectedStatus, Set.of()).contains(errcode);
            assertTrue(allowed, () -> operation + ": status " + expectedStatus + " with errcode '" + errcode
                    + "' is neither documented for it " + documented + " nor one of the spec's common errors");
            assertNoViolations(operation, expectedStatus, spec.errorSchema(), value);
            if (expectedStatus == 429) {
                assertNoViolations(operation, expectedStatus, spec.rateLimitedSchema(), value);
            }
        } else {
            assertTrue(documented.contains(expectedStatus), () -> operation + ": the spec documents " + documented
                    + ", not " + expectedStatus);
        }
        schema.ifPresent(s -> assertNoViolations(operation, expectedStatus, s, value));
        return value;
    }

    /** Asserts a spec error answer: the status, the errcode, a string {@code error} when present. */
    public JsonNode error(SpecOperation operation, Response response, int expectedStatus, String expectedErrcode) {
        JsonNode value = conforms(operation, response, expectedStatus);
        assertEquals(expectedErrcode, value.path("errcode").asText(null), () -> operation + " answered errcode "
                + value.path("errcode") + " instead of " + expectedErrcode + ": " + value);
        return value;
    }

    /**
     * Asserts an error answer of a request that matches no documented operation (an unknown endpoint, a
     * wrong method, a server-specific API): status, JSON content type, the spec's error shape, errcode.
     */
    public JsonNode genericError(String request, Response response, int expectedStatus, String expectedErrcode) {
        String body = response.asString();
        assertEquals(expectedStatus, response.statusCode(), () -> request + " answered " + response.statusCode()
                + " instead of " + expectedStatus + ": " + abbreviate(body));
        String contentType = Optional.ofNullable(response.contentType()).orElse("");
        assertTrue(contentType.startsWith("application/json"), () -> request + " answered with content type '"
                + contentType + "', not application/json: " + abbreviate(body));
        JsonNode value = parse(request, body);
        List<String> violations = spec.errorSchema().violations(value);
        assertTrue(violations.isEmpty(), () -> request + " error breaks the spec's error schema: " + violations);
        assertEquals(expectedErrcode, value.path("errcode").asText(null), () -> request + " answered errcode "
                + value.path("errcode") + " instead of " + expectedErrcode + ": " + value);
        return value;
    }

    private void assertNoViolations(SpecOperation operation, int status, Schema schema, JsonNode value) {
        List<String> violations = schema.violations(value);
        if (!violations.isEmpty()) {
            fail(operation + " " + status + " answer breaks the spec's schema (" + schema + "):\n  "
                    + String.join("\n  ", violations) + "\nanswer: " + abbreviate(value.toString()));
        }
    }

    private JsonNode parse(Object operation, String body) {
        try {
            JsonNode value = json.readTree(body);
            if (value == null || !value.isObject()) {
                fail(operation + " answered with something that is not a JSON object: " + abbreviate(body));
            }
            return value;
        } catch (JsonProcessingException e) {
            return fail(operation + " answered with invalid JSON (" + e.getOriginalMessage() + "): " + abbreviate(body));
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 497) + "..." : text;
    }
}
