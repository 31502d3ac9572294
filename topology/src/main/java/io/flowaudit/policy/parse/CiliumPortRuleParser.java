package io.flowaudit.policy.parse;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.L7Rules;
import io.flowaudit.policy.model.PortRule;
import io.flowaudit.policy.model.PortSpec;
import io.flowaudit.policy.model.RuleRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One {@code toPorts[]} or {@code icmps[]} entry of a Cilium rule element (R38-R47, R60, R62). */
final class CiliumPortRuleParser {
    private static final Set<String> PORT_RULE_FIELDS = Set.of("ports", "rules", "serverNames", "originatingTLS",
            "terminatingTLS", "listener");
    /** A deny port rule has ports only (R62); rules get their own error. */
    private static final Set<String> DENY_PORT_RULE_FIELDS = Set.of("ports", "rules");
    private static final Set<String> PORT_FIELDS = Set.of("port", "endPort", "protocol");
    private static final List<String> TRANSPORT_PROTOCOLS = List.of("TCP", "UDP", "SCTP", "ANY");
    /**
     * IP protocols without ports (R44): VRRP and IGMP came with Cilium 1.19 (cilium#39872), the tunnel and IPsec
     * protocols with 1.20 (cilium#44459).
     */
    private static final Map<String, CiliumVersion> EXTENDED_PROTOCOLS = Map.of("VRRP", CiliumVersion.V1_19,
            "IGMP", CiliumVersion.V1_19, "GRE", CiliumVersion.V1_20, "IPIP", CiliumVersion.V1_20,
            "IPV6", CiliumVersion.V1_20, "ESP", CiliumVersion.V1_20, "AH", CiliumVersion.V1_20);
    /** Cilium's {@code maxPorts} and {@code maxICMPFields} (R38). */
    private static final int MAX_ITEMS = 40;

    private final ParseContext ctx;
    private final CiliumVersion version;
    private final L7RuleParser l7;

    CiliumPortRuleParser(ParseContext ctx, CiliumVersion version) {
        this.ctx = ctx;
        this.version = version;
        this.l7 = new L7RuleParser(ctx, version);
    }

    /** A port as written, with its node so L7 problems can point at it; {@code spec} empty if not modelled. */
    record WrittenPort(Optional<PortSpec> spec, Node.MapNode node, String path) {
    }

    Optional<PortRule> portRule(Node n, String path, RuleRef ref, boolean hostRule) {
        if (ParseContext.isNull(n)) {
            // "toPorts: [{}]" written as "-": adds nothing (R38).
            return Optional.of(new PortRule(List.of(), null));
        }
        Optional<Node.MapNode> mm = ctx.map(n, path);
        if (mm.isEmpty()) {
            return Optional.empty();
        }
        Node.MapNode m = mm.get();
        boolean deny = ref.section().isDeny();
        ctx.checkKnown(m, path, deny ? DENY_PORT_RULE_FIELDS : PORT_RULE_FIELDS);
        Map<String, Node> f = m.entries();
        List<WrittenPort> written = new ArrayList<>();
        List<Node> ps = ctx.list(f.get("ports"), path + ".ports");
        tooMany(ps, f.get("ports"), path + ".ports", "ports");
        for (int i = 0; i < ps.size(); i++) {
            port(ps.get(i), m, path + ".ports[" + i + "]").ifPresent(written::add);
        }
        boolean ingress = ref.section().direction() == Direction.INGRESS;
        boolean hasRules = !ParseContext.isNull(f.get("rules"));
        if (!deny) {
            tls(m, path, ingress, hasRules);
        }
        L7Rules rules = null;
        if (hasRules) {
            if (deny) {
                ctx.error(ParseContext.keyNode(m, "rules"), path + ".rules", "L7 rules are not allowed in deny rules;"
                        + " a deny port rule has ports only (R62)");
            } else {
                rules = l7.rules(f.get("rules"), path + ".rules", written, ingress, hostRule).orElse(null);
            }
        }
        List<PortSpec> specs = written.stream().flatMap(w -> w.spec().stream()).toList();
        return Optional.of(new PortRule(specs, rules));
    }

