package io.flowaudit.whatif;

import io.flowaudit.flow.Flow;
import io.flowaudit.policy.advise.DnsAdvisor;
import io.flowaudit.policy.advise.DnsAlertTracker;
import io.flowaudit.policy.advise.Finding;
import io.flowaudit.policy.advise.Workloads;
import io.flowaudit.policy.compile.PolicyTables;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.FlowEvaluator;
import io.flowaudit.policy.eval.LearnedNames;
import io.flowaudit.policy.eval.Verdict;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IdentityCache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Judges flows under a baseline and a candidate policy set, in input order (each set keeps its own DNS-learned
 * state, since which answers the proxy sees depends on the policies), and collects what changes.
 * Not thread-safe.
 */
public final class WhatIf {
    private final PolicyTables baselineTables;
    private final PolicyTables candidateTables;
    private final IdentityCache ids = new IdentityCache();
    private final FlowEvaluator baseline;
    private final FlowEvaluator candidate;
    private final DnsAlertTracker baselineDns;
    private final DnsAlertTracker candidateDns;
    private final Map<String, ChangeGroup> groups = new LinkedHashMap<>();
    private final Map<ChangeKind, Long> counts = new EnumMap<>(ChangeKind.class);
    private final boolean reasonChanges;
    private long flows;

    /** @param reasonChanges also report flows whose verdict stays but whose deciding rules change */
    public WhatIf(PolicyTables baseline, PolicyTables candidate, LearnedNamesFactory names, boolean reasonChanges) {
        this.baselineTables = baseline;
        this.candidateTables = candidate;
        this.baseline = new FlowEvaluator(baseline, ids, names.create());
        this.candidate = new FlowEvaluator(candidate, ids, names.create());
        this.baselineDns = new DnsAlertTracker(ids);
        this.candidateDns = new DnsAlertTracker(ids);
        this.reasonChanges = reasonChanges;
    }

    /** Fresh DNS state for each side. */
    @FunctionalInterface
    public interface LearnedNamesFactory {
        LearnedNames create();
    }

    /** Judges one flow under both sets; returns the change, if any. */
    public Optional<FlowChange> judge(long index, Flow flow) {
        flows++;
        Decision b = baseline.decide(flow);
        Decision c = candidate.decide(flow);
        baselineDns.observe(flow, b);
        candidateDns.observe(flow, c);
        ChangeKind kind = kind(b, c);
        if (kind == null) {
            return Optional.empty();
        }
        FlowChange change = new FlowChange(index, flow, kind, b, c);
        counts.merge(kind, 1L, Long::sum);
        String src = name(flow.source().identity(), flow.source().labels(), flow.sourceIp(), List.of());
        String dst = name(flow.destination().identity(), flow.destination().labels(), flow.destinationIp(),
                flow.destinationNames());
        String key = kind + "|" + src + "|" + dst + "|" + flow.destinationPort() + "|" + flow.protocol();
        groups.compute(key, (k, g) -> g == null
                ? new ChangeGroup(kind, src, dst, flow.destinationPort(), flow.protocol().name(), 1, flow.timeNanos(),
                flow.timeNanos(), b, c)
                : g.plus(change));
        return Optional.of(change);
    }

    private ChangeKind kind(Decision b, Decision c) {
        boolean bAllowed = b.verdict() == Verdict.ALLOWED;
        boolean cAllowed = c.verdict() == Verdict.ALLOWED;
        if (b.verdict() == Verdict.NOT_EVALUATED || c.verdict() == Verdict.NOT_EVALUATED) {
            return null;
        }
        if (bAllowed && !cAllowed) {
            return ChangeKind.NEWLY_DENIED;
        }
        if (!bAllowed && cAllowed) {
            return ChangeKind.NEWLY_ALLOWED;
        }
        if (reasonChanges && (b.reason() != c.reason() || !refs(b).equals(refs(c)))) {
            return ChangeKind.REASON_CHANGED;
        }
        return null;
    }

    private static Set<String> refs(Decision d) {
        return d.decidedBy().stream().map(r -> r.policy().key()).collect(Collectors.toSet());
    }

    /** Workloads by their labels (app, k8s-app, name), world peers by DNS name or address. */
    private String name(long identity, List<String> labels, String ip, List<String> dnsNames) {
        return Workloads.peerName(ids.resolve(identity, labels), ip, dnsNames);
    }

    public WhatIfSummary summary() {
        List<ChangeGroup> sorted = new ArrayList<>(groups.values());
        sorted.sort(Comparator.comparing(ChangeGroup::kind).thenComparing(Comparator.comparingLong(ChangeGroup::count)
                .reversed()).thenComparing(ChangeGroup::source).thenComparing(ChangeGroup::destination));
        return new WhatIfSummary(flows, counts, sorted, newFindings());
    }

    /** Missing-DNS findings of the candidate (static and from flows) that the baseline does not have. */
    private List<Finding> newFindings() {
        Set<String> before = new java.util.HashSet<>();
        new DnsAdvisor(baselineTables).advise(List.of()).forEach(f -> before.add(f.key()));
        baselineDns.findings().forEach(f -> before.add(f.key()));
        List<Finding> out = new ArrayList<>();
        for (Finding f : new DnsAdvisor(candidateTables).advise(List.of())) {
            if (before.add(f.key())) {
                out.add(f);
            }
        }
        for (Finding f : candidateDns.findings()) {
            if (before.add(f.key())) {
                out.add(f);
            }
        }
        return out;
    }
}
