package io.mxnotify.conformance.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Matrix client-server API as the spec's OpenAPI files define it ({@code data/api/client-server/*.yaml}):
 * which statuses an operation documents and the JSON schema of each answer. Files are read once and cached.
 */
public final class MatrixSpec {
    /** System property naming the spec's root directory (the one holding {@code data/api}). */
    public static final String DIR_PROPERTY = "matrix.spec.dir";

    private final Path clientServerDir;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Map<Path, JsonNode> files = new ConcurrentHashMap<>();

    private MatrixSpec(Path clientServerDir) {
        this.clientServerDir = clientServerDir;
    }

    /**
     * Finds the spec: {@code -Dmatrix.spec.dir} when set, else the first {@code shared/matrix-spec} in the
     * working directory or one of its parents (the project's checkout sits beside {@code shared/}).
     */
    public static Optional<MatrixSpec> locate() {
        String configured = System.getProperty(DIR_PROPERTY, "").trim();
        if (!configured.isEmpty()) {
            Path dir = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir.resolve("data/api/client-server"))) {
                throw new IllegalArgumentException("-D" + DIR_PROPERTY + "=" + configured + " has no data/api/client-server "
                        + "directory; point it at a checkout of the Matrix spec (github matrix-org/matrix-spec)");
            }
            return Optional.of(new MatrixSpec(dir.resolve("data/api/client-server")));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/matrix-spec/data/api/client-server");
            if (Files.isDirectory(candidate)) {
                return Optional.of(new MatrixSpec(candidate));
            }
        }
        return Optional.empty();
    }

    /** The statuses the spec documents for an operation, e.g. {@code [200, 400, 403, 429]}. */
    public Set<Integer> documentedStatuses(SpecOperation operation) {
        Set<Integer> statuses = new TreeSet<>();
        Iterator<String> names = responses(operation).fieldNames();
        while (names.hasNext()) {
            statuses.add(Integer.parseInt(names.next()));
        }
        return statuses;
    }

    /**
     * The schema the spec gives for the answer with this status, if it gives one (some documented errors
     * have only a description).
     */
    public Optional<Schema> responseSchema(SpecOperation operation, int status) {
        JsonNode schema = responses(operation).path(Integer.toString(status)).path("content").path("application/json")
                .path("schema");
        return schema.isMissingNode() ? Optional.empty() : Optional.of(new Schema(this, file(operation.file()), schema));
    }

    /** The spec's generic error schema ({@code definitions/errors/error.yaml}): an object with a string errcode. */
    public Schema errorSchema() {
        Path path = clientServerDir.resolve("definitions/errors/error.yaml");
        return new Schema(this, path, load(path));
    }

    /** The spec's rate-limit error schema ({@code definitions/errors/rate_limited.yaml}). */
    public Schema rateLimitedSchema() {
        Path path = clientServerDir.resolve("definitions/errors/rate_limited.yaml");
        return new Schema(this, path, load(path));
    }

    private JsonNode responses(SpecOperation operation) {
        JsonNode op = load(file(operation.file())).path("paths").path(operation.specPath()).path(operation.method());
        if (op.isMissingNode()) {
            throw new IllegalStateException("the spec has no " + operation + "; has the spec changed?");
        }
        return op.path("responses");
    }

    private Path file(String name) {
        return clientServerDir.resolve(name);
    }

    /** A parsed YAML file (cached). */
    JsonNode load(Path path) {
        return files.computeIfAbsent(path.normalize(), p -> {
            try {
                return yaml.readTree(Files.readString(p));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the spec file " + p, e);
            }
        });
    }

    @Override
    public String toString() {
        return "MatrixSpec[" + clientServerDir + "]";
    }
}
