package io.flowaudit.streams;

import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.parse.ParseProblem;
import io.flowaudit.policy.parse.ParseResult;
import io.flowaudit.policy.parse.PolicyParser;
import io.flowaudit.schemas.avro.PolicyDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one application instance shares between its global policy processor and its flow tasks: a change
 * counter, the rejections not yet reported, and the compiled snapshot (one compile per change, shared by all
 * tasks; {@code PolicyTables} is thread-safe).
 */
final class PolicyState {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyState.class);

    private final EngineOptions options;
    private final PolicyParser parser;
    private final AtomicLong changes = new AtomicLong();
    private final Map<String, Parsed> parsedByKey = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Rejection> rejections = new ConcurrentLinkedQueue<>();
    private volatile PolicySnapshot snapshot;
    private volatile long compiledAtChange = -1;
    private volatile long lastCompileNanos;

    PolicyState(EngineOptions options) {
        this.options = options;
        this.parser = new PolicyParser(options.version());
    }

    /** A rejected document: its key, the first error, and all problems. */
    record Rejection(String key, String message, List<ParseProblem> problems, long timeMillis) {
    }

    private record Parsed(String content, List<Policy> policies) {
    }

    /** Parses a document; empty (and a queued rejection) when it has errors. */
    Optional<List<Policy>> accept(String key, PolicyDocument doc, long timeMillis) {
        ParseResult r = parser.parse(key, doc.getContent());
        if (!r.errors().isEmpty() || r.policies().isEmpty()) {
            String msg = r.errors().isEmpty() ? "the document holds no policy object" : r.errors().get(0).format();
            rejections.add(new Rejection(key, msg, r.problems(), timeMillis));
            LOGGER.warn("policy {} rejected, the previous version stays in force: {}", key, msg);
            return Optional.empty();
        }
        parsedByKey.put(key, new Parsed(doc.getContent(), r.policies()));
        return Optional.of(r.policies());
    }

    void changed() {
        changes.incrementAndGet();
    }

    List<Rejection> drainRejections() {
        List<Rejection> out = new ArrayList<>();
        Rejection r;
        while ((r = rejections.poll()) != null) {
            out.add(r);
        }
        return out;
    }

    /** The current snapshot, recompiled from the store when a change arrived since the last compile. */
    PolicySnapshot current(ReadOnlyKeyValueStore<String, PolicyDocument> store) {
        long seen = changes.get();
        PolicySnapshot s = snapshot;
        if (s != null && compiledAtChange == seen) {
            return s;
        }
        synchronized (this) {
            if (snapshot != null && compiledAtChange == changes.get()) {
                return snapshot;
            }
            long at = changes.get();
            long start = System.nanoTime();
            TreeMap<String, PolicyDocument> docs = new TreeMap<>();
            try (KeyValueIterator<String, PolicyDocument> it = store.all()) {
                while (it.hasNext()) {
                    var kv = it.next();
                    docs.put(kv.key, kv.value);
                }
            }
            List<Policy> policies = new ArrayList<>();
            CRC32C crc = new CRC32C();
            long fingerprint = 17;
            for (var e : docs.entrySet()) {
                Parsed p = parsedByKey.get(e.getKey());
                if (p == null || !p.content().equals(e.getValue().getContent())) {
                    ParseResult r = parser.parse(e.getKey(), e.getValue().getContent());
                    p = new Parsed(e.getValue().getContent(), r.errors().isEmpty() ? r.policies() : List.of());
                    parsedByKey.put(e.getKey(), p);
                }
                policies.addAll(p.policies());
                crc.reset();
                crc.update((e.getKey() + "\n" + p.content()).getBytes(StandardCharsets.UTF_8));
                fingerprint = fingerprint * 1_000_003L + crc.getValue();
            }
            long revision = docs.isEmpty() ? 0 : (fingerprint & Long.MAX_VALUE);
            snapshot = new PolicySnapshot(new PolicyCompiler(options).compile(policies, revision), revision, docs.size());
            compiledAtChange = at;
            lastCompileNanos = System.nanoTime() - start;
            LOGGER.info("policy revision {}: {} documents, {} rules compiled in {} ms", revision, docs.size(),
                    snapshot.tables().ruleCount(), lastCompileNanos / 1_000_000);
            return snapshot;
        }
    }

    long lastCompileNanos() {
        return lastCompileNanos;
    }

    EngineOptions options() {
        return options;
    }
}
