package io.flowaudit.policy.parse;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.DnsRule;
import io.flowaudit.policy.model.HttpRule;
import io.flowaudit.policy.model.L4Protocol;
import io.flowaudit.policy.model.L7Rules;
import io.flowaudit.policy.model.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code rules} of an allow port rule: HTTP, DNS, or the legacy Kafka and l7proto kinds (R47-R49, R59). */
final class L7RuleParser {
    private static final List<String> KINDS = List.of("http", "dns", "kafka", "l7proto");
    private static final Set<String> L7_FIELDS = Set.of("http", "dns", "kafka", "l7proto", "l7");
    private static final Set<String> HTTP_FIELDS = Set.of("method", "path", "host", "headers", "headerMatches");
    private static final Set<String> HEADER_MATCH_FIELDS = Set.of("name", "value", "secret", "mismatch");
    private static final Set<String> DNS_FIELDS = Set.of("matchName", "matchPattern");

    private final ParseContext ctx;
    private final CiliumVersion version;

    L7RuleParser(ParseContext ctx, CiliumVersion version) {
        this.ctx = ctx;
        this.version = version;
    }

    /** Empty when the rules add nothing (e.g. {@code rules: {}}) or are invalid (reported). */
    Optional<L7Rules> rules(Node n, String path, List<CiliumPortRuleParser.WrittenPort> ports, boolean ingress,
                            boolean hostRule) {
        Optional<Node.MapNode> mm = ctx.map(n, path);
        if (mm.isEmpty()) {
            return Optional.empty();
        }
        Node.MapNode m = mm.get();
        ctx.checkKnown(m, path, L7_FIELDS);
        Map<String, Node> f = m.entries();
        if (!ParseContext.isNull(f.get("l7")) && ParseContext.isNull(f.get("l7proto"))) {
            ctx.error(ParseContext.keyNode(m, "l7"), path + ".l7", "'l7' may only be given together with 'l7proto'"
                    + " (R47)");
            return Optional.empty();
        }
        List<String> kinds = KINDS.stream().filter(k -> !ParseContext.isNull(f.get(k))).toList();
        if (kinds.size() > 1) {
            ctx.error(m, path, "rules may hold only one of http, dns, kafka or l7proto, found "
                    + String.join(" and ", kinds) + " (R47)");
            return Optional.empty();
        }
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        String kind = kinds.get(0);
        Node at = ParseContext.keyNode(m, kind);
        String kindPath = path + "." + kind;
        if (hostRule && !kind.equals("dns")) {
            ctx.error(at, kindPath, "host policies (nodeSelector) may not contain " + kind + " rules (R6)");
            return Optional.empty();
        }
        if (!portsAllowL7(kind, at, kindPath, ports, ingress)) {
            return Optional.empty();
        }
        return switch (kind) {
            case "http" -> http(f.get("http"), kindPath);
            case "dns" -> dns(f.get("dns"), kindPath);
            default -> legacy(kind, f.get(kind), kindPath);
        };
    }

    /**
     * R47: no L7 rule on port 0; HTTP (and Kafka, l7proto) need protocol TCP on every port; DNS needs explicit
     * ports without ranges, and egress.
     */
    private boolean portsAllowL7(String kind, Node at, String path, List<CiliumPortRuleParser.WrittenPort> ports,
                                 boolean ingress) {
        boolean dns = kind.equals("dns");
        String what = kind.equals("l7proto") ? "l7proto" : dns ? "DNS" : kind.equals("http") ? "HTTP" : "Kafka";
        if (dns && ingress) {
            ctx.error(at, path, "DNS rules are only allowed on egress (R47)");
            return false;
        }
        if (dns && ports.isEmpty()) {
            ctx.error(at, path, "DNS rules need explicit ports, such as port \"53\" (R47)");
            return false;
        }
        boolean ok = true;
        for (CiliumPortRuleParser.WrittenPort w : ports) {
            if (w.spec().isEmpty()) {
                continue;
            }
            PortSpec p = w.spec().get();
            if (p.port() == 0 && !p.isNamed()) {
                ctx.error(ParseContext.either(w.node().entries().get("port"), w.node()), w.path() + ".port",
                        what + " rules cannot be used on port 0 (every port): name an explicit port (R47)");
                ok = false;
            } else if (dns && p.endPort() > p.port() && !p.isNamed()) {
                ctx.error(w.node().entries().get("endPort"), w.path() + ".endPort",
                        "DNS rules do not support port ranges: drop endPort (R47)");
                ok = false;
            } else if (!dns && p.protocol() != L4Protocol.TCP) {
                Node protoNode = w.node().entries().get("protocol");
                ctx.error(ParseContext.either(protoNode, w.node()), w.path() + ".protocol", what + " rules need"
                        + " protocol TCP on every port of the port rule, found " + (protoNode == null
                                ? "no protocol (ANY)" : p.protocol()) + " (R47)");
                ok = false;
            }
        }
        return ok;
    }

