package io.mxnotify.fakehs.internal;

import io.mxnotify.fakehs.ActiveFault;
import io.mxnotify.fakehs.FaultKind;
import io.mxnotify.fakehs.FaultRule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed fault rules and which of them fires on a request. The first matching rule in
 * installation order decides; {@code skip}, {@code times} and {@code probability} are counted here,
 * atomically, so concurrent requests never overrun {@code times}.
 */
public final class FaultEngine {
    private static final Logger LOG = LoggerFactory.getLogger(FaultEngine.class);
    /** What matching one rule's path regex against one request may cost (a sane regex needs a few hundred). */
    private static final long RULE_REGEX_STEPS = 1_000_000;
    private static final long RULE_REGEX_MILLIS = 200;

    private final ListenerHub hub;
    private final Random random;
    private final Map<String, Installed> rules = new LinkedHashMap<>();
    private final Map<FaultKind, Long> firedByKind = new EnumMap<>(FaultKind.class);
    private long nextId = 1;

    /** A rule that fired on one request. */
    public record Fired(String id, FaultRule rule) {
    }

    private static final class Installed {
        final String id;
        final FaultRule rule;
        final BoundedRegex path;
        final AtomicBoolean warnedTooCostly = new AtomicBoolean();
        int fired;
        int skipped;

        Installed(String id, FaultRule rule) {
            this.id = id;
            this.rule = rule;
            this.path = rule.path() == null ? null : BoundedRegex.compile(rule.path());
        }

        /**
         * Whether the rule's method and path match; called outside the engine's lock. A path regex that
         * backtracks beyond its budget does not match (and is reported once in the log).
         */
        boolean matches(String method, String rawPath, String decodedPath) {
            if (rule.method() != null && !rule.method().equals(method)) {
                return false;
            }
            if (path == null) {
                return true;
            }
            try {
                BoundedRegex.Budget budget = BoundedRegex.Budget.of(RULE_REGEX_STEPS, RULE_REGEX_MILLIS);
                return path.find(rawPath, budget) || path.find(decodedPath, budget);
            } catch (BoundedRegex.TooCostly e) {
                if (warnedTooCostly.compareAndSet(false, true)) {
                    LOG.warn("Fault rule {} never matches {}: its path regex '{}' gave up, {}", id,
                            HomeserverState.abbreviate(rawPath), HomeserverState.abbreviate(path.source()),
                            e.getMessage());
                }
                return false;
            }
        }

        Integer remaining() {
            return rule.times() == null ? null : rule.times() - fired;
        }
    }

    public FaultEngine(ListenerHub hub, Random random) {
        this.hub = hub;
        this.random = random;
    }

    public synchronized String add(FaultRule rule) {
        String id = Long.toString(nextId++);
        rules.put(id, new Installed(id, rule));
        hub.publish(listener -> listener.faultsChanged());
        return id;
    }

    public synchronized boolean remove(String id) {
        boolean removed = rules.remove(id) != null;
        if (removed) {
            hub.publish(listener -> listener.faultsChanged());
        }
        return removed;
    }

    public synchronized void clear() {
        rules.clear();
        hub.publish(listener -> listener.faultsChanged());
    }

    /** Replaces all rules (reset to the seed's rules); ids start again at 1. */
    public synchronized void replaceAll(List<FaultRule> seedRules) {
        rules.clear();
        nextId = 1;
        for (FaultRule rule : seedRules) {
            String id = Long.toString(nextId++);
            rules.put(id, new Installed(id, rule));
        }
        hub.publish(listener -> listener.faultsChanged());
    }

    public synchronized List<ActiveFault> list() {
        List<ActiveFault> out = new ArrayList<>();
        for (Installed installed : rules.values()) {
            out.add(new ActiveFault(installed.id, installed.rule, installed.fired, installed.skipped,
                    installed.remaining()));
        }
        return out;
    }

    /** Whether no rule is installed: then {@link #fire} cannot fire, and callers can skip preparing its arguments. */
    public synchronized boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The rule that fires on this request, if any; counts it as fired (or skipped). The path regexes run
     * on a snapshot outside the lock, so one costly regex never stalls the other requests.
     */
    public Optional<Fired> fire(String method, String rawPath, String decodedPath) {
        List<Installed> snapshot;
        synchronized (this) {
            snapshot = new ArrayList<>(rules.values());
        }
        List<Installed> matching = new ArrayList<>();
        for (Installed installed : snapshot) {
            if (installed.matches(method, rawPath, decodedPath)) {
                matching.add(installed);
            }
        }
        return matching.isEmpty() ? Optional.empty() : fireFirst(matching);
    }

    private synchronized Optional<Fired> fireFirst(List<Installed> matching) {
        for (Installed installed : matching) {
            if (rules.get(installed.id) != installed) {
                continue; // removed (or the rules were replaced) since the snapshot
            }
            if (installed.skipped < installed.rule.skip()) {
                installed.skipped++;
                continue;
            }
            if (installed.rule.probability() < 1.0 && random.nextDouble() >= installed.rule.probability()) {
                continue;
            }
            installed.fired++;
            firedByKind.merge(installed.rule.kind(), 1L, Long::sum);
            if (installed.remaining() != null && installed.remaining() <= 0) {
                rules.remove(installed.id);
                hub.publish(listener -> listener.faultsChanged());
            }
            return Optional.of(new Fired(installed.id, installed.rule));
        }
        return Optional.empty();
    }

    public synchronized Map<FaultKind, Long> firedByKind() {
        Map<FaultKind, Long> copy = new EnumMap<>(FaultKind.class);
        copy.putAll(firedByKind);
        return copy;
    }
}
