package io.mxnotify.fakehs.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mxnotify.fakehs.RecordedRequest;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/** {@code /_fake/v1/requests} (the request journal, filtered) and {@code /_fake/v1/metrics}. */
public final class JournalEndpoints {
    /** What one {@code ?path=} filter may cost over the whole journal: ample for any sane regex on 10,000 paths. */
    private static final long QUERY_REGEX_STEPS = 20_000_000;
    private static final long QUERY_REGEX_MILLIS = 2_000;

    private final JsonCodec json;
    private final HomeserverState state;
    private final RequestJournal journal;
    private final Metrics metrics;
    private final FaultEngine faults;

    public JournalEndpoints(JsonCodec json, HomeserverState state, RequestJournal journal, Metrics metrics,
                            FaultEngine faults) {
        this.json = json;
        this.state = state;
        this.journal = journal;
        this.metrics = metrics;
        this.faults = faults;
    }

    /** {@code GET /_fake/v1/requests?method=&path=&status=&unmatched=true&since=}. */
    public Reply requests(Call call) {
        Predicate<RecordedRequest> filter = request -> true;
        String method = call.query("method").orElse(null);
        if (method != null) {
            filter = filter.and(request -> request.method().equalsIgnoreCase(method));
        }
        String path = call.query("path").orElse(null);
        if (path != null) {
            BoundedRegex pattern;
            try {
                pattern = BoundedRegex.compile(path);
            } catch (PatternSyntaxException e) {
                throw MatrixError.invalidParam("Query parameter path is not a valid regex: " + e.getDescription());
            }
            BoundedRegex.Budget budget = BoundedRegex.Budget.of(QUERY_REGEX_STEPS, QUERY_REGEX_MILLIS);
            filter = filter.and(request -> pattern.find(request.path(), budget));
        }
        Long status = call.queryLong("status", 0, 599).orElse(null);
        if (status != null) {
            filter = filter.and(request -> request.status() == status);
        }
        String unmatched = call.query("unmatched").orElse(null);
        if (unmatched != null) {
            boolean wanted = unmatched.equals("true") || unmatched.equals("1");
            filter = filter.and(request -> request.unmatched() == wanted);
        }
        Long since = call.queryLong("since", 0, Long.MAX_VALUE).orElse(null);
        if (since != null) {
            filter = filter.and(request -> request.seq() > since);
        }
        List<RecordedRequest> selected;
        try {
            selected = journal.select(filter);
        } catch (BoundedRegex.TooCostly e) {
            throw MatrixError.invalidParam("Query parameter path: " + e.getMessage()
                    + "; simplify it (a plain substring such as /send/ is a valid regex)");
        }
        ObjectNode body = json.object();
        ArrayNode array = body.putArray("requests");
        for (RecordedRequest request : selected) {
            array.add(json.mapper().valueToTree(request));
        }
        body.put("dropped", journal.dropped());
        return Reply.ok(body);
    }

    public Reply clear(Call call) {
        journal.clear();
        return Reply.ok(json.object());
    }

    public Reply metrics(Call call) {
        return Reply.text(metrics.render(state, faults.firedByKind(), faults.list().size(), journal.dropped()));
    }
}
