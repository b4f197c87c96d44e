package io.mxnotify.core.crypto.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * libolm itself (Debian's {@code python3-olm}, installed by {@code .ci/setup.d/olm.sh}) as the oracle that
 * decrypts what the Java code encrypts. Where it is missing a test is skipped with the reason, except in CI
 * ({@code CI=true}), where a missing oracle fails the test: CI must prove interoperability, not skip it.
 */
final class LibolmOracle {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path script;

    private LibolmOracle(Path script) {
        this.script = script;
    }

    /** The oracle, or the test is skipped (locally) or failed (in CI) saying how to install it. */
    static LibolmOracle require() {
        String missing = missingReason();
        if (missing != null) {
            String message = missing + "; install it with: sudo bash .ci/setup.d/olm.sh";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI must run the libolm interoperability tests: " + message);
            }
            Assumptions.assumeTrue(false, message);
        }
        try {
            return new LibolmOracle(Path.of(LibolmOracle.class.getResource("/crypto/libolm_oracle.py").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String missingReason() {
        if (!Files.isExecutable(PYTHON)) {
            return "no " + PYTHON + " for libolm's Python bindings";
        }
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import olm").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (!probe.waitFor(60, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                return "python3-olm (libolm) is not installed for " + PYTHON;
            }
            return null;
        } catch (IOException e) {
            return "could not run " + PYTHON + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Sends one request, answers libolm's reply; a reply with {@code error} fails the test with libolm's words. */
    JsonNode call(ObjectNode request) {
        try {
            Process process = new ProcessBuilder(PYTHON.toString(), script.toString()).start();
            process.getOutputStream().write(JSON.writeValueAsBytes(request));
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("the libolm oracle failed: " + err);
            }
            JsonNode answer = JSON.readTree(out);
            if (answer.has("error")) {
                throw new AssertionError("libolm refused: " + answer.get("error").asText());
            }
            return answer;
        } catch (IOException e) {
            throw new AssertionError("could not run the libolm oracle: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static ObjectNode request(String op) {
        return JSON.createObjectNode().put("op", op);
    }
}
