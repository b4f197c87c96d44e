package io.mxnotify.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Matrix spec's HTML allow-list for {@code formatted_body}, read from the one shared copy,
 * {@code /io/mxnotify/matrixhtml/allowlist.json} (module {@code matrix-html-allowlist}; the fake home
 * server's web inbox configures DOMPurify from the same file). Package-private: {@link HtmlSanitizer}'s.
 *
 * @param tags               the elements kept
 * @param attributes         per element, the attributes kept
 * @param attributeValues    per attribute name, the pattern its whole value must match
 * @param urlSchemes         per {@code element.attribute}, the URL schemes allowed (lower case)
 * @param droppedWithContent elements removed together with everything inside them
 * @param maxDepth           how deep elements may nest; deeper ones are reduced to their text
 */
record MatrixHtmlAllowList(Set<String> tags, Map<String, Set<String>> attributes,
                           Map<String, Pattern> attributeValues, Map<String, Set<String>> urlSchemes,
                           Set<String> droppedWithContent, int maxDepth) {

    static final String RESOURCE = "/io/mxnotify/matrixhtml/allowlist.json";

    /** Copies the collections. */
    MatrixHtmlAllowList {
        tags = Set.copyOf(tags);
        attributes = Map.copyOf(attributes);
        attributeValues = Map.copyOf(attributeValues);
        urlSchemes = Map.copyOf(urlSchemes);
        droppedWithContent = Set.copyOf(droppedWithContent);
    }

    /** Reads the shared allow-list from the class path. */
    static MatrixHtmlAllowList load() {
        try (InputStream in = MatrixHtmlAllowList.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Matrix HTML allow-list " + RESOURCE
                        + " is missing from the class path (module matrix-html-allowlist)");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Matrix HTML allow-list " + RESOURCE, e);
        }
    }

    private static MatrixHtmlAllowList parse(JsonNode json) {
        Map<String, Set<String>> attributes = new HashMap<>();
        json.required("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), strings(e.getValue())));
        Map<String, Pattern> values = new HashMap<>();
        json.required("attribute_values").fields().forEachRemaining(e ->
                values.put(e.getKey(), Pattern.compile(e.getValue().asText())));
        Map<String, Set<String>> schemes = new HashMap<>();
        json.required("url_schemes").fields().forEachRemaining(e -> schemes.put(e.getKey(), strings(e.getValue())));
        return new MatrixHtmlAllowList(strings(json.required("tags")), attributes, values, schemes,
                strings(json.required("dropped_with_content")), json.required("max_depth").asInt());
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(item -> out.add(item.asText().toLowerCase(Locale.ROOT)));
        return out;
    }

    /** Whether this attribute, with this value, may stay on this element. */
    boolean allows(String tag, String attribute, String value) {
        if (!attributes.getOrDefault(tag, Set.of()).contains(attribute)) {
            return false;
        }
        Pattern pattern = attributeValues.get(attribute);
        if (pattern != null && !pattern.matcher(value).matches()) {
            return false;
        }
        Set<String> schemes = urlSchemes.get(tag + "." + attribute);
        return schemes == null || scheme(value).filter(schemes::contains).isPresent();
    }

    /**
     * The scheme of an absolute URL, lower case; empty for a relative reference or for one that holds
     * white space or control characters anywhere (browsers drop some of those, which hides a scheme).
     */
    private static Optional<String> scheme(String url) {
        if (url.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            return Optional.empty();
        }
        int colon = url.indexOf(':');
        if (colon <= 0 || !url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return Optional.empty();
        }
        return Optional.of(url.substring(0, colon).toLowerCase(Locale.ROOT));
    }
}
