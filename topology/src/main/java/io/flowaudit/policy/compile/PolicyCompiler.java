package io.flowaudit.policy.compile;

import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.model.FqdnSelector;
import io.flowaudit.policy.model.Peers;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.PortRule;
import io.flowaudit.policy.model.PortSpec;
import io.flowaudit.policy.model.RuleElement;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Compiles a policy set into {@link PolicyTables}. Pure: the same policies and options give the same tables. */
public final class PolicyCompiler {
    private final EngineOptions options;

    public PolicyCompiler(EngineOptions options) {
        this.options = Objects.requireNonNull(options, "options can't be null");
    }

    public PolicyTables compile(List<Policy> policies, long revision) {
        // Object order never matters (R7); sorting makes element indices, and so outputs, deterministic.
        List<Policy> sorted = new ArrayList<>(policies);
        sorted.sort(Comparator.comparing(Policy::ref));
        List<CompiledRule> rules = new ArrayList<>();
        List<CompiledElement> elements = new ArrayList<>();
        for (Policy p : sorted) {
            for (PolicyRule r : p.rules()) {
                Selector subject = r.nodeSubject() ? r.subject() : Selectors.subject(r.subject(), r.ref());
                int[] idx = new int[r.elements().size()];
                for (int i = 0; i < idx.length; i++) {
                    RuleElement e = r.elements().get(i);
                    idx[i] = elements.size();
                    elements.add(element(elements.size(), e, r, subject));
                }
                rules.add(new CompiledRule(rules.size(), r, subject, idx));
            }
        }
        return new PolicyTables(revision, sorted, rules, elements, options);
    }

    private CompiledElement element(int index, RuleElement e, PolicyRule rule, Selector subject) {
        boolean l3Only = !e.hasPortRules();
        PeerMatcher peers = peers(e, rule, subject);
        List<CompiledPort> ports = new ArrayList<>();
        for (PortRule pr : e.portRules()) {
            for (PortSpec ps : pr.ports()) {
                port(ps, pr).ifPresent(ports::add);
            }
        }
        return new CompiledElement(index, e.ref(), e.isDeny(), e.direction(), peers, l3Only, ports,
                rule.defaultDenyFlag(e.direction()));
    }

    private java.util.Optional<CompiledPort> port(PortSpec ps, PortRule pr) {
        int low = ps.low();
        int high = ps.high();
        if (ps.isNamed()) {
            Integer n = options.namedPorts().get(ps.name());
            if (n == null) {
                // R43: an unresolved named port allows nothing.
                return java.util.Optional.empty();
            }
            low = n;
            high = n;
        }
        if (ps.protocol() == io.flowaudit.policy.model.L4Protocol.ICMP
                || ps.protocol() == io.flowaudit.policy.model.L4Protocol.ICMPV6) {
            // R45: the type takes the place of the port; type 0 is "port 0", every type (edge case 14).
            high = low == 0 ? 255 : low;
        }
        return java.util.Optional.of(new CompiledPort(ProtocolBucket.mask(ps.protocol()), low, high, pr.l7().orElse(null)));
    }

    private PeerMatcher peers(RuleElement e, PolicyRule rule, Selector subject) {
        Peers p = e.peers();
        if (p instanceof Peers.Unspecified) {
            // R29: no peer with ports selects every peer; without ports the element allows nothing (R23).
            return e.hasPortRules() ? new PeerMatcher.Any() : new PeerMatcher.None("element has neither peers nor ports");
        }
        if (p instanceof Peers.Endpoints ep) {
            return new PeerMatcher.Selectors(ep.selectors().stream()
                    .map(s -> Selectors.endpointPeer(s, rule.ref(), subject, options)).toList());
        }
        if (p instanceof Peers.Nodes n) {
            return new PeerMatcher.Selectors(n.selectors().stream().map(s -> Selectors.nodePeer(s, options)).toList());
        }
        if (p instanceof Peers.Cidrs c) {
            return new PeerMatcher.Cidrs(c.rules(), options.cidrMatchNodes());
        }
        if (p instanceof Peers.Entities en) {
            return new PeerMatcher.Entities(en.entities(), options.clusterName());
        }
        if (p instanceof Peers.Fqdns f) {
            List<String> names = new ArrayList<>();
            List<Pattern> patterns = new ArrayList<>();
            for (FqdnSelector s : f.selectors()) {
                if (!s.matchName().isEmpty()) {
                    names.add(DnsPatterns.normalize(s.matchName()));
                } else {
                    patterns.add(DnsPatterns.compile(s.matchPattern()));
                }
            }
            return new PeerMatcher.Fqdns(names, patterns);
        }
        Peers.Unresolvable u = (Peers.Unresolvable) p;
        return new PeerMatcher.None(u.why());
    }
}
