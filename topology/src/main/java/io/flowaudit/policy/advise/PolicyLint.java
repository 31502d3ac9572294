package io.flowaudit.policy.advise;

import io.flowaudit.policy.compile.Selectors;
import io.flowaudit.policy.model.Entity;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.Peers;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.PortRule;
import io.flowaudit.policy.model.PortSpec;
import io.flowaudit.policy.model.RuleElement;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Static checks other than DNS: selectors that match nothing seen, allows shadowed by denies, odd port rules. */
public final class PolicyLint {
    private final List<Policy> policies;

    public PolicyLint(List<Policy> policies) {
        this.policies = List.copyOf(policies);
    }

    public List<Finding> check(Collection<Identity> seen) {
        List<Finding> out = new ArrayList<>();
        for (Policy p : policies) {
            for (PolicyRule r : p.rules()) {
                String ns = r.ref().namespace();
                String loc = p.source() + ":" + p.line();
                if (!seen.isEmpty() && !r.nodeSubject()) {
                    Selector effective = Selectors.subject(r.subject(), r.ref());
                    if (seen.stream().noneMatch(id -> id.isManagedEndpoint() && Selectors.matches(effective, id))) {
                        out.add(finding(FindingType.SELECTOR_MATCHES_NOTHING, Severity.WARNING, ns, r, loc,
                                p.ref() + " rule " + r.index() + ": endpointSelector " + r.subject()
                                        + " matches no endpoint seen in the flows"));
                    }
                }
                for (RuleElement e : r.elements()) {
                    suspiciousPorts(p, r, e, loc, out);
                    if (!e.isDeny()) {
                        shadowed(p, r, e, loc, out);
                    }
                }
            }
        }
        return out;
    }

    private void suspiciousPorts(Policy p, PolicyRule r, RuleElement e, String loc, List<Finding> out) {
        for (int i = 0; i < e.portRules().size(); i++) {
            PortRule pr = e.portRules().get(i);
            String where = p.ref() + " " + e.ref().path() + ".toPorts[" + i + "]";
            if (pr.ports().isEmpty() && pr.l7().isEmpty()) {
                out.add(finding(FindingType.SUSPICIOUS_PORT, Severity.WARNING, r.ref().namespace(), r, loc,
                        where + " has no ports: it allows nothing, it does not mean 'all ports' (R38)"));
            }
            boolean hasZero = pr.ports().stream().anyMatch(s -> s.port() == 0 && !s.isNamed() && isPortProtocol(s));
            if (hasZero && pr.ports().size() > 1) {
                out.add(finding(FindingType.SUSPICIOUS_PORT, Severity.WARNING, r.ref().namespace(), r, loc,
                        where + " lists port 0 (every port) next to specific ports, which are then redundant (R40)"));
            }
        }
    }

    private static boolean isPortProtocol(PortSpec s) {
        return s.protocol() != L4Protocol.ICMP && s.protocol() != L4Protocol.ICMPV6;
    }

    /** An allow element whose every (peer, port) a deny of a rule with the same subject covers (R61). */
    private void shadowed(Policy p, PolicyRule r, RuleElement allow, String loc, List<Finding> out) {
        for (Policy q : policies) {
            for (PolicyRule r2 : q.rules()) {
                if (!r2.ref().namespace().equals(r.ref().namespace()) && !r2.ref().namespace().isEmpty()) {
                    continue;
                }
                if (!r2.subject().equals(r.subject()) && !r2.subject().isEmpty()) {
                    continue;
                }
                for (RuleElement deny : r2.elements()) {
                    if (deny.isDeny() && deny.direction() == allow.direction() && peersCovered(deny, allow)
                            && portsCovered(deny, allow)) {
                        out.add(finding(FindingType.SHADOWED_BY_DENY, Severity.WARNING, r.ref().namespace(), r, loc,
                                p.ref() + " " + allow.ref().path() + " never takes effect: " + q.ref() + " "
                                        + deny.ref().path() + " denies the same peers and ports, and deny wins (R61)"));
                        return;
                    }
                }
            }
        }
    }

    private static boolean peersCovered(RuleElement deny, RuleElement allow) {
        Peers d = deny.peers();
        if ((d instanceof Peers.Unspecified && deny.hasPortRules())
                || (d instanceof Peers.Entities en && en.entities().contains(Entity.ALL))) {
            return true;
        }
        return d.equals(allow.peers()) && !(d instanceof Peers.Unspecified);
    }

    private static boolean portsCovered(RuleElement deny, RuleElement allow) {
        if (!deny.hasPortRules()) {
            return true;
        }
        if (!allow.hasPortRules()) {
            return false;
        }
        for (PortRule ar : allow.portRules()) {
            for (PortSpec a : ar.ports()) {
                boolean covered = deny.portRules().stream().flatMap(pr -> pr.ports().stream()).anyMatch(d ->
                        !d.isNamed() && !a.isNamed() && protocolCovers(d.protocol(), a.protocol())
                                && d.low() <= a.low() && d.high() >= a.high());
                if (!covered) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean protocolCovers(L4Protocol d, L4Protocol a) {
        return d == a || (d == L4Protocol.ANY && (a == L4Protocol.TCP || a == L4Protocol.UDP || a == L4Protocol.SCTP));
    }

    private Finding finding(FindingType type, Severity sev, String ns, PolicyRule r, String loc, String message) {
        return new Finding(type, sev, ns, r.subject().toString(), List.of(r.ref()), loc, message, "", 0, 0, 0);
    }
}
