package io.flowaudit.policy.parse;

import io.flowaudit.policy.model.CidrRule;
import io.flowaudit.policy.model.IpPrefix;
import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.Operator;
import io.flowaudit.policy.model.Peers;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.PortRule;
import io.flowaudit.policy.model.PortSpec;
import io.flowaudit.policy.model.Requirement;
import io.flowaudit.policy.model.RuleElement;
import io.flowaudit.policy.model.RuleRef;
import io.flowaudit.policy.model.Section;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code networking.k8s.io/v1} NetworkPolicy, translated as Cilium enforces it: the pod selector gets the
 * policy namespace, a namespaceSelector becomes {@code io.cilium.k8s.namespace.labels.*} requirements, an
 * ipBlock a CIDR set, and each listed policy type with no rule becomes default deny.
 */
final class KubernetesPolicyParser {
    static final String NAMESPACE_LABEL_PREFIX = "io.cilium.k8s.namespace.labels.";
    private static final Set<String> SPEC_FIELDS = Set.of("podSelector", "policyTypes", "ingress", "egress");
    private static final Set<String> PEER_FIELDS = Set.of("podSelector", "namespaceSelector", "ipBlock");

    private final ParseContext ctx;
    private final PolicyRef policy;

    KubernetesPolicyParser(ParseContext ctx, PolicyRef policy) {
        this.ctx = ctx;
        this.policy = policy;
    }

    /**
     * @param specNode the {@code spec}
     * @param object the whole object, where a missing spec is reported
     */
    Optional<PolicyRule> rule(Node specNode, Node.MapNode object, String path) {
        Optional<Node.MapNode> m = ctx.map(specNode, path);
        if (m.isEmpty()) {
            if (ParseContext.isNull(specNode)) {
                ctx.error(object.entries().containsKey("spec") ? ParseContext.keyNode(object, "spec") : object, path,
                        "missing: a NetworkPolicy needs a spec");
            }
            return Optional.empty();
        }
        ctx.checkKnown(m.get(), path, SPEC_FIELDS);
        Map<String, Node> f = m.get().entries();
        Optional<Selector> subject = SelectorParser.parse(ctx, f.get("podSelector"), path + ".podSelector", "");
        // Without policyTypes, Egress is implied by a non-empty egress list only (Kubernetes API defaulting).
        boolean hasEgress = f.get("egress") instanceof Node.ListNode l && !l.items().isEmpty();
        boolean ingressType = true;
        boolean egressType = hasEgress;
        List<Node> types = ctx.list(f.get("policyTypes"), path + ".policyTypes");
        // An empty or absent policyTypes is defaulted by the API server, as above.
        if (!types.isEmpty()) {
            ingressType = false;
            egressType = false;
            for (int i = 0; i < types.size(); i++) {
                String t = ctx.string(types.get(i), path + ".policyTypes[" + i + "]").orElse("");
                switch (t) {
                    case "Ingress" -> ingressType = true;
                    case "Egress" -> egressType = true;
                    default -> ctx.error(ParseContext.either(types.get(i), f.get("policyTypes")),
                            path + ".policyTypes[" + i + "]",
                            "\"" + Node.abbreviate(t) + "\" is not a policy type: expected Ingress or Egress");
                }
            }
        }
        List<RuleElement> elements = new ArrayList<>();
        if (ingressType) {
            section(f.get("ingress"), path + ".ingress", Section.INGRESS, "from", elements);
        }
        if (egressType) {
            section(f.get("egress"), path + ".egress", Section.EGRESS, "to", elements);
        }
        return subject.map(s -> new PolicyRule(policy, 0, s, false, elements, null, null));
    }