    /** serverNames, TLS contexts and listeners: validated as Cilium does (R60), but not modelled. */
    private void tls(Node.MapNode m, String path, boolean ingress, boolean hasRules) {
        Map<String, Node> f = m.entries();
        List<Node> names = ctx.list(f.get("serverNames"), path + ".serverNames");
        for (int i = 0; i < names.size(); i++) {
            if (ctx.string(names.get(i), path + ".serverNames[" + i + "]").orElse("").isEmpty()) {
                ctx.error(names.get(i), path + ".serverNames[" + i + "]", "an empty server name is not allowed (R60)");
            }
        }
        if (!names.isEmpty()) {
            if (hasRules && ParseContext.isNull(f.get("terminatingTLS"))) {
                ctx.error(ParseContext.keyNode(m, "serverNames"), path + ".serverNames",
                        "serverNames with L7 rules need terminatingTLS (R60)");
            }
            ctx.warn(ParseContext.keyNode(m, "serverNames"), path + ".serverNames", "TLS server names are not"
                    + " judged by flowaudit; connections on these ports are judged as if the name matched (R60)");
        }
        for (String tls : List.of("terminatingTLS", "originatingTLS")) {
            if (!ParseContext.isNull(f.get(tls))) {
                ctx.warn(ParseContext.keyNode(m, tls), path + "." + tls, tls + " is not modelled by flowaudit");
            }
        }
        if (!ParseContext.isNull(f.get("listener"))) {
            Node at = ParseContext.keyNode(m, "listener");
            if (ingress) {
                ctx.error(at, path + ".listener", "a listener is not allowed on ingress");
            } else if (hasRules) {
                ctx.error(at, path + ".listener", "a listener is not allowed together with L7 rules");
            } else {
                ctx.warn(at, path + ".listener", "custom Envoy listeners are not modelled by flowaudit; traffic on"
                        + " these ports is judged at L3/L4 only");
            }
        }
    }

    private void tooMany(List<Node> items, Node list, String path, String what) {
        if (items.size() > MAX_ITEMS) {
            ctx.error(list, path, items.size() + " " + what + " is too many: the limit is " + MAX_ITEMS + " (R38)");
        }
    }

    private Optional<WrittenPort> port(Node n, Node portRule, String path) {
        if (ParseContext.isNull(n)) {
            ctx.error(ParseContext.either(n, portRule), path + ".port",
                    "missing: a port rule needs a port (use \"0\" for every port, R40)");
            return Optional.empty();
        }
        Optional<Node.MapNode> mm = ctx.map(n, path);
        if (mm.isEmpty()) {
            return Optional.empty();
        }
        Node.MapNode m = mm.get();
        ctx.checkKnown(m, path, PORT_FIELDS);
        Map<String, Node> f = m.entries();
        String protoText = ctx.string(f.get("protocol"), path + ".protocol").orElse("");
        Node portNode = f.get("port");
        if (EXTENDED_PROTOCOLS.containsKey(protoText)) {
            return extended(protoText, m, path);
        }
        if (!protoText.isEmpty() && !TRANSPORT_PROTOCOLS.contains(protoText)) {
            String upper = protoText.toUpperCase(Locale.ROOT);
            ctx.error(f.get("protocol"), path + ".protocol", "\"" + Node.abbreviate(protoText) + "\" is not a protocol"
                    + " the CRD accepts: " + (TRANSPORT_PROTOCOLS.contains(upper) || EXTENDED_PROTOCOLS.containsKey(upper)
                            ? "the enum is upper case, write " + upper : "expected " + protocolList()) + " (R42)");
            return Optional.empty();
        }
        if (ParseContext.isNull(portNode)) {
            ctx.error(ParseContext.either(portNode, m), path + ".port",
                    "missing: a port rule needs a port (use \"0\" for every port, R40)");
            return Optional.empty();
        }
        L4Protocol proto = protoText.isEmpty() ? L4Protocol.ANY : L4Protocol.valueOf(protoText);
        if (portNode instanceof Node.Scalar s && s.kind() == Node.Scalar.Kind.INT) {
            ctx.warn(portNode, path + ".port", "the CRD declares port a string: the API server refuses the bare"
                    + " number " + s.text() + ", write \"" + s.text() + "\"");
        }
        return PortParser.port(ctx, portNode, f.get("endPort"), proto, path).map(p -> new WrittenPort(Optional.of(p), m, path));
    }

