package io.flowaudit.streams;

import io.flowaudit.policy.eval.Verdict;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * flowaudit's own counters (flows by verdict, alerts by type, dead letters, policy revision, compile time),
 * shared by the tasks of one instance and exported by the metrics endpoint.
 */
public final class FlowauditMetrics {
    private final Map<Verdict, LongAdder> verdicts = new EnumMap<>(Verdict.class);
    private final Map<String, LongAdder> alerts = new ConcurrentHashMap<>();
    private final LongAdder deadLetters = new LongAdder();
    private final AtomicLong revision = new AtomicLong();
    private final AtomicLong compileNanos = new AtomicLong();

    public FlowauditMetrics() {
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, new LongAdder());
        }
    }

    void verdict(Verdict v) {
        verdicts.get(v).increment();
    }

    void alert(String type) {
        alerts.computeIfAbsent(type, t -> new LongAdder()).increment();
    }

    void deadLetter() {
        deadLetters.increment();
    }

    void revision(long rev, long lastCompileNanos) {
        revision.set(rev);
        compileNanos.set(lastCompileNanos);
    }

    public long flows(Verdict v) {
        return verdicts.get(v).sum();
    }

    public long flows() {
        return verdicts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> alerts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        alerts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long deadLetters() {
        return deadLetters.sum();
    }

    public long revision() {
        return revision.get();
    }

    public long lastCompileNanos() {
        return compileNanos.get();
    }
}
