package io.flowaudit.policy.advise;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.compile.ReasonCode;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.Verdict;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.model.Selector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Missing-DNS evidence in judged flows (R70): a denied connection to port 53 raises MISSING_DNS_RULE, a
 * refused DNS query raises DNS_NAME_GAP, once per subject (namespace + workload), with a count and first/last
 * seen. Not thread-safe: one per stream task.
 */
public final class DnsAlertTracker {
    private final IdentityCache ids;
    private final Map<String, Finding> findings = new LinkedHashMap<>();

    public DnsAlertTracker(IdentityCache ids) {
        this.ids = ids;
    }

    /**
     * Records the flow's evidence; returns the finding it is evidence of (with its updated count and last seen),
     * or empty when the flow is no DNS evidence.
     */
    public Optional<Finding> observe(Flow flow, Decision decision) {
        if (decision.verdict() != Verdict.DENIED || flow.destinationPort() != 53
                || (flow.protocol() != Protocol.UDP && flow.protocol() != Protocol.TCP)) {
            return Optional.empty();
        }
        Identity src = ids.resolve(flow.source().identity(), flow.source().labels());
        if (!src.isPod()) {
            return Optional.empty();
        }
        boolean nameGap = decision.reason() == ReasonCode.L7_DENIED;
        String name = Workloads.name(src).isEmpty() ? flow.source().podName() : Workloads.name(src);
        Selector subject = Workloads.selectorFor(src);
        String key = (nameGap ? FindingType.DNS_NAME_GAP : FindingType.MISSING_DNS_RULE) + "|" + src.namespace()
                + "|" + subject;
        Finding existing = findings.get(key);
        if (existing != null) {
            Finding updated = existing.seenAgain(flow.timeNanos());
            findings.put(key, updated);
            return Optional.of(updated);
        }
        Identity dst = ids.resolve(flow.destination().identity(), flow.destination().labels());
        String server = dst.value("k8s", "k8s-app").filter("kube-dns"::equals).isPresent() ? "kube-dns"
                : "DNS server " + flow.destinationIp();
        Finding f;
        if (nameGap) {
            String query = flow.l7() != null && flow.l7().dns() != null ? flow.l7().dns().query() : "?";
            f = new Finding(FindingType.DNS_NAME_GAP, Severity.WARNING, src.namespace(), subject.toString(),
                    DnsAdvisor.policies(decision.decidedBy()), "", src.namespace() + "/" + name + " resolved " + query
                    + " and the DNS proxy refused it: " + decision.detail(), "", 1, flow.timeNanos(), flow.timeNanos());
        } else {
            f = new Finding(FindingType.MISSING_DNS_RULE, Severity.ERROR, src.namespace(), subject.toString(),
                    DnsAdvisor.policies(decision.decidedBy()), "", src.namespace() + "/" + name + " cannot reach "
                    + server + " on " + flow.protocol() + "/53: " + decision.detail(),
                    DnsFix.egress(src.namespace(), subject, name, false), 1, flow.timeNanos(), flow.timeNanos());
        }
        findings.put(key, f);
        return Optional.of(f);
    }

    /** Every finding so far, with its current count and first/last seen. */
    public List<Finding> findings() {
        return List.copyOf(findings.values());
    }
}