    private String protocolList() {
        List<String> all = new ArrayList<>(TRANSPORT_PROTOCOLS.subList(0, 3));
        EXTENDED_PROTOCOLS.entrySet().stream().filter(e -> version.compareTo(e.getValue()) >= 0).map(Map.Entry::getKey)
                .sorted().forEach(all::add);
        return String.join(", ", all) + " or ANY";
    }

    /** R44: an IP protocol without ports; accepted from the release that knows it, but not modelled. */
    private Optional<WrittenPort> extended(String proto, Node.MapNode m, String path) {
        CiliumVersion since = EXTENDED_PROTOCOLS.get(proto);
        Node protoNode = m.entries().get("protocol");
        if (version.compareTo(since) < 0) {
            ctx.error(protoNode, path + ".protocol", "protocol " + proto + " needs Cilium " + since + " or later"
                    + " (R44); audit with --cilium-version " + since + " to accept it");
            return Optional.empty();
        }
        Node portNode = m.entries().get("port");
        String port = ctx.string(portNode, path + ".port").orElse("");
        if (!port.isEmpty() && !port.equals("0")) {
            ctx.error(portNode, path + ".port", proto + " has no ports: leave port empty or \"0\" (R44)");
            return Optional.empty();
        }
        ctx.warn(protoNode, path + ".protocol", proto + " traffic (enable-extended-ip-protocols) is not modelled by"
                + " flowaudit; this entry is ignored (R44)");
        return Optional.of(new WrittenPort(Optional.empty(), m, path));
    }

    Optional<PortRule> icmpRule(Node n, Node element, String path) {
        if (ParseContext.isNull(n)) {
            ctx.error(ParseContext.either(n, element), path, "expected an ICMP rule with fields, found null (R45)");
            return Optional.empty();
        }
        Optional<Node.MapNode> m = ctx.map(n, path);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        ctx.checkKnown(m.get(), path, Set.of("fields"));
        List<PortSpec> types = new ArrayList<>();
        Node fieldsNode = m.get().entries().get("fields");
        List<Node> fields = ctx.list(fieldsNode, path + ".fields");
        tooMany(fields, fieldsNode, path + ".fields", "ICMP fields");
        for (int i = 0; i < fields.size(); i++) {
            String p = path + ".fields[" + i + "]";
            Optional<Node.MapNode> fm = ctx.map(fields.get(i), p);
            if (fm.isEmpty()) {
                if (ParseContext.isNull(fields.get(i))) {
                    ctx.error(ParseContext.either(fields.get(i), m.get()), p + ".type", "missing: an ICMP field needs"
                            + " a type (R45)");
                }
                continue;
            }
            ctx.checkKnown(fm.get(), p, Set.of("family", "type"));
            Node familyNode = fm.get().entries().get("family");
            String family = ctx.string(familyNode, p + ".family").orElse("IPv4");
            if (!family.equals("IPv4") && !family.equals("IPv6")) {
                ctx.error(familyNode, p + ".family",
                        "\"" + Node.abbreviate(family) + "\" is not an ICMP family: expected IPv4 or IPv6 (R45)");
                continue;
            }
            PortParser.icmpType(ctx, fm.get().entries().get("type"), fm.get(), family.equals("IPv6"), p + ".type")
                    .ifPresent(types::add);
        }
        return Optional.of(new PortRule(types, null));
    }
}
