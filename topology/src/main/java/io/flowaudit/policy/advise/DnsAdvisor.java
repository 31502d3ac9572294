package io.flowaudit.policy.advise;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.policy.compile.Outcome;
import io.flowaudit.policy.compile.PolicyTables;
import io.flowaudit.policy.compile.Selectors;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.FlowEvaluator;
import io.flowaudit.policy.eval.LearnedNames;
import io.flowaudit.policy.eval.Verdict;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.RuleRef;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The static missing-DNS-rule check (R69): for every subject of the policy set (and every workload seen in
 * flows, when given), is its DNS to kube-dns on UDP/53 and TCP/53 allowed end to end, and — when it uses
 * toFQDNs — does a DNS rule let the proxy see the answers?
 */
public final class DnsAdvisor {
    private final PolicyTables tables;
    private final IdentityCache ids = new IdentityCache();

    public DnsAdvisor(PolicyTables tables) {
        this.tables = tables;
    }

    /** Findings for every policy subject, plus every extra identity (workloads seen in flows). */
    public List<Finding> advise(Collection<Identity> seen) {
        Map<String, Finding> out = new LinkedHashMap<>();
        String cluster = tables.options().clusterName();
        for (Policy p : tables.policies()) {
            for (PolicyRule r : p.rules()) {
                if (r.nodeSubject()) {
                    continue;
                }
                Selector effective = Selectors.subject(r.subject(), r.ref());
                String ns = r.ref().namespace();
                Workloads.representative(effective, ns, cluster, ids).ifPresent(id ->
                        check(id, ns, r.subject(), r.subject().toString(), location(p), out));
            }
        }
        for (Identity id : seen) {
            if (id.isPod()) {
                check(id, id.namespace(), Workloads.selectorFor(id), Workloads.selectorFor(id).toString(), "", out);
            }
        }
        return List.copyOf(out.values());
    }

    private static String location(Policy p) {
        return p.source() + ":" + p.line();
    }

    private void check(Identity subject, String namespace, Selector written, String subjectText, String location,
                       Map<String, Finding> out) {
        Optional<PolicyTables.DirectionState> egress = tables.directionState(Direction.EGRESS, subject, List.of());
        if (egress.isEmpty()) {
            return;
        }
        FlowEvaluator evaluator = new FlowEvaluator(tables, ids, new LearnedNames());
        Identity dns = Workloads.kubeDns(ids, tables.options().clusterName());
        Decision udp = evaluator.decide(dnsFlow(subject, dns, Protocol.UDP));
        Decision tcp = evaluator.decide(dnsFlow(subject, dns, Protocol.TCP));
        String name = Workloads.name(subject).isEmpty() ? subjectText : Workloads.name(subject);
        String who = (namespace.isEmpty() ? "" : namespace + "/") + name;
        List<PolicyRef> involved = policies(egress.get().enforcedBy());
        boolean fqdn = egress.get().usesFqdn();
        if (udp.verdict() == Verdict.DENIED) {
            boolean egressSide = udp.egress() != null && udp.egress().outcome() == Outcome.DENIED;
            String fix = egressSide ? DnsFix.egress(namespace, written, name, fqdn) : DnsFix.ingress(namespace, name);
            put(out, new Finding(FindingType.MISSING_DNS_RULE, Severity.ERROR, namespace, subjectText,
                    egressSide ? involved : policies(udp.decidedBy()), location,
                    who + " cannot resolve names: " + udp.detail() + " (kube-dns UDP/53)", fix, 0, 0, 0));
            return;
        }
        if (tcp.verdict() == Verdict.DENIED) {
            put(out, new Finding(FindingType.MISSING_DNS_TCP, Severity.WARNING, namespace, subjectText, involved,
                    location, who + " can query kube-dns over UDP/53 but not TCP/53, so truncated answers fail: "
                    + tcp.detail(), DnsFix.egress(namespace, written, name, fqdn), 0, 0, 0));
        }
        if (fqdn && (udp.egress() == null || udp.egress().outcome() != Outcome.REDIRECTED
                || udp.egress().gate().rules().stream().noneMatch(s -> s.rules().isDns()))) {
            put(out, new Finding(FindingType.MISSING_DNS_PROXY, Severity.ERROR, namespace, subjectText, involved,
                    location, who + " uses toFQDNs, but no DNS rule sends its lookups through the DNS proxy: no"
                    + " address is ever learned and every toFQDNs connection is dropped (R33)",
                    DnsFix.egress(namespace, written, name, true), 0, 0, 0));
        }
    }

    private static void put(Map<String, Finding> out, Finding f) {
        out.putIfAbsent(f.key(), f);
    }

    static List<PolicyRef> policies(List<RuleRef> refs) {
        return refs.stream().map(RuleRef::policy).distinct().toList();
    }

    private static Flow dnsFlow(Identity client, Identity server, Protocol proto) {
        return Flow.builder().source(new FlowEndpoint(0, client.id(), client.namespace(), "", client.labels(), List.of()))
                .sourceIp("10.0.0.2").destination(new FlowEndpoint(0, server.id(), server.namespace(), "",
                        server.labels(), List.of())).destinationIp("10.0.0.10").protocol(proto).sourcePort(40000)
                .destinationPort(53).reply(ReplyState.REQUEST).build();
    }

    /** Workload identities seen as flow sources, to check them too. */
    public static List<Identity> sources(Collection<Flow> flows, IdentityCache ids) {
        List<Identity> out = new ArrayList<>();
        for (Flow f : flows) {
            Identity id = ids.resolve(f.source().identity(), f.source().labels());
            if (id.isPod() && !out.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }
}
