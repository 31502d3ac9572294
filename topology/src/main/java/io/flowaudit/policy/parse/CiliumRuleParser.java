package io.flowaudit.policy.parse;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.CidrRule;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.Entity;
import io.flowaudit.policy.model.FqdnSelector;
import io.flowaudit.policy.model.IpPrefix;
import io.flowaudit.policy.model.Peers;
import io.flowaudit.policy.model.PolicyKind;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.PortRule;
import io.flowaudit.policy.model.RuleElement;
import io.flowaudit.policy.model.RuleRef;
import io.flowaudit.policy.model.Section;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One rule of a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy (R3, R28-R37 validation). */
final class CiliumRuleParser {
    private static final Set<String> RULE_FIELDS = Set.of("endpointSelector", "nodeSelector", "ingress",
            "ingressDeny", "egress", "egressDeny", "enableDefaultDeny", "description", "labels", "log");
    private static final List<String> INGRESS_PEERS = List.of("fromEndpoints", "fromCIDR", "fromCIDRSet",
            "fromEntities", "fromNodes", "fromGroups");
    private static final List<String> EGRESS_PEERS = List.of("toEndpoints", "toCIDR", "toCIDRSet", "toEntities",
            "toServices", "toGroups", "toNodes", "toFQDNs");
    private static final Set<String> CIDRSET_SOURCES = Set.of("cidr", "cidrGroupRef", "cidrGroupSelector");
    private static final Set<String> CIDRSET_FIELDS = Set.of("cidr", "cidrGroupRef", "cidrGroupSelector", "except");
    private static final Set<String> FQDN_FIELDS = Set.of("matchName", "matchPattern");
    /** The CRD's {@code maxLength} of matchName and matchPattern. */
    private static final int MAX_DNS_LENGTH = 255;

    private final ParseContext ctx;
    private final PolicyRef policy;
    private final CiliumVersion version;
    private final CiliumPortRuleParser ports;

    CiliumRuleParser(ParseContext ctx, PolicyRef policy, CiliumVersion version) {
        this.ctx = ctx;
        this.policy = policy;
        this.version = version;
        this.ports = new CiliumPortRuleParser(ctx, version);
    }

    /**
     * @param n the rule ({@code spec} or an item of {@code specs})
     * @param parent where to locate problems when {@code n} is null
     */
    Optional<PolicyRule> rule(Node n, Node parent, int index, String path) {
        if (!(n instanceof Node.MapNode m)) {
            if (ParseContext.isNull(n)) {
                ctx.error(ParseContext.either(n, parent), path, "expected a rule mapping, found null");
            } else {
                ctx.map(n, path);
            }
            return Optional.empty();
        }
        Map<String, Node> f = m.entries();
        ctx.checkKnown(m, path, RULE_FIELDS);
        boolean hasEndpoint = !ParseContext.isNull(f.get("endpointSelector"));
        boolean hasNode = !ParseContext.isNull(f.get("nodeSelector"));
        if (hasEndpoint && hasNode) {
            ctx.error(ParseContext.keyNode(m, "nodeSelector"), path + ".nodeSelector",
                    "a rule takes endpointSelector or nodeSelector, not both (R3)");
        } else if (!hasEndpoint && !hasNode) {
            ctx.error(m, path + ".endpointSelector",
                    "missing: a rule needs exactly one of endpointSelector or nodeSelector (R3)");
        }
        if (hasNode && policy.kind() != PolicyKind.CILIUM_CLUSTERWIDE_NETWORK_POLICY) {
            ctx.error(ParseContext.keyNode(m, "nodeSelector"), path + ".nodeSelector",
                    "nodeSelector is only allowed in a CiliumClusterwideNetworkPolicy (R1)");
        }
        boolean hostRule = hasNode && !hasEndpoint;
        String subjectField = hostRule ? "nodeSelector" : "endpointSelector";
        Optional<Selector> subject = hasEndpoint || hasNode
                ? SelectorParser.parse(ctx, f.get(subjectField), path + "." + subjectField, "") : Optional.empty();
        List<RuleElement> elements = new ArrayList<>();
        boolean anyElement = false;
        for (Section s : Section.values()) {
            Node section = f.get(s.fieldName());
            List<Node> items = ctx.list(section, path + "." + s.fieldName());
            // A section that is not a list was reported already; R3 is about rules that list nothing.
            anyElement |= !items.isEmpty() || !(ParseContext.isNull(section) || section instanceof Node.ListNode);
            for (int i = 0; i < items.size(); i++) {
                element(items.get(i), new RuleRef(policy, index, s, i), path + "." + s.fieldName() + "[" + i + "]",
                        hostRule).ifPresent(elements::add);
            }
        }
        if (!anyElement) {
            ctx.error(m, path, "the rule has no ingress, ingressDeny, egress or egressDeny element; Cilium rejects"
                    + " it (R3)");
        }
        Optional<Node.MapNode> ddm = ctx.map(f.get("enableDefaultDeny"), path + ".enableDefaultDeny");
        ddm.ifPresent(d -> ctx.checkKnown(d, path + ".enableDefaultDeny", Set.of("ingress", "egress")));
        Boolean ddIngress = ddm.flatMap(d -> ctx.bool(d.entries().get("ingress"), path + ".enableDefaultDeny.ingress"))
                .orElse(null);
        Boolean ddEgress = ddm.flatMap(d -> ctx.bool(d.entries().get("egress"), path + ".enableDefaultDeny.egress"))
                .orElse(null);
        return subject.map(s -> new PolicyRule(policy, index, s, hostRule, elements, ddIngress, ddEgress));
    }

