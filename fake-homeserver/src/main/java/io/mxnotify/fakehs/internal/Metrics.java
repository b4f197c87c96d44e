package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.FaultKind;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counters by endpoint and status, and the Prometheus text rendering of all the fake's figures. */
public final class Metrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();

    /** Counts one answered request. */
    public void count(String method, String endpoint, int status) {
        String key = "method=\"" + escape(method) + "\",endpoint=\"" + escape(endpoint) + "\",status=\"" + status + "\"";
        requests.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public void clear() {
        requests.clear();
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    public String render(HomeserverState state, Map<FaultKind, Long> faultsFired, int activeFaults, long journalDropped) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP mxnotify_fake_requests_total Requests answered, by method, endpoint and status "
                + "(status 0: connection dropped).\n");
        out.append("# TYPE mxnotify_fake_requests_total counter\n");
        new TreeMap<>(requests).forEach((labels, count) ->
                out.append("mxnotify_fake_requests_total{").append(labels).append("} ").append(count.sum()).append('\n'));
        gauge(out, "mxnotify_fake_events_stored_total", "counter", "Events stored since start.",
                state.storedEventCount());
        gauge(out, "mxnotify_fake_events_retained", "gauge", "Events held in memory now.", state.retainedEventCount());
        gauge(out, "mxnotify_fake_events_dropped_total", "counter", "Events dropped by the retention cap.",
                state.droppedEventCount());
        out.append("# HELP mxnotify_fake_faults_fired_total Fault rules fired, by kind.\n");
        out.append("# TYPE mxnotify_fake_faults_fired_total counter\n");
        for (FaultKind kind : FaultKind.values()) {
            out.append("mxnotify_fake_faults_fired_total{kind=\"").append(kind.jsonName()).append("\"} ")
                    .append(faultsFired.getOrDefault(kind, 0L)).append('\n');
        }
        gauge(out, "mxnotify_fake_fault_rules", "gauge", "Fault rules installed now.", activeFaults);
        gauge(out, "mxnotify_fake_users", "gauge", "Accounts.", state.userCount());
        gauge(out, "mxnotify_fake_devices", "gauge", "Devices of all accounts.", state.deviceCount());
        gauge(out, "mxnotify_fake_rooms", "gauge", "Rooms.", state.rooms().size());
        gauge(out, "mxnotify_fake_device_warnings", "gauge", "Users past the device warning threshold.",
                state.deviceWarningCount());
        gauge(out, "mxnotify_fake_journal_dropped_total", "counter", "Journal entries dropped by its cap.",
                journalDropped);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String type, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
