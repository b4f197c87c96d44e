package io.mxnotify.fakehs.fidelity;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mxnotify.fakehs.FakeHomeserver;
import io.mxnotify.testsupport.synapse.RateLimits;
import io.mxnotify.testsupport.synapse.SynapseInstallation;
import io.mxnotify.testsupport.synapse.SynapseOptions;
import io.mxnotify.testsupport.synapse.SynapseRelease;
import io.mxnotify.testsupport.synapse.SynapseServer;
import io.mxnotify.testsupport.synapse.Synapses;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The fake's fidelity to Synapse: the notifier corpus ({@link NotifierCorpus}, successes and failures) is sent
 * to a fresh fake and to a fresh Synapse (the current release; 1.67 where it cannot be had), and every answer's
 * status, {@code errcode} and top-level JSON field names are compared. Every difference must be listed, with its
 * reason, in the fake's README ("Differences from Synapse"); the test fails on any other, and (against the
 * current Synapse) on a listed one that no longer differs.
 */
class FidelityTest {
    private static final String USER = "fidelity-bot";
    private static final String PASSWORD = "pw-fidelity-1";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^{}]+)}");
    /** A row of the README's table: its first cell names one or more probes, each in backticks. */
    private static final Pattern ROW = Pattern.compile("^\\| ((?:`[a-z0-9-]+`(?:, )?)+) \\|");
    private static final Pattern NAME = Pattern.compile("`([a-z0-9-]+)`");
    private static final String SECTION = "## Differences from Synapse";

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theFakeAnswersTheNotifierCorpusAsSynapseDoesOrTheReadmeSaysWhyNot() throws Exception {
        SynapseRelease release = SynapseInstallation.locate(SynapseRelease.CURRENT).installation().isPresent()
                ? SynapseRelease.CURRENT : SynapseRelease.V1_67;
        List<Probe> corpus = NotifierCorpus.probes();
        assertTrue(corpus.size() >= 60, "the corpus has " + corpus.size() + " requests");
        Map<String, Answer> synapseAnswers;
        String version;
        try (SynapseServer synapse = Synapses.start(release, SynapseOptions.of(RateLimits.OFF))) {
            version = synapse.version();
            synapseAnswers = run(corpus, synapse.baseUrl(), synapse.registrationSharedSecret());
        }
        Map<String, Answer> fakeAnswers;
        String secret = "fidelity-secret-" + System.nanoTime();
        try (FakeHomeserver fake = FakeHomeserver.builder().registrationSharedSecret(secret).start()) {
            fakeAnswers = run(corpus, fake.baseUrl(), secret);
        }

        Map<String, String> listed = listedDifferences();
        List<String> unlisted = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        StringBuilder report = new StringBuilder("fidelity against Synapse " + version + ", " + corpus.size()
                + " requests:\n");
        int alike = 0;
        for (Probe probe : corpus) {
            Answer real = synapseAnswers.get(probe.name());
            Answer fake = fakeAnswers.get(probe.name());
            if (real.equals(fake)) {
                alike++;
                if (listed.containsKey(probe.name())) {
                    stale.add(probe.name());
                }
                continue;
            }
            String line = "  " + probe.name() + ": Synapse " + real + ", fake " + fake;
            report.append(line).append(listed.containsKey(probe.name()) ? " (listed)" : " (NOT LISTED)").append('\n');
            if (!listed.containsKey(probe.name())) {
                unlisted.add(line);
            }
        }
        report.append("  ").append(alike).append(" answered alike\n");
        System.out.println(report);
        if (!unlisted.isEmpty()) {
            fail("differences from Synapse " + version + " that fake-homeserver/README.md (" + SECTION
                    + ") does not list; fix the fake or list them with the reason:\n" + String.join("\n", unlisted)
                    + "\n\n" + report);
        }
        if (release == SynapseRelease.CURRENT && !stale.isEmpty()) {
            fail("fake-homeserver/README.md lists differences that Synapse " + version + " and the fake no longer show;"
                    + " remove them: " + stale + "\n\n" + report);
        }
    }

    /** What is compared of one answer. */
    record Answer(int status, String errcode, Set<String> fields) {
        @Override
        public String toString() {
            return status + (errcode.isEmpty() ? "" : " " + errcode) + " " + fields;
        }
    }

    private Map<String, Answer> run(List<Probe> corpus, String baseUrl, String secret) throws IOException {
        Map<String, String> vars = new HashMap<>(Map.of("user", USER, "password", PASSWORD));
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (Probe probe : corpus) {
            if (probe.freshNonce()) {
                RawExchange.Answer nonce = RawExchange.send(baseUrl, "GET", "/_synapse/admin/v1/register", Map.of(), null);
                vars.put("nonce", json.readTree(nonce.body()).path("nonce").asText());
            }
            Map<String, String> headers = new LinkedHashMap<>();
            probe.headers().forEach((name, value) -> headers.put(name, fill(value, vars, secret)));
            byte[] body = probe.body().map(b -> fill(b, vars, secret).getBytes(StandardCharsets.UTF_8)).orElse(null);
            RawExchange.Answer answer = RawExchange.send(baseUrl, probe.method(), fill(probe.target(), vars, secret),
                    headers, body);
            JsonNode parsed = parse(answer.body());
            Set<String> fields = new TreeSet<>();
            if (parsed != null && parsed.isObject()) {
                for (Iterator<String> names = parsed.fieldNames(); names.hasNext(); ) {
                    fields.add(names.next());
                }
            } else {
                fields.add(parsed == null ? "<not JSON>" : "<JSON " + parsed.getNodeType() + ">");
            }
            String errcode = parsed != null ? parsed.path("errcode").asText("") : "";
            answers.put(probe.name(), new Answer(answer.status(), errcode, fields));
            if (answer.status() == 200 && parsed != null) {
                probe.captures().forEach((field, variable) -> vars.put(variable, parsed.path(field).asText()));
            }
        }
        return answers;
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String fill(String template, Map<String, String> vars, String secret) {
        String text = template;
        // Innermost first: ${mac:${user}:${password}} needs its parts filled before the MAC.
        for (int round = 0; round < 3 && text.contains("${"); round++) {
            Matcher m = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(value(m.group(1), vars, secret)));
            }
            m.appendTail(out);
            text = out.toString();
        }
        return text;
    }

    private static String value(String name, Map<String, String> vars, String secret) {
        if (name.startsWith("mac:")) {
            String[] parts = name.split(":", 3);
            return mac(secret, vars.getOrDefault("nonce", ""), parts[1], parts[2]);
        }
        if (name.endsWith("_enc")) {
            return URLEncoder.encode(vars.getOrDefault(name.substring(0, name.length() - 4), ""), StandardCharsets.UTF_8)
                    .replace("+", "%20");
        }
        return vars.getOrDefault(name, "unset-" + name);
    }

    private static String mac(String secret, String nonce, String user, String password) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(hmac.doFinal((nonce + "\0" + user + "\0" + password + "\0notadmin")
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Probe name to reason, from the fake's README section {@value #SECTION}. */
    private static Map<String, String> listedDifferences() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        Map<String, String> listed = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith(SECTION);
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inSection && row.find()) {
                Matcher name = NAME.matcher(row.group(1));
                while (name.find()) {
                    listed.put(name.group(1), line);
                }
            }
        }
        return listed;
    }
}