    private Optional<RuleElement> element(Node n, RuleRef ref, String path, boolean hostRule) {
        if (ParseContext.isNull(n)) {
            // "- {}" written as "-": an element with no peer and no port.
            return Optional.of(new RuleElement(ref, new Peers.Unspecified(), false, List.of()));
        }
        Optional<Node.MapNode> mm = ctx.map(n, path);
        if (mm.isEmpty()) {
            return Optional.empty();
        }
        Node.MapNode m = mm.get();
        boolean ingress = ref.section().direction() == Direction.INGRESS;
        boolean deny = ref.section().isDeny();
        List<String> peerFields = ingress ? INGRESS_PEERS : EGRESS_PEERS;
        Map<String, Node> f = m.entries();
        Set<String> known = new HashSet<>(peerFields);
        known.addAll(List.of("toPorts", "icmps", ingress ? "fromRequires" : "toRequires"));
        if (!deny) {
            // Deny elements have no authentication (R62); egressDeny's toFQDNs gets its own error (R33).
            known.add("authentication");
        }
        ctx.checkKnown(m, path, known);

        Peers peers = peers(m, peerFields, path, ref);
        requires(m, ingress ? "fromRequires" : "toRequires", path);
        authentication(m, path, deny);
        boolean hasPorts = f.get("toPorts") instanceof Node.ListNode l && !l.items().isEmpty();
        boolean hasIcmps = f.get("icmps") instanceof Node.ListNode l2 && !l2.items().isEmpty();
        if (hasPorts && hasIcmps) {
            ctx.error(ParseContext.keyNode(m, "icmps"), path + ".icmps",
                    "toPorts and icmps cannot be combined in one element; write two elements (R45)");
        }
        List<PortRule> portRules = new ArrayList<>();
        List<Node> tp = ctx.list(f.get("toPorts"), path + ".toPorts");
        for (int i = 0; i < tp.size(); i++) {
            ports.portRule(tp.get(i), path + ".toPorts[" + i + "]", ref, hostRule).ifPresent(portRules::add);
        }
        List<Node> icmps = ctx.list(f.get("icmps"), path + ".icmps");
        for (int i = 0; i < icmps.size(); i++) {
            ports.icmpRule(icmps.get(i), m, path + ".icmps[" + i + "]").ifPresent(portRules::add);
        }
        return Optional.of(new RuleElement(ref, peers, hasPorts || hasIcmps, portRules));
    }

    private Peers peers(Node.MapNode m, List<String> peerFields, String path, RuleRef ref) {
        Map<String, Node> f = m.entries();
        List<String> present = new ArrayList<>();
        List<String> nonEmpty = new ArrayList<>();
        for (String field : peerFields) {
            if (!ParseContext.isNull(f.get(field))) {
                present.add(field);
                if (!(f.get(field) instanceof Node.ListNode l) || !l.items().isEmpty()) {
                    nonEmpty.add(field);
                }
            }
        }
        if (ref.section() == Section.EGRESS_DENY && f.containsKey("toFQDNs")) {
            ctx.error(ParseContext.keyNode(m, "toFQDNs"), path + ".toFQDNs", "toFQDNs is not allowed in egressDeny (R33)");
        }
        if (nonEmpty.size() > 1) {
            ctx.error(ParseContext.keyNode(m, nonEmpty.get(1)), path + "." + nonEmpty.get(1), "combining "
                    + nonEmpty.get(0) + " and " + nonEmpty.get(1) + " in one element is not supported (R28)");
            return new Peers.Endpoints(List.of());
        }
        if (present.isEmpty()) {
            return new Peers.Unspecified();
        }
        if (nonEmpty.isEmpty()) {
            // An explicit empty list selects nothing, even with ports (R29).
            return new Peers.Endpoints(List.of());
        }
        String field = nonEmpty.get(0);
        String p = path + "." + field;
        List<Node> items = ctx.list(f.get(field), p);
        return switch (field) {
            case "fromEndpoints", "toEndpoints" -> new Peers.Endpoints(selectors(items, p));
            case "fromNodes", "toNodes" -> nodes(items, p, m, field);
            case "fromCIDR", "toCIDR" -> new Peers.Cidrs(cidrs(items, p));
            case "fromCIDRSet", "toCIDRSet" -> cidrSets(items, p);
            case "fromEntities", "toEntities" -> new Peers.Entities(entities(items, p));
            case "toFQDNs" -> fqdns(items, p);
            case "toServices" -> unresolvable(m, field, p,
                    "toServices needs the cluster's Service objects, which flows do not carry; it selects nothing here");
            default -> unresolvable(m, field, p,
                    field + " resolves through a cloud provider API; it selects nothing here");
        };
    }