    private void section(Node n, String path, Section section, String peerField, List<RuleElement> out) {
        List<Node> rules = ctx.list(n, path);
        if (rules.isEmpty()) {
            // A listed policy type without rules isolates the pod: an element that allows nothing (R23).
            out.add(new RuleElement(new RuleRef(policy, 0, section, 0), new Peers.Unspecified(), false, List.of()));
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            String p = path + "[" + i + "]";
            RuleRef ref = new RuleRef(policy, 0, section, i);
            Optional<Node.MapNode> m = ctx.map(rules.get(i), p);
            Map<String, Node> f = m.map(Node.MapNode::entries).orElse(Map.of());
            m.ifPresent(mm -> ctx.checkKnown(mm, p, Set.of(peerField, "ports")));
            List<PortRule> ports = ports(f.get("ports"), p + ".ports");
            boolean hasPorts = f.get("ports") instanceof Node.ListNode l && !l.items().isEmpty();
            List<Node> peers = ctx.list(f.get(peerField), p + "." + peerField);
            if (peers.isEmpty()) {
                // No from/to: every source or destination, as Kubernetes defines it.
                out.add(new RuleElement(ref, Peers.all(), hasPorts, ports));
                continue;
            }
            List<Selector> selectors = new ArrayList<>();
            List<CidrRule> cidrs = new ArrayList<>();
            for (int j = 0; j < peers.size(); j++) {
                peer(peers.get(j), p + "." + peerField + "[" + j + "]", selectors, cidrs);
            }
            if (!selectors.isEmpty()) {
                out.add(new RuleElement(ref, new Peers.Endpoints(selectors), hasPorts, ports));
            }
            if (!cidrs.isEmpty()) {
                out.add(new RuleElement(ref, new Peers.Cidrs(cidrs), hasPorts, ports));
            }
        }
    }

