package io.flowaudit.streams;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.policy.advise.DnsAdvisor;
import io.flowaudit.policy.advise.DnsAlertTracker;
import io.flowaudit.policy.advise.DriftDetector;
import io.flowaudit.policy.advise.Finding;
import io.flowaudit.policy.advise.FindingType;
import io.flowaudit.policy.advise.Severity;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.FlowEvaluator;
import io.flowaudit.policy.eval.Verdict;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.serde.SchemaRegistryException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges each flow against the current policy snapshot and routes the results: a verdict for every flow, a
 * denial for denied ones, deduplicated alerts (missing DNS rule, refused names, drift, rejected policies, static
 * DNS findings on a new revision), and a dead letter for anything that cannot be read or judged. Never throws
 * on bad input.
 */
final class FlowProcessor implements Processor<String, byte[], String, Routed> {
    private static final Logger LOGGER = LoggerFactory.getLogger(FlowProcessor.class);
    /** Local-scope (CIDR/FQDN) identities are per node (hubble-flow-format §7). */
    private static final long LOCAL_SCOPE = 1L << 24;

    private final PolicyState policy;
    private final PolicyState candidatePolicy;
    private final FlowDecoder decoder;
    private final FlowauditConfig config;
    private final FlowauditMetrics metrics;
    private final IdentityCache identities = new IdentityCache(200_000);
    private final Map<String, List<String>> knownLabels = new HashMap<>();
    private ProcessorContext<String, Routed> context;
    private ReadOnlyKeyValueStore<String, PolicyDocument> policies;
    private ReadOnlyKeyValueStore<String, PolicyDocument> candidatePolicies;
    private StoreBackedDnsNames candidateDnsNames;
    private FlowEvaluator candidateEvaluator;
    private long candidateRevision = Long.MIN_VALUE;
    private KeyValueStore<String, String> identityStore;
    private KeyValueStore<String, Long> dedup;
    private KeyValueStore<String, String> compiledSubjects;
    private final java.util.Set<io.flowaudit.policy.model.Identity> seeded = new java.util.HashSet<>();
    private StoreBackedDnsNames dnsNames;
    private DnsAlertTracker dnsAlerts;
    private DriftDetector drift;
    private FlowEvaluator evaluator;
    private long revision = Long.MIN_VALUE;
    private long lastFlowNanos;