    private Peers unresolvable(Node.MapNode m, String field, String path, String why) {
        ctx.warn(ParseContext.keyNode(m, field), path, why);
        return new Peers.Unresolvable(field, why);
    }

    private Peers nodes(List<Node> items, String path, Node.MapNode m, String field) {
        ctx.warn(ParseContext.keyNode(m, field), path, field + " needs the agent option enable-node-selector-labels;"
                + " without it Cilium rejects the rule (R35)");
        return new Peers.Nodes(selectors(items, path));
    }

    private void requires(Node.MapNode m, String field, String path) {
        if (m.entries().get(field) instanceof Node.ListNode l && !l.items().isEmpty()) {
            Node at = ParseContext.keyNode(m, field);
            if (version.supportsRequires()) {
                ctx.warn(at, path + "." + field, field + " (deprecated) is not modelled by flowaudit;"
                        + " its requirements are not applied (R37)");
            } else {
                ctx.error(at, path + "." + field, field + " was removed in Cilium 1.19 (R37); audit with"
                        + " --cilium-version 1.18 to accept it");
            }
        }
    }

    private void authentication(Node.MapNode m, String path, boolean deny) {
        if (!deny && !ParseContext.isNull(m.entries().get("authentication"))) {
            ctx.warn(ParseContext.keyNode(m, "authentication"), path + ".authentication", "mutual authentication is"
                    + " not modelled by flowaudit; flows are judged as if authentication succeeded");
        }
    }