    private Optional<L7Rules> legacy(String kind, Node n, String path) {
        if (!version.supportsKafkaRules()) {
            ctx.error(n, path, kind + " rules were removed in Cilium 1.20 (R59)");
            return Optional.empty();
        }
        ctx.warn(n, path, kind + " rules are not judged by flowaudit; requests on this port are reported as proxied,"
                + " not as allowed (R59)");
        return Optional.of(new L7Rules(List.of(), List.of(), kind));
    }

    private Optional<L7Rules> http(Node n, String path) {
        List<HttpRule> out = new ArrayList<>();
        List<Node> items = ctx.list(n, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            if (ParseContext.isNull(items.get(i))) {
                out.add(new HttpRule("", "", "", List.of(), List.of()));
                continue;
            }
            ctx.map(items.get(i), p).ifPresent(m -> out.add(httpRule(m, p)));
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(new L7Rules(out, List.of(), ""));
    }

    private HttpRule httpRule(Node.MapNode m, String p) {
        ctx.checkKnown(m, p, HTTP_FIELDS);
        Map<String, Node> f = m.entries();
        String method = regex(f.get("method"), p + ".method");
        String rpath = regex(f.get("path"), p + ".path");
        String host = regex(f.get("host"), p + ".host");
        List<String> headers = new ArrayList<>();
        List<Node> hs = ctx.list(f.get("headers"), p + ".headers");
        for (int j = 0; j < hs.size(); j++) {
            ctx.string(hs.get(j), p + ".headers[" + j + "]").ifPresent(headers::add);
        }
        List<HttpRule.HeaderMatch> matches = new ArrayList<>();
        List<Node> hm = ctx.list(f.get("headerMatches"), p + ".headerMatches");
        for (int j = 0; j < hm.size(); j++) {
            String hp = p + ".headerMatches[" + j + "]";
            ctx.map(hm.get(j), hp).ifPresent(mm -> matches.add(headerMatch(mm, hp)));
        }
        return new HttpRule(method, rpath, host, headers, matches);
    }

    private HttpRule.HeaderMatch headerMatch(Node.MapNode mm, String hp) {
        ctx.checkKnown(mm, hp, HEADER_MATCH_FIELDS);
        Map<String, Node> f = mm.entries();
        String name = ctx.string(f.get("name"), hp + ".name").orElse("");
        if (name.isEmpty()) {
            ctx.error(ParseContext.either(f.get("name"), mm), hp + ".name", "missing: a header match needs a name");
        }
        String mismatch = ctx.string(f.get("mismatch"), hp + ".mismatch").orElse("");
        if (!mismatch.isEmpty() && !Set.of("LOG", "ADD", "DELETE", "REPLACE").contains(mismatch)) {
            ctx.error(f.get("mismatch"), hp + ".mismatch", "\"" + Node.abbreviate(mismatch)
                    + "\" is not a mismatch action: expected LOG, ADD, DELETE or REPLACE (R48)");
        }
        if (!ParseContext.isNull(f.get("secret"))) {
            ctx.warn(ParseContext.keyNode(mm, "secret"), hp + ".secret", "secret header values are not visible to"
                    + " flowaudit; the match is judged on presence only");
        }
        return new HttpRule.HeaderMatch(name, ctx.string(f.get("value"), hp + ".value").orElse(""), mismatch);
    }

    /** A method, path or host: an anchored regular expression (R48); empty when absent. */
    private String regex(Node n, String path) {
        String re = ctx.string(n, path).orElse("");
        if (!re.isEmpty()) {
            try {
                java.util.regex.Pattern.compile(re);
            } catch (java.util.regex.PatternSyntaxException e) {
                ctx.error(n, path, "\"" + Node.abbreviate(re) + "\" is not a valid regular expression: "
                        + e.getDescription() + " (R48)");
            }
        }
        return re;
    }

    private Optional<L7Rules> dns(Node n, String path) {
        List<DnsRule> out = new ArrayList<>();
        List<Node> items = ctx.list(n, path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + "[" + i + "]";
            if (ParseContext.isNull(items.get(i))) {
                ctx.error(ParseContext.either(items.get(i), n), p, "missing: expected matchName or matchPattern (R58)");
                continue;
            }
            Optional<Node.MapNode> m = ctx.map(items.get(i), p);
            if (m.isPresent()) {
                ctx.checkKnown(m.get(), p, DNS_FIELDS);
                CiliumRuleParser.dnsNames(ctx, m.get(), p).ifPresent(d -> out.add(new DnsRule(d[0], d[1])));
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(new L7Rules(List.of(), out, ""));
    }
}
