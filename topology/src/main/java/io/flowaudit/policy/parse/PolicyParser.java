package io.flowaudit.policy.parse;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyKind;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Parses YAML (multi-document) or JSON text holding Kubernetes objects. Policy objects are validated
 * all-or-nothing (R4): any error rejects the object; other objects of the file are unaffected. Objects
 * that are not policies are listed as ignored, and {@code List} objects are unpacked.
 */
public final class PolicyParser {
    private static final Set<String> TOP_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "specs", "status");
    private static final Set<String> CILIUM_API = Set.of("cilium.io/v2", "cilium.io/v2alpha1");

    private final CiliumVersion version;

    public PolicyParser(CiliumVersion version) {
        this.version = Objects.requireNonNull(version, "version can't be null");
    }

    public PolicyParser() {
        this(CiliumVersion.DEFAULT);
    }

    /**
     * @param file name used in messages
     * @param text the file's content
     */
    public ParseResult parse(String file, String text) {
        boolean json = looksLikeJson(file, text);
        NodeReader.Documents docs = NodeReader.read(text, json);
        List<Policy> policies = new ArrayList<>();
        List<ParseProblem> problems = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int d = 0; d < docs.documents().size(); d++) {
            Node doc = docs.documents().get(d);
            if (doc == null) {
                continue;
            }
            object(file, d, doc, "", policies, problems, rejected, ignored);
        }
        if (docs.failure() != null) {
            NodeReader.Failure f = docs.failure();
            problems.add(new ParseProblem(ParseProblem.Severity.ERROR,
                    new SourceLocation(file, f.document(), f.line(), f.column()), "", "",
                    "not valid " + (json ? "JSON" : "YAML") + ": " + f.message()
                            + (f.document() > 0 ? " (documents before it were read)" : "")));
            rejected.add("document " + f.document() + " and after");
        }
        return new ParseResult(policies, problems, rejected, ignored);
    }

    private static boolean looksLikeJson(String file, String text) {
        if (file.endsWith(".json")) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    private void object(String file, int docIndex, Node doc, String pathPrefix, List<Policy> policies,
                        List<ParseProblem> problems, List<String> rejected, List<String> ignored) {
        ParseContext ctx = new ParseContext(file, docIndex);
        Optional<Node.MapNode> m = ctx.map(doc, pathPrefix);
        if (m.isEmpty()) {
            if (doc instanceof Node.ListNode l) {
                for (int i = 0; i < l.items().size(); i++) {
                    object(file, docIndex, l.items().get(i), pathPrefix + "[" + i + "]", policies, problems, rejected,
                            ignored);
                }
                return;
            }
            problems.addAll(ctx.problems());
            rejected.add("document " + docIndex);
            return;
        }
        Map<String, Node> f = m.get().entries();
        String kind = ctx.string(f.get("kind"), path(pathPrefix, "kind")).orElse("");
        String apiVersion = ctx.string(f.get("apiVersion"), path(pathPrefix, "apiVersion")).orElse("");
        if (kind.endsWith("List") && f.get("items") instanceof Node.ListNode items) {
            for (int i = 0; i < items.items().size(); i++) {
                object(file, docIndex, items.items().get(i), path(pathPrefix, "items[" + i + "]"), policies, problems,
                        rejected, ignored);
            }
            return;
        }
        Optional<PolicyKind> pk = policyKind(kind, apiVersion);
        Optional<Node.MapNode> meta = ctx.map(f.get("metadata"), path(pathPrefix, "metadata"));
        String name = meta.flatMap(mm -> ctx.string(mm.entries().get("name"), path(pathPrefix, "metadata.name")))
                .orElse("");
        if (pk.isEmpty()) {
            if (kind.isEmpty()) {
                ctx.error(doc, path(pathPrefix, "kind"), "missing: expected a Kubernetes object with apiVersion and kind");
                problems.addAll(ctx.problems());
                rejected.add("document " + docIndex);
            } else {
                ignored.add(kind + "/" + (name.isEmpty() ? "?" : name));
            }
            return;
        }
        String namespace = meta.flatMap(mm -> ctx.string(mm.entries().get("namespace"),
                path(pathPrefix, "metadata.namespace"))).orElse("");
        if (pk.get().isNamespaced() && namespace.isEmpty()) {
            // kubectl would place it in the current namespace; "default" is what an unconfigured kubectl uses.
            ctx.warn(meta.isPresent() ? meta.get() : doc, path(pathPrefix, "metadata.namespace"),
                    "missing: namespace \"default\" assumed");
            namespace = "default";
        }
        if (!pk.get().isNamespaced() && !namespace.isEmpty()) {
            ctx.warn(meta.orElse(null), path(pathPrefix, "metadata.namespace"),
                    "ignored: " + pk.get().kindName() + " is cluster-scoped");
            namespace = "";
        }
        PolicyRef ref = new PolicyRef(pk.get(), namespace, name);
        ctx.object(ref.key());
        if (name.isEmpty()) {
            ctx.error(meta.isPresent() ? meta.get() : doc, path(pathPrefix, "metadata.name"), "missing: a policy needs a name");
        }
        ctx.checkKnown(m.get(), pathPrefix, TOP_FIELDS);
        List<PolicyRule> rules = pk.get() == PolicyKind.NETWORK_POLICY
                ? new KubernetesPolicyParser(ctx, ref).rule(f.get("spec"), path(pathPrefix, "spec")).stream().toList()
                : ciliumRules(ctx, ref, f, pathPrefix, doc);
        problems.addAll(ctx.problems());
        if (ctx.failed()) {
            rejected.add(ref.key());
            return;
        }
        policies.add(new Policy(ref, rules, file, docIndex, doc.line()));
    }

    private List<PolicyRule> ciliumRules(ParseContext ctx, PolicyRef ref, Map<String, Node> f, String prefix,
                                         Node doc) {
        List<PolicyRule> rules = new ArrayList<>();
        CiliumRuleParser parser = new CiliumRuleParser(ctx, ref, version);
        boolean hasSpec = !ParseContext.isNull(f.get("spec"));
        List<Node> specs = ctx.list(f.get("specs"), path(prefix, "specs"));
        if (!hasSpec && specs.isEmpty()) {
            ctx.error(doc, path(prefix, "spec"), "missing: a " + ref.kind().kindName()
                    + " needs spec or specs (R1)");
            return rules;
        }
        int index = 0;
        if (hasSpec) {
            parser.rule(f.get("spec"), index++, path(prefix, "spec")).ifPresent(rules::add);
        }
        for (int i = 0; i < specs.size(); i++) {
            parser.rule(specs.get(i), index++, path(prefix, "specs[" + i + "]")).ifPresent(rules::add);
        }
        return rules;
    }

    private static Optional<PolicyKind> policyKind(String kind, String apiVersion) {
        Optional<PolicyKind> k = PolicyKind.fromKindName(kind);
        if (k.isEmpty()) {
            return k;
        }
        if (k.get() == PolicyKind.NETWORK_POLICY) {
            return apiVersion.equals("networking.k8s.io/v1") ? k : Optional.empty();
        }
        return CILIUM_API.contains(apiVersion) || apiVersion.isEmpty() ? k : Optional.empty();
    }

    private static String path(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }
}
