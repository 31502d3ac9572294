package io.flowaudit.policy.parse;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.CidrRule;
import io.flowaudit.policy.model.DnsRule;
import io.flowaudit.policy.model.Entity;
import io.flowaudit.policy.model.FqdnSelector;
import io.flowaudit.policy.model.HttpRule;
import io.flowaudit.policy.model.IpPrefix;
import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.L7Rules;
import io.flowaudit.policy.model.Peers;
import io.flowaudit.policy.model.PolicyKind;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.PolicyRule;
import io.flowaudit.policy.model.PortRule;
import io.flowaudit.policy.model.PortSpec;
import io.flowaudit.policy.model.RuleElement;
import io.flowaudit.policy.model.RuleRef;
import io.flowaudit.policy.model.Section;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One rule of a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy (R3, R28-R62 validation). */
final class CiliumRuleParser {
    private static final Set<String> RULE_FIELDS = Set.of("endpointSelector", "nodeSelector", "ingress",
            "ingressDeny", "egress", "egressDeny", "enableDefaultDeny", "description", "labels", "log");
    private static final List<String> INGRESS_PEERS = List.of("fromEndpoints", "fromCIDR", "fromCIDRSet",
            "fromEntities", "fromNodes", "fromGroups");
    private static final List<String> EGRESS_PEERS = List.of("toEndpoints", "toCIDR", "toCIDRSet", "toEntities",
            "toServices", "toGroups", "toNodes", "toFQDNs");
    private static final Set<String> ELEMENT_EXTRA = Set.of("toPorts", "icmps", "authentication", "fromRequires",
            "toRequires");
    private static final Set<String> PORT_RULE_FIELDS = Set.of("ports", "rules", "serverNames", "originatingTLS",
            "terminatingTLS", "listener");
    private static final Set<String> PORT_FIELDS = Set.of("port", "endPort", "protocol");
    private static final Set<String> L7_FIELDS = Set.of("http", "dns", "kafka", "l7proto", "l7");
    private static final Set<String> HTTP_FIELDS = Set.of("method", "path", "host", "headers", "headerMatches");
    private static final Set<String> DNS_FIELDS = Set.of("matchName", "matchPattern");
    private static final Set<String> CIDRSET_FIELDS = Set.of("cidr", "cidrGroupRef", "cidrGroupSelector", "except");

    private final ParseContext ctx;
    private final PolicyRef policy;
    private final CiliumVersion version;

    CiliumRuleParser(ParseContext ctx, PolicyRef policy, CiliumVersion version) {
        this.ctx = ctx;
        this.policy = policy;
        this.version = version;
    }