    private List<Selector> selectors(List<Node> items, String path) {
        List<Selector> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            SelectorParser.parse(ctx, items.get(i), path + "[" + i + "]", "").ifPresent(out::add);
        }
        return out;
    }

    private List<CidrRule> cidrs(List<Node> items, String path) {
        List<CidrRule> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            prefix(items.get(i), path + "[" + i + "]", false).ifPresent(pfx -> out.add(new CidrRule(pfx, List.of())));
        }
        return out;
    }

    /** A prefix; {@code fromCIDR}/{@code toCIDR} also take a bare address, CIDR set entries do not (R31). */
    private Optional<IpPrefix> prefix(Node n, String path, boolean needsLength) {
        Optional<String> s = ctx.string(n, path);
        if (s.isEmpty()) {
            if (ParseContext.isNull(n)) {
                ctx.error(n, path, "expected a CIDR such as 10.0.0.0/8, found " + (n == null ? "nothing" : "null"));
            }
            return Optional.empty();
        }
        Optional<IpPrefix> p = IpPrefix.parse(s.get());
        if (p.isEmpty()) {
            ctx.error(n, path, "\"" + Node.abbreviate(s.get()) + "\" is not a CIDR: expected an address or prefix such"
                    + " as 10.0.0.0/8");
        } else if (needsLength && !s.get().contains("/")) {
            ctx.error(n, path, "\"" + Node.abbreviate(s.get()) + "\" has no prefix length: a CIDR set needs"
                    + " address/length such as " + s.get().trim() + (p.get().address().isV4() ? "/32" : "/128") + " (R31)");
            return Optional.empty();
        }
        return p;
    }

    private Peers cidrSets(List<Node> items, String path) {
        List<CidrRule> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Optional<Node.MapNode> m = ctx.map(items.get(i), p);
            if (m.isEmpty()) {
                if (ParseContext.isNull(items.get(i))) {
                    ctx.error(items.get(i), p, "expected a CIDR set entry with cidr, cidrGroupRef or cidrGroupSelector");
                }
                continue;
            }
            ctx.checkKnown(m.get(), p, CIDRSET_FIELDS);
            Map<String, Node> f = m.get().entries();
            List<String> sources = CIDRSET_SOURCES.stream().filter(k -> !ParseContext.isNull(f.get(k))).sorted().toList();
            if (sources.size() != 1) {
                ctx.error(m.get(), sources.isEmpty() ? p + ".cidr" : p, sources.isEmpty()
                        ? "missing: a CIDR set entry needs one of cidr, cidrGroupRef or cidrGroupSelector (R31)"
                        : "a CIDR set entry takes exactly one of cidr, cidrGroupRef or cidrGroupSelector, found "
                                + String.join(" and ", sources) + " (R31)");
                continue;
            }
            if (!sources.get(0).equals("cidr")) {
                ctx.warn(ParseContext.keyNode(m.get(), sources.get(0)), p + "." + sources.get(0), "CiliumCIDRGroup"
                        + " references are not resolved by flowaudit; this entry selects nothing");
                continue;
            }
            Optional<IpPrefix> cidr = prefix(f.get("cidr"), p + ".cidr", true);
            List<IpPrefix> except = new ArrayList<>();
            List<Node> ex = ctx.list(f.get("except"), p + ".except");
            for (int j = 0; j < ex.size(); j++) {
                String ep = p + ".except[" + j + "]";
                Optional<IpPrefix> e = prefix(ex.get(j), ep, true);
                if (e.isPresent() && cidr.isPresent() && !cidr.get().covers(e.get())) {
                    ctx.error(ex.get(j), ep, e.get() + " is not inside " + cidr.get() + ": an except prefix must lie"
                            + " inside the entry's cidr (R31)");
                }
                e.ifPresent(except::add);
            }
            cidr.ifPresent(c -> out.add(new CidrRule(c, except)));
        }
        return new Peers.Cidrs(out);
    }

    private Set<Entity> entities(List<Node> items, String path) {
        Set<Entity> out = EnumSet.noneOf(Entity.class);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Optional<String> s = ctx.string(items.get(i), p);
            Optional<Entity> e = s.flatMap(Entity::parse);
            if (e.isEmpty() || e.get() == Entity.WORLD_IPV4 || e.get() == Entity.WORLD_IPV6) {
                // world-ipv4/-ipv6 exist in the agent but not in the CRD enum (R30, edge case 36).
                ctx.error(items.get(i), p, (s.isPresent() ? "\"" + Node.abbreviate(s.get()) + "\"" : "null")
                        + " is not an entity the CRD accepts: expected all, world, cluster, host, remote-node,"
                        + " kube-apiserver, health, init, ingress, unmanaged or none (R30)");
                continue;
            }
            out.add(e.get());
        }
        return out;
    }

    private Peers fqdns(List<Node> items, String path) {
        List<FqdnSelector> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Optional<Node.MapNode> m = ctx.map(items.get(i), p);
            if (m.isEmpty()) {
                if (ParseContext.isNull(items.get(i))) {
                    ctx.error(items.get(i), p, "missing: expected matchName or matchPattern (R33)");
                }
                continue;
            }
            ctx.checkKnown(m.get(), p, FQDN_FIELDS);
            dnsNames(ctx, m.get(), p).ifPresent(d -> out.add(new FqdnSelector(d[0], d[1])));
        }
        return new Peers.Fqdns(out);
    }

    /**
     * Exactly one of matchName and matchPattern (the CRD's oneOf), with the characters R58 allows.
     *
     * @return {matchName, matchPattern}, one of them empty
     */
    static Optional<String[]> dnsNames(ParseContext ctx, Node.MapNode m, String path) {
        String name = ctx.string(m.entries().get("matchName"), path + ".matchName").orElse("");
        String pattern = ctx.string(m.entries().get("matchPattern"), path + ".matchPattern").orElse("");
        if (name.isEmpty() == pattern.isEmpty()) {
            ctx.error(m, path, name.isEmpty() ? "missing: expected matchName or matchPattern (R33, R58)"
                    : "matchName and matchPattern cannot both be set (R33, R58)");
            return Optional.empty();
        }
        boolean isName = !name.isEmpty();
        String field = isName ? "matchName" : "matchPattern";
        String checked = isName ? name : pattern;
        String allowed = isName ? "[-a-zA-Z0-9_.]" : "[-a-zA-Z0-9_.*]";
        Node at = m.entries().get(field);
        if (!checked.matches(allowed + "+")) {
            ctx.error(at, path + "." + field, "\"" + Node.abbreviate(checked) + "\" has characters a DNS "
                    + (isName ? "name" : "pattern") + " cannot hold: allowed are " + allowed + " (R58)");
            return Optional.empty();
        }
        if (checked.length() > MAX_DNS_LENGTH) {
            ctx.error(at, path + "." + field, checked.length() + " characters is too long: the limit is "
                    + MAX_DNS_LENGTH);
            return Optional.empty();
        }
        return Optional.of(new String[] {name, pattern});
    }
}