    FlowProcessor(PolicyState policy, PolicyState candidatePolicy, FlowDecoder decoder, FlowauditConfig config,
                  FlowauditMetrics metrics) {
        this.policy = policy;
        this.candidatePolicy = candidatePolicy;
        this.decoder = decoder;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Routed> ctx) {
        this.context = ctx;
        this.policies = ctx.getStateStore(StoreNames.POLICY_DOCUMENTS);
        this.candidatePolicies = ctx.getStateStore(StoreNames.CANDIDATE_POLICY_DOCUMENTS);
        this.candidateDnsNames = new StoreBackedDnsNames(ctx.getStateStore(StoreNames.CANDIDATE_DNS_NAMES),
                config.dnsMinTtlSeconds());
        this.identityStore = ctx.getStateStore(StoreNames.IDENTITIES);
        this.dedup = ctx.getStateStore(StoreNames.ALERT_DEDUP);
        this.compiledSubjects = ctx.getStateStore(StoreNames.COMPILED_SUBJECTS);
        this.dnsNames = new StoreBackedDnsNames(ctx.getStateStore(StoreNames.DNS_NAMES), config.dnsMinTtlSeconds());
        this.dnsAlerts = new DnsAlertTracker(identities);
        this.drift = new DriftDetector(identities);
        ctx.schedule(Duration.ofMillis(config.policyCheckIntervalMs()), PunctuationType.WALL_CLOCK_TIME, this::onTick);
        ctx.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, t -> {
            if (lastFlowNanos > 0) {
                dnsNames.purge(lastFlowNanos);
            }
        });
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Flow flow;
        try {
            flow = withKnownLabels(decoder.decode(config.flowsTopic(), record.value()));
        } catch (RuntimeException e) {
            if (SchemaRegistryException.findIn(e).filter(SchemaRegistryException::isRetriable).isPresent()) {
                // the registry is unreachable: the record is fine; fail the task so Streams retries it
                throw e;
            }
            deadLetter(record, e);
            return;
        }
        try {
            FlowEvaluator ev = evaluator();
            var src = identities.resolve(flow.source().identity(), flow.source().labels());
            var dst = identities.resolve(flow.destination().identity(), flow.destination().labels());
            boolean newSrc = seed(ev, src);
            boolean newDst = seed(ev, dst);
            Decision d = ev.decide(flow);
            if (newSrc) {
                remember(ev, src);
            }
            if (newDst) {
                remember(ev, dst);
            }
            lastFlowNanos = Math.max(lastFlowNanos, flow.timeNanos());
            metrics.verdict(d.verdict());
            io.flowaudit.schemas.avro.Verdict v = VerdictRecords.toAvro(flow, d);
            context.forward(record.withValue(new Routed(Routed.Target.VERDICT, v)));
            if (d.verdict() == Verdict.DENIED) {
                context.forward(record.withValue(new Routed(Routed.Target.DENIAL, v)));
            }
            alertFromFlow(record, flow, d);
            whatIf(record, flow, d);
        } catch (RuntimeException e) {
            LOGGER.warn("flow {} could not be judged (topic {} partition {} offset {}): {}", flow.uuid(),
                    context.recordMetadata().map(m -> m.topic()).orElse("?"),
                    context.recordMetadata().map(m -> m.partition()).orElse(-1),
                    context.recordMetadata().map(m -> m.offset()).orElse(-1L), e.toString());
            deadLetter(record, e);
        }
    }

    private void alertFromFlow(Record<String, byte[]> record, Flow flow, Decision d) {
        dnsAlerts.observe(flow, d).ifPresent(f -> emitWindowed(record, f, flow, null, null));
        drift.check(flow, d).ifPresent(dr -> emitWindowed(record, dr.finding(), flow,
                HubbleVerdict.valueOf(flow.verdict().name()), Outcome.valueOf(d.verdict().name())));
    }

    /** Emits at most one alert per key and window of flow time. */
    private void emitWindowed(Record<String, byte[]> record, Finding f, Flow flow, HubbleVerdict observed, Outcome computed) {
        long windowNanos = config.alertWindowMs() * 1_000_000L;
        long window = windowNanos <= 0 ? 0 : Math.floorDiv(flow.timeNanos(), windowNanos);
        String key = f.key();
        Long last = dedup.get(key);
        if (last != null && last == window) {
            return;
        }
        dedup.put(key, window);
        metrics.alert(f.type().name());
        context.forward(new Record<>(key, new Routed(Routed.Target.ALERT, AlertRecords.toAvro(f, key,
                record.timestamp(), observed, computed, flow.uuid().isEmpty() ? null : flow.uuid())), record.timestamp()));
    }

    /** Live what-if: the flow under the staged (candidate) policies; a changed verdict goes to the whatif topic. */
    private void whatIf(Record<String, byte[]> record, Flow flow, Decision baseline) {
        PolicySnapshot s = candidatePolicy.current(candidatePolicies);
        if (s.documents() == 0) {
            return;
        }
        if (candidateEvaluator == null || s.revision() != candidateRevision) {
            candidateEvaluator = new FlowEvaluator(s.tables(), identities, candidateDnsNames);
            candidateRevision = s.revision();
        }
        Decision c = candidateEvaluator.decide(flow);
        WhatIfRecords.diff(flow, baseline, c).ifPresent(diff ->
                context.forward(record.withValue(new Routed(Routed.Target.WHATIF, diff))));
    }

    /** First sight of an identity under this revision: take its rule selection from the store if it is there. */
    private boolean seed(FlowEvaluator ev, io.flowaudit.policy.model.Identity id) {
        if (!id.isPod() || !seeded.add(id)) {
            return false;
        }
        String stored = compiledSubjects.get(subjectKey(id));
        if (stored != null) {
            ev.tables().importSubject(id, stored);
            return false;
        }
        return true;
    }

    private void remember(FlowEvaluator ev, io.flowaudit.policy.model.Identity id) {
        ev.tables().exportSubject(id).ifPresent(v -> compiledSubjects.put(subjectKey(id), v));
    }

    private String subjectKey(io.flowaudit.policy.model.Identity id) {
        return revision + "|" + String.join(",", id.labels());
    }

    /** Drops the compiled subjects of revisions no longer in force. */
    private void purgeCompiledSubjects(long keep) {
        List<String> stale = new java.util.ArrayList<>();
        try (var it = compiledSubjects.all()) {
            while (it.hasNext()) {
                String k = it.next().key;
                if (!k.startsWith(keep + "|")) {
                    stale.add(k);
                }
            }
        }
        stale.forEach(compiledSubjects::delete);
    }

    private FlowEvaluator evaluator() {
        PolicySnapshot s = policy.current(policies);
        if (evaluator == null || s.revision() != revision || s.tables() != evaluator.tables()) {
            evaluator = new FlowEvaluator(s.tables(), identities, dnsNames);
            if (s.revision() != revision) {
                purgeCompiledSubjects(s.revision());
            }
            seeded.clear();
            revision = s.revision();
            metrics.revision(s.revision(), policy.lastCompileNanos());
        }
        return evaluator;
    }

    /** Fills labels of lean records from the identities store, and remembers labels seen. */
    private Flow withKnownLabels(Flow f) {
        FlowEndpoint src = labelled(f.source(), f.nodeName());
        FlowEndpoint dst = labelled(f.destination(), f.nodeName());
        if (src == f.source() && dst == f.destination()) {
            return f;
        }
        return new Flow(f.timeNanos(), f.uuid(), f.nodeName(), f.verdict(), f.dropReason(), f.type(), f.eventType(),
                f.direction(), f.reply(), f.traceReason(), f.ipVersion(), f.sourceIp(), f.destinationIp(), f.protocol(),
                f.sourcePort(), f.destinationPort(), f.icmpCode(), f.tcpFlags(), src, dst, f.destinationNames(),
                f.destinationService(), f.nodeLabels(), f.l7());
    }

    private FlowEndpoint labelled(FlowEndpoint e, String node) {
        if (e.identity() < 256) {
            return e;
        }
        String key = e.identity() >= LOCAL_SCOPE ? node + "|" + e.identity() : String.valueOf(e.identity());
        if (!e.labels().isEmpty()) {
            if (!e.labels().equals(knownLabels.get(key))) {
                knownLabels.put(key, e.labels());
                identityStore.put(key, String.join("\n", e.labels()));
            }
            return e;
        }
        List<String> known = knownLabels.get(key);
        if (known == null) {
            String stored = identityStore.get(key);
            if (stored == null) {
                return e;
            }
            known = Arrays.asList(stored.split("\n"));
            knownLabels.put(key, known);
        }
        return new FlowEndpoint(e.endpointId(), e.identity(), e.namespace(), e.podName(), known, e.workloads());
    }

    /** Policy changes: recompile promptly, report rejected documents and static DNS findings (partition 0 only). */
    private void onTick(long now) {
        PolicySnapshot s = policy.current(policies);
        boolean reporter = context.taskId().partition() == 0;
        if (s.revision() != revision) {
            evaluator = null;
            evaluator();
            if (reporter) {
                for (Finding f : new DnsAdvisor(s.tables()).advise(List.of())) {
                    String key = f.key() + "|" + s.revision();
                    if (dedup.get(key) == null) {
                        dedup.put(key, s.revision());
                        metrics.alert(f.type().name());
                        context.forward(new Record<>(key, new Routed(Routed.Target.ALERT, AlertRecords.toAvro(f, key, now)), now));
                    }
                }
            }
        }
        if (reporter) {
            candidatePolicy.current(candidatePolicies);
            reportRejections(candidatePolicy, "candidate policy ", now);
            reportRejections(policy, "policy ", now);
        }
    }

    private void reportRejections(PolicyState state, String what, long now) {
        for (PolicyState.Rejection r : state.drainRejections()) {
            Finding f = new Finding(FindingType.POLICY_REJECTED, Severity.ERROR, "", r.key(), List.of(), r.key(),
                    what + r.key() + " rejected; the previous version stays in force: " + r.message(), "", 0, 0, 0);
            metrics.alert(f.type().name());
            context.forward(new Record<>(f.key(), new Routed(Routed.Target.ALERT, AlertRecords.toAvro(f, f.key(), now)), now));
        }
    }

    private void deadLetter(Record<String, byte[]> record, RuntimeException e) {
        metrics.deadLetter();
        var meta = context.recordMetadata().orElse(null);
        LOGGER.debug("dead letter from {}: {}", meta, e.toString());
        String key = meta == null ? record.key() : Topics.deadLetterKey(meta.topic(), meta.partition(), meta.offset());
        context.forward(new Record<>(key, new Routed(Routed.Target.DEAD_LETTER, DeadLetters.of(meta, record.key(),
                record.value(), e, config.applicationId(), context.currentSystemTimeMs())), record.timestamp()));
    }
}