    Optional<PolicyRule> rule(Node n, int index, String path) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            ctx.error(n, path, "expected a rule mapping");
            return Optional.empty();
        }
        Map<String, Node> f = m.get().entries();
        ctx.checkKnown(m.get(), path, RULE_FIELDS);
        boolean hasEndpoint = f.containsKey("endpointSelector");
        boolean hasNode = f.containsKey("nodeSelector");
        if (hasEndpoint == hasNode) {
            ctx.error(n, path, hasNode ? "a rule takes endpointSelector or nodeSelector, not both"
                    : "missing endpointSelector: a rule needs exactly one of endpointSelector or nodeSelector");
            return Optional.empty();
        }
        if (hasNode && policy.kind() == PolicyKind.CILIUM_NETWORK_POLICY) {
            ctx.error(f.get("nodeSelector"), path + ".nodeSelector",
                    "nodeSelector is only allowed in a CiliumClusterwideNetworkPolicy (R1)");
            return Optional.empty();
        }
        String subjectField = hasNode ? "nodeSelector" : "endpointSelector";
        Optional<Selector> subject = SelectorParser.parse(ctx, f.get(subjectField), path + "." + subjectField, "");
        List<RuleElement> elements = new ArrayList<>();
        for (Section s : Section.values()) {
            List<Node> items = ctx.list(f.get(s.fieldName()), path + "." + s.fieldName());
            for (int i = 0; i < items.size(); i++) {
                element(items.get(i), new RuleRef(policy, index, s, i), path + "." + s.fieldName() + "[" + i + "]",
                        hasNode).ifPresent(elements::add);
            }
        }
        boolean anyList = Section.values().length > 0 && java.util.Arrays.stream(Section.values())
                .anyMatch(s -> f.get(s.fieldName()) instanceof Node.ListNode l && !l.items().isEmpty());
        if (!anyList) {
            ctx.error(n, path, "the rule has no ingress, ingressDeny, egress or egressDeny element; Cilium rejects it (R3)");
        }
        Boolean ddIngress = null;
        Boolean ddEgress = null;
        Node dd = f.get("enableDefaultDeny");
        Optional<Node.MapNode> ddm = ctx.map(dd, path + ".enableDefaultDeny");
        if (ddm.isPresent()) {
            ctx.checkKnown(ddm.get(), path + ".enableDefaultDeny", Set.of("ingress", "egress"));
            ddIngress = ctx.bool(ddm.get().entries().get("ingress"), path + ".enableDefaultDeny.ingress").orElse(null);
            ddEgress = ctx.bool(ddm.get().entries().get("egress"), path + ".enableDefaultDeny.egress").orElse(null);
        }
        if (subject.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PolicyRule(policy, index, subject.get(), hasNode, elements, ddIngress, ddEgress));
    }

    private Optional<RuleElement> element(Node n, RuleRef ref, String path, boolean hostRule) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            if (ParseContext.isNull(n)) {
                // "- {}" written as "-" : an element with no peer and no port.
                return Optional.of(new RuleElement(ref, new Peers.Unspecified(), false, List.of()));
            }
            return Optional.empty();
        }
        boolean ingress = ref.section().direction() == io.flowaudit.policy.model.Direction.INGRESS;
        List<String> peerFields = ingress ? INGRESS_PEERS : EGRESS_PEERS;
        Map<String, Node> f = m.get().entries();
        Set<String> known = new java.util.HashSet<>(peerFields);
        known.addAll(ELEMENT_EXTRA);
        ctx.checkKnown(m.get(), path, known);

        Peers peers = peers(f, peerFields, path, ref);
        requires(f, ingress ? "fromRequires" : "toRequires", path);
        boolean hasPorts = f.get("toPorts") instanceof Node.ListNode l && !l.items().isEmpty();
        boolean hasIcmps = f.get("icmps") instanceof Node.ListNode l2 && !l2.items().isEmpty();
        if (hasPorts && hasIcmps) {
            ctx.error(n, path, "toPorts and icmps cannot be combined in one element (R45)");
        }
        List<PortRule> portRules = new ArrayList<>();
        List<Node> tp = ctx.list(f.get("toPorts"), path + ".toPorts");
        for (int i = 0; i < tp.size(); i++) {
            portRule(tp.get(i), path + ".toPorts[" + i + "]", ref, hostRule).ifPresent(portRules::add);
        }
        List<Node> icmps = ctx.list(f.get("icmps"), path + ".icmps");
        for (int i = 0; i < icmps.size(); i++) {
            icmpRule(icmps.get(i), path + ".icmps[" + i + "]").ifPresent(portRules::add);
        }
        return Optional.of(new RuleElement(ref, peers, hasPorts || hasIcmps, portRules));
    }

    private Peers peers(Map<String, Node> f, List<String> peerFields, String path, RuleRef ref) {
        Map<String, Node> present = new LinkedHashMap<>();
        List<String> nonEmpty = new ArrayList<>();
        for (String field : peerFields) {
            if (f.containsKey(field) && !ParseContext.isNull(f.get(field))) {
                present.put(field, f.get(field));
                if (!(f.get(field) instanceof Node.ListNode l) || !l.items().isEmpty()) {
                    nonEmpty.add(field);
                }
            }
        }
        if (nonEmpty.size() > 1) {
            ctx.error(f.get(nonEmpty.get(1)), path + "." + nonEmpty.get(1),
                    "combining " + nonEmpty.get(0) + " and " + nonEmpty.get(1) + " in one element is not supported (R28)");
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
        List<Node> items = ctx.list(present.get(field), p);
        return switch (field) {
            case "fromEndpoints", "toEndpoints" -> new Peers.Endpoints(selectors(items, p));
            case "fromNodes", "toNodes" -> new Peers.Nodes(selectors(items, p));
            case "fromCIDR", "toCIDR" -> new Peers.Cidrs(cidrs(items, p));
            case "fromCIDRSet", "toCIDRSet" -> cidrSets(items, p);
            case "fromEntities", "toEntities" -> new Peers.Entities(entities(items, p));
            case "toFQDNs" -> fqdns(items, p, ref);
            case "toServices" -> new Peers.Unresolvable(field,
                    "toServices needs the cluster's Service objects, which flows do not carry; it selects nothing here");
            default -> new Peers.Unresolvable(field, field + " resolves through a cloud provider API; it selects nothing here");
        };
    }

    private void requires(Map<String, Node> f, String field, String path) {
        if (f.containsKey(field) && f.get(field) instanceof Node.ListNode l && !l.items().isEmpty()) {
            if (version.supportsRequires()) {
                ctx.warn(f.get(field), path + "." + field, field + " (deprecated) is not modelled by flowaudit;"
                        + " its requirements are not applied");
            } else {
                ctx.error(f.get(field), path + "." + field, field + " was removed in Cilium 1.19 (R37); audit with"
                        + " --cilium-version 1.18 to accept it");
            }
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
            prefix(items.get(i), path + "[" + i + "]").ifPresent(pfx -> out.add(new CidrRule(pfx, List.of())));
        }
        return out;
    }

    private Optional<IpPrefix> prefix(Node n, String path) {
        Optional<String> s = ctx.string(n, path);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Optional<IpPrefix> p = IpPrefix.parse(s.get());
        if (p.isEmpty()) {
            ctx.error(n, path, "\"" + Node.abbreviate(s.get()) + "\" is not a CIDR: expected an address or prefix such as 10.0.0.0/8");
        }
        return p;
    }

    private Peers cidrSets(List<Node> items, String path) {
        List<CidrRule> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Optional<Node.MapNode> m = ctx.map(items.get(i), p);
            if (m.isEmpty()) {
                continue;
            }
            ctx.checkKnown(m.get(), p, CIDRSET_FIELDS);
            Map<String, Node> f = m.get().entries();
            if (!f.containsKey("cidr")) {
                if (f.containsKey("cidrGroupRef") || f.containsKey("cidrGroupSelector")) {
                    ctx.warn(items.get(i), p, "CiliumCIDRGroup references are not resolved by flowaudit; this entry selects nothing");
                } else {
                    ctx.error(items.get(i), p + ".cidr", "missing: a CIDR set entry needs cidr, cidrGroupRef or cidrGroupSelector");
                }
                continue;
            }
            Optional<IpPrefix> cidr = prefix(f.get("cidr"), p + ".cidr");
            List<IpPrefix> except = new ArrayList<>();
            List<Node> ex = ctx.list(f.get("except"), p + ".except");
            for (int j = 0; j < ex.size(); j++) {
                Optional<IpPrefix> e = prefix(ex.get(j), p + ".except[" + j + "]");
                if (e.isPresent() && cidr.isPresent() && !cidr.get().covers(e.get())) {
                    ctx.error(ex.get(j), p + ".except[" + j + "]", e.get() + " is not inside " + cidr.get() + " (R31)");
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
            if (s.isEmpty()) {
                continue;
            }
            Optional<Entity> e = Entity.parse(s.get());
            if (e.isEmpty() || e.get() == Entity.WORLD_IPV4 || e.get() == Entity.WORLD_IPV6) {
                ctx.error(items.get(i), p, "\"" + Node.abbreviate(s.get()) + "\" is not an entity the CRD accepts: expected"
                        + " all, world, cluster, host, remote-node, kube-apiserver, health, init, ingress, unmanaged or none");
                continue;
            }
            out.add(e.get());
        }
        return out;
    }

    private Peers fqdns(List<Node> items, String path, RuleRef ref) {
        if (ref.section().isDeny()) {
            ctx.error(items.isEmpty() ? null : items.get(0), path, "toFQDNs is not allowed in egressDeny (R33)");
        }
        List<FqdnSelector> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Optional<Node.MapNode> m = ctx.map(items.get(i), p);
            if (m.isEmpty()) {
                continue;
            }
            ctx.checkKnown(m.get(), p, DNS_FIELDS);
            dnsRule(m.get(), p).ifPresent(d -> out.add(new FqdnSelector(d.matchName(), d.matchPattern())));
        }
        return new Peers.Fqdns(out);
    }

    private Optional<PortRule> portRule(Node n, String path, RuleRef ref, boolean hostRule) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return ParseContext.isNull(n) ? Optional.of(new PortRule(List.of(), null)) : Optional.empty();
        }
        ctx.checkKnown(m.get(), path, PORT_RULE_FIELDS);
        Map<String, Node> f = m.get().entries();
        List<PortSpec> ports = new ArrayList<>();
        List<Node> ps = ctx.list(f.get("ports"), path + ".ports");
        for (int i = 0; i < ps.size(); i++) {
            portSpec(ps.get(i), path + ".ports[" + i + "]").ifPresent(ports::add);
        }
        L7Rules l7 = null;
        if (!ParseContext.isNull(f.get("rules"))) {
            l7 = l7Rules(f.get("rules"), path + ".rules", ports, ref, hostRule).orElse(null);
        }
        return Optional.of(new PortRule(ports, l7));
    }

    private Optional<PortSpec> portSpec(Node n, String path) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        ctx.checkKnown(m.get(), path, PORT_FIELDS);
        Map<String, Node> f = m.get().entries();
        Optional<String> protoText = ctx.string(f.get("protocol"), path + ".protocol");
        Optional<L4Protocol> proto = L4Protocol.parse(protoText.orElse(""));
        if (proto.isEmpty()) {
            ctx.error(f.get("protocol"), path + ".protocol", "\"" + Node.abbreviate(protoText.orElse(""))
                    + "\" is not a protocol: expected TCP, UDP, SCTP or ANY");
            return Optional.empty();
        }
        if (!f.containsKey("port")) {
            ctx.error(n, path + ".port", "missing: a port rule needs a port (use \"0\" for every port, R40)");
            return Optional.empty();
        }
        return PortParser.port(ctx, f.get("port"), f.get("endPort"), proto.get(), path);
    }

    private Optional<PortRule> icmpRule(Node n, String path) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        ctx.checkKnown(m.get(), path, Set.of("fields"));
        List<PortSpec> types = new ArrayList<>();
        List<Node> fields = ctx.list(m.get().entries().get("fields"), path + ".fields");
        for (int i = 0; i < fields.size(); i++) {
            String p = path + ".fields[" + i + "]";
            Optional<Node.MapNode> fm = ctx.map(fields.get(i), p);
            if (fm.isEmpty()) {
                continue;
            }
            ctx.checkKnown(fm.get(), p, Set.of("family", "type"));
            String family = ctx.string(fm.get().entries().get("family"), p + ".family").orElse("IPv4");
            if (!family.equals("IPv4") && !family.equals("IPv6")) {
                ctx.error(fm.get().entries().get("family"), p + ".family",
                        "\"" + Node.abbreviate(family) + "\" is not an ICMP family: expected IPv4 or IPv6");
                continue;
            }
            PortParser.icmpType(ctx, fm.get().entries().get("type"), family.equals("IPv6"), p + ".type")
                    .ifPresent(types::add);
        }
        return Optional.of(new PortRule(types, null));
    }

    private Optional<L7Rules> l7Rules(Node n, String path, List<PortSpec> ports, RuleRef ref, boolean hostRule) {
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        if (ref.section().isDeny()) {
            ctx.error(n, path, "L7 rules are not allowed in deny rules (R62)");
            return Optional.empty();
        }
        ctx.checkKnown(m.get(), path, L7_FIELDS);
        Map<String, Node> f = m.get().entries();
        List<String> kinds = f.keySet().stream().filter(k -> L7_FIELDS.contains(k) && !ParseContext.isNull(f.get(k))
                && !(f.get(k) instanceof Node.ListNode l && l.items().isEmpty() && !k.equals("l7"))).toList();
        if (kinds.size() > 1) {
            ctx.error(n, path, "rules may hold only one of http, dns, kafka, l7proto (found " + kinds + ", R47)");
            return Optional.empty();
        }
        if (f.containsKey("http")) {
            return httpRules(f.get("http"), path + ".http", ports, hostRule);
        }
        if (f.containsKey("dns")) {
            return dnsRules(f.get("dns"), path + ".dns", ports, ref);
        }
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        String kind = kinds.get(0);
        if (!version.supportsKafkaRules() && kind.equals("kafka")) {
            ctx.error(f.get(kind), path + "." + kind, "kafka rules were removed in Cilium 1.20 (R59)");
            return Optional.empty();
        }
        ctx.warn(f.get(kind), path + "." + kind, kind + " rules are not judged by flowaudit; requests on this port"
                + " are reported as proxied, not as allowed");
        return Optional.of(new L7Rules(List.of(), List.of(), kind));
    }

    private Optional<L7Rules> httpRules(Node n, String path, List<PortSpec> ports, boolean hostRule) {
        if (hostRule) {
            ctx.error(n, path, "host policies (nodeSelector) may not contain HTTP rules (R6)");
        }
        for (PortSpec p : ports) {
            if (p.protocol() != L4Protocol.TCP || (p.port() == 0 && !p.isNamed())) {
                ctx.error(n, path, "HTTP rules need protocol TCP and a non-zero port on every port of the rule, found "
                        + p + " (R47)");
                return Optional.empty();
            }
        }
        List<HttpRule> out = new ArrayList<>();
        List<Node> items = ctx.list(n, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            if (ParseContext.isNull(items.get(i))) {
                out.add(new HttpRule("", "", "", List.of(), List.of()));
                continue;
            }
            Optional<Node.MapNode> m = ctx.map(items.get(i), p);
            if (m.isEmpty()) {
                continue;
            }
            ctx.checkKnown(m.get(), p, HTTP_FIELDS);
            Map<String, Node> f = m.get().entries();
            String method = ctx.string(f.get("method"), p + ".method").orElse("");
            String rpath = ctx.string(f.get("path"), p + ".path").orElse("");
            String host = ctx.string(f.get("host"), p + ".host").orElse("");
            regex(method, f.get("method"), p + ".method");
            regex(rpath, f.get("path"), p + ".path");
            regex(host, f.get("host"), p + ".host");
            List<String> headers = new ArrayList<>();
            List<Node> hs = ctx.list(f.get("headers"), p + ".headers");
            for (int j = 0; j < hs.size(); j++) {
                ctx.string(hs.get(j), p + ".headers[" + j + "]").ifPresent(headers::add);
            }
            List<HttpRule.HeaderMatch> matches = new ArrayList<>();
            List<Node> hm = ctx.list(f.get("headerMatches"), p + ".headerMatches");
            for (int j = 0; j < hm.size(); j++) {
                String hp = p + ".headerMatches[" + j + "]";
                ctx.map(hm.get(j), hp).ifPresent(mm -> {
                    ctx.checkKnown(mm, hp, Set.of("name", "value", "secret", "mismatch"));
                    String name = ctx.string(mm.entries().get("name"), hp + ".name").orElse("");
                    if (name.isEmpty()) {
                        ctx.error(mm, hp + ".name", "missing: a header match needs a name");
                    }
                    if (mm.entries().containsKey("secret")) {
                        ctx.warn(mm, hp + ".secret", "secret header values are not visible to flowaudit; the match is"
                                + " judged on presence only");
                    }
                    matches.add(new HttpRule.HeaderMatch(name,
                            ctx.string(mm.entries().get("value"), hp + ".value").orElse(""),
                            ctx.string(mm.entries().get("mismatch"), hp + ".mismatch").orElse("")));
                });
            }
            out.add(new HttpRule(method, rpath, host, headers, matches));
        }
        if (out.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new L7Rules(out, List.of(), ""));
    }

    private void regex(String re, Node at, String path) {
        if (re.isEmpty()) {
            return;
        }
        try {
            java.util.regex.Pattern.compile(re);
        } catch (java.util.regex.PatternSyntaxException e) {
            ctx.error(at, path, "\"" + Node.abbreviate(re) + "\" is not a valid regular expression: " + e.getDescription());
        }
    }

    private Optional<L7Rules> dnsRules(Node n, String path, List<PortSpec> ports, RuleRef ref) {
        if (ref.section().direction() != io.flowaudit.policy.model.Direction.EGRESS) {
            ctx.error(n, path, "DNS rules are only allowed on egress (R47)");
            return Optional.empty();
        }
        for (PortSpec p : ports) {
            if ((p.port() == 0 && !p.isNamed()) || p.endPort() > p.port()) {
                ctx.error(n, path, "DNS rules need explicit ports without ranges, found " + p + " (R47)");
                return Optional.empty();
            }
        }
        List<DnsRule> out = new ArrayList<>();
        List<Node> items = ctx.list(n, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            Optional<Node.MapNode> m = ctx.map(items.get(i), p);
            if (m.isEmpty()) {
                continue;
            }
            ctx.checkKnown(m.get(), p, DNS_FIELDS);
            dnsRule(m.get(), p).ifPresent(out::add);
        }
        if (out.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new L7Rules(List.of(), out, ""));
    }

    private Optional<DnsRule> dnsRule(Node.MapNode m, String path) {
        String name = ctx.string(m.entries().get("matchName"), path + ".matchName").orElse("");
        String pattern = ctx.string(m.entries().get("matchPattern"), path + ".matchPattern").orElse("");
        if (name.isEmpty() == pattern.isEmpty()) {
            ctx.error(m, path, name.isEmpty() ? "missing: expected matchName or matchPattern"
                    : "matchName and matchPattern cannot both be set");
            return Optional.empty();
        }
        String checked = name.isEmpty() ? pattern : name;
        String allowed = name.isEmpty() ? "[-a-zA-Z0-9_.*]+" : "[-a-zA-Z0-9_.]+";
        if (!checked.matches(allowed)) {
            ctx.error(m, path + (name.isEmpty() ? ".matchPattern" : ".matchName"), "\"" + Node.abbreviate(checked)
                    + "\" has characters DNS " + (name.isEmpty() ? "patterns" : "names") + " cannot hold: allowed are "
                    + allowed + " (R58)");
            return Optional.empty();
        }
        return Optional.of(new DnsRule(name, pattern));
    }
}