    private void peer(Node n, String path, List<Selector> selectors, List<CidrRule> cidrs) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return;
        }
        ctx.checkKnown(m.get(), path, PEER_FIELDS);
        Map<String, Node> f = m.get().entries();
        if (f.containsKey("ipBlock")) {
            if (f.containsKey("podSelector") || f.containsKey("namespaceSelector")) {
                ctx.error(n, path, "ipBlock cannot be combined with podSelector or namespaceSelector");
                return;
            }
            ipBlock(f.get("ipBlock"), path + ".ipBlock").ifPresent(cidrs::add);
            return;
        }
        boolean hasPod = f.containsKey("podSelector");
        boolean hasNs = f.containsKey("namespaceSelector");
        if (!hasPod && !hasNs) {
            ctx.error(n, path, "a peer needs podSelector, namespaceSelector or ipBlock");
            return;
        }
        Selector pods = hasPod ? SelectorParser.parse(ctx, f.get("podSelector"), path + ".podSelector", "")
                .orElse(null) : Selector.ALL;
        if (pods == null) {
            return;
        }
        Selector combined;
        if (hasNs) {
            Optional<Selector> ns = SelectorParser.parse(ctx, f.get("namespaceSelector"), path + ".namespaceSelector",
                    "k8s:" + NAMESPACE_LABEL_PREFIX);
            if (ns.isEmpty()) {
                return;
            }
            List<Requirement> reqs = new ArrayList<>(pods.requirements());
            reqs.addAll(ns.get().requirements());
            // Any namespace: the peer must still be a pod (have a namespace).
            reqs.add(new Requirement("k8s", "io.kubernetes.pod.namespace", Operator.EXISTS, List.of()));
            combined = new Selector(reqs);
        } else {
            combined = pods.with(Requirement.equalTo("k8s", "io.kubernetes.pod.namespace", policy.namespace()));
        }
        selectors.add(combined);
    }

    private Optional<CidrRule> ipBlock(Node n, String path) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        ctx.checkKnown(m.get(), path, Set.of("cidr", "except"));
        Optional<String> c = ctx.string(m.get().entries().get("cidr"), path + ".cidr");
        if (c.isEmpty()) {
            ctx.error(ParseContext.either(m.get().entries().get("cidr"), n), path + ".cidr",
                    "missing: ipBlock needs a cidr");
            return Optional.empty();
        }
        Optional<IpPrefix> cidr = IpPrefix.parse(c.get()).filter(x -> c.get().contains("/"));
        if (cidr.isEmpty()) {
            ctx.error(m.get().entries().get("cidr"), path + ".cidr", "\"" + Node.abbreviate(c.get())
                    + "\" is not a CIDR: expected a prefix such as 10.0.0.0/8");
            return Optional.empty();
        }
        List<IpPrefix> except = new ArrayList<>();
        List<Node> ex = ctx.list(m.get().entries().get("except"), path + ".except");
        for (int i = 0; i < ex.size(); i++) {
            String p = path + ".except[" + i + "]";
            Optional<String> et = ctx.string(ex.get(i), p);
            Optional<IpPrefix> e = et.filter(x -> x.contains("/")).flatMap(IpPrefix::parse);
            // Kubernetes validation: each except must be a strict subset of cidr.
            if (e.isEmpty() || !cidr.get().covers(e.get()) || e.get().length() == cidr.get().length()) {
                ctx.error(ParseContext.either(ex.get(i), n), p, "expected a prefix strictly inside " + cidr.get()
                        + ", found " + (ex.get(i) == null ? "nothing" : Node.describe(ex.get(i))));
                continue;
            }
            except.add(e.get());
        }
        return Optional.of(new CidrRule(cidr.get(), except));
    }

    private List<PortRule> ports(Node n, String path) {
        List<Node> items = ctx.list(n, path);
        List<PortSpec> specs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Optional<Node.MapNode> m = ctx.map(items.get(i), p);
            if (m.isEmpty()) {
                continue;
            }
            ctx.checkKnown(m.get(), p, Set.of("protocol", "port", "endPort"));
            Map<String, Node> f = m.get().entries();
            String protoText = ctx.string(f.get("protocol"), p + ".protocol").orElse("TCP");
            // Kubernetes validates the protocol case-sensitively.
            Optional<L4Protocol> proto = L4Protocol.parse(protoText)
                    .filter(x -> x != L4Protocol.ANY && x.name().equals(protoText));
            if (proto.isEmpty()) {
                ctx.error(f.get("protocol"), p + ".protocol", "\"" + Node.abbreviate(protoText)
                        + "\" is not a protocol: expected TCP, UDP or SCTP");
                continue;
            }
            if (!f.containsKey("port") || ParseContext.isNull(f.get("port"))) {
                if (!ParseContext.isNull(f.get("endPort"))) {
                    ctx.error(f.get("endPort"), p + ".endPort", "endPort needs a numeric port");
                    continue;
                }
                specs.add(new PortSpec(0, 0, "", proto.get()));
                continue;
            }
            if (!ParseContext.isNull(f.get("endPort")) && !endPortValid(f.get("port"), f.get("endPort"), p)) {
                continue;
            }
            PortParser.port(ctx, f.get("port"), f.get("endPort"), proto.get(), p).ifPresent(specs::add);
        }
        return specs.isEmpty() ? List.of() : List.of(new PortRule(specs, null));
    }

    /** Kubernetes validation: endPort needs a numeric port and may not be below it. */
    private boolean endPortValid(Node port, Node endPort, String path) {
        boolean numeric = port instanceof Node.Scalar s && !s.text().isEmpty()
                && s.text().chars().allMatch(Character::isDigit);
        if (!numeric) {
            ctx.error(endPort, path + ".endPort", "endPort needs a numeric port, found " + Node.describe(port));
            return false;
        }
        Optional<Integer> e = ctx.integer(endPort, path + ".endPort", 1, 65535);
        int low = ((Node.Scalar) port).text().length() > 5 ? Integer.MAX_VALUE
                : Integer.parseInt(((Node.Scalar) port).text());
        if (e.isPresent() && e.get() < low) {
            ctx.error(endPort, path + ".endPort", "endPort " + e.get() + " is below port " + low);
            return false;
        }
        return e.isPresent();
    }
}
