package io.flowaudit.policy.parse;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.model.PolicyKind;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.PolicyRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private static final Set<String> CILIUM_TOP_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "specs",
            "status");
    private static final Set<String> KNP_TOP_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    /** The only version the CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy CRDs serve. */
    static final String CILIUM_API = "cilium.io/v2";
    /** The only version Kubernetes still serves NetworkPolicy in (extensions/v1beta1 went with Kubernetes 1.16). */
    static final String NETWORKING_API = "networking.k8s.io/v1";

    private final CiliumVersion version;

    public PolicyParser(CiliumVersion version) {
        this.version = Objects.requireNonNull(version, "version can't be null");
    }

    public PolicyParser() {
        this(CiliumVersion.DEFAULT);
    }

    /** What one file yields, collected while its documents are read. */
    private static final class Collected {
        final List<Policy> policies = new ArrayList<>();
        final List<ParseProblem> problems = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
        final List<String> ignored = new ArrayList<>();
    }

    /**
     * @param file name used in messages
     * @param text the file's content
     */
    public ParseResult parse(String file, String text) {
        Objects.requireNonNull(file, "file can't be null");
        Objects.requireNonNull(text, "text can't be null");
        boolean json = looksLikeJson(file, text);
        NodeReader.Documents docs = NodeReader.read(text, json);
        Collected out = new Collected();
        for (int d = 0; d < docs.documents().size(); d++) {
            notices(file, docs, d, out);
            Node doc = docs.documents().get(d);
            if (doc != null) {
                object(file, d, doc, "", out);
            }
        }
        if (docs.failure() != null) {
            NodeReader.Failure f = docs.failure();
            notices(file, docs, f.document(), out);
            out.problems.add(new ParseProblem(ParseProblem.Severity.ERROR,
                    new SourceLocation(file, f.document(), f.line(), f.column()), "", "",
                    "not valid " + (json ? "JSON" : "YAML") + ": " + f.message()
                            + (f.document() > 0 ? " (documents before it were read)" : "")));
            out.rejected.add("document " + f.document() + " and after");
        } else if (docs.documents().stream().allMatch(Objects::isNull)) {
            out.problems.add(new ParseProblem(ParseProblem.Severity.WARNING, new SourceLocation(file, 0, 1, 0), "", "",
                    "no Kubernetes object in this file"));
        }
        return new ParseResult(latestDefinitions(out.policies, out.problems), out.problems, out.rejected, out.ignored);
    }

    private static void notices(String file, NodeReader.Documents docs, int document, Collected out) {
        for (NodeReader.Notice n : docs.notices()) {
            if (n.document() == document) {
                out.problems.add(new ParseProblem(ParseProblem.Severity.WARNING,
                        new SourceLocation(file, n.document(), n.line(), n.column()), "", n.path(), n.message()));
            }
        }
    }

    /**
     * A name defined twice: the later definition replaces the earlier one, as {@code kubectl apply} of the file
     * would; a warning says so, so neither copy disappears silently.
     */
    static List<Policy> latestDefinitions(List<Policy> policies, List<ParseProblem> problems) {
        Map<PolicyRef, Policy> byRef = new LinkedHashMap<>();
        for (Policy p : policies) {
            Policy earlier = byRef.remove(p.ref());
            if (earlier != null) {
                problems.add(new ParseProblem(ParseProblem.Severity.WARNING,
                        new SourceLocation(p.source(), p.document(), p.line(), 0), p.ref().key(), "metadata.name",
                        "defined again (first in " + earlier.source() + " document " + earlier.document() + " line "
                                + earlier.line() + "): this later definition replaces the earlier one, as kubectl"
                                + " apply would"));
            }
            byRef.put(p.ref(), p);
        }
        return List.copyOf(byRef.values());
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

    private void object(String file, int docIndex, Node doc, String pathPrefix, Collected out) {
        if (doc instanceof Node.ListNode l) {
            // A JSON array of objects.
            for (int i = 0; i < l.items().size(); i++) {
                object(file, docIndex, l.items().get(i), pathPrefix + "[" + i + "]", out);
            }
            return;
        }
        ParseContext ctx = new ParseContext(file, docIndex);
        Optional<Node.MapNode> m = ctx.map(doc, pathPrefix);
        if (m.isEmpty()) {
            out.problems.addAll(ctx.problems());
            out.rejected.add("document " + docIndex);
            return;
        }
        Map<String, Node> f = m.get().entries();
        String kind = ctx.string(f.get("kind"), path(pathPrefix, "kind")).orElse("");
        Optional<Node.MapNode> meta = ctx.map(f.get("metadata"), path(pathPrefix, "metadata"));
        String name = meta.flatMap(mm -> ctx.string(mm.entries().get("name"), path(pathPrefix, "metadata.name")))
                .orElse("");
        if (kind.isEmpty()) {
            ctx.error(doc, path(pathPrefix, "kind"), "missing: expected a Kubernetes object with apiVersion and kind");
            out.problems.addAll(ctx.problems());
            out.rejected.add("document " + docIndex);
            return;
        }
        if (kind.endsWith("List")) {
            list(file, docIndex, f.get("items"), path(pathPrefix, "items"), kind, name, out);
            return;
        }
        Optional<PolicyKind> pk = PolicyKind.fromKindName(kind);
        if (pk.isEmpty()) {
            out.ignored.add(kind + "/" + (name.isEmpty() ? "?" : name));
            return;
        }
        String namespace = meta.flatMap(mm -> ctx.string(mm.entries().get("namespace"),
                path(pathPrefix, "metadata.namespace"))).orElse("");
        String writtenNamespace = namespace;
        if (pk.get().isNamespaced() && namespace.isEmpty()) {
            // kubectl would place it in the current namespace; "default" is what an unconfigured kubectl uses.
            namespace = "default";
        } else if (!pk.get().isNamespaced()) {
            namespace = "";
        }
        PolicyRef ref = new PolicyRef(pk.get(), namespace, name);
        ctx.object(ref.key());
        apiVersion(ctx, m.get(), pk.get(), pathPrefix);
        Node metaAt = meta.isPresent() ? meta.get() : doc;
        if (pk.get().isNamespaced() && writtenNamespace.isEmpty()) {
            ctx.warn(metaAt, path(pathPrefix, "metadata.namespace"), "missing: namespace \"default\" assumed");
        } else if (!pk.get().isNamespaced() && !writtenNamespace.isEmpty()) {
            ctx.warn(meta.get().entries().get("namespace"), path(pathPrefix, "metadata.namespace"),
                    "ignored: " + pk.get().kindName() + " is cluster-scoped");
        }
        if (name.isEmpty()) {
            ctx.error(metaAt, path(pathPrefix, "metadata.name"), "missing: a policy needs a name");
        }
        ctx.checkKnown(m.get(), pathPrefix, pk.get() == PolicyKind.NETWORK_POLICY ? KNP_TOP_FIELDS : CILIUM_TOP_FIELDS);
        List<PolicyRule> rules = pk.get() == PolicyKind.NETWORK_POLICY
                ? new KubernetesPolicyParser(ctx, ref).rule(f.get("spec"), m.get(), path(pathPrefix, "spec"))
                        .stream().toList()
                : ciliumRules(ctx, ref, m.get(), pathPrefix);
        out.problems.addAll(ctx.problems());
        if (ctx.failed()) {
            out.rejected.add(ref.key());
            return;
        }
        out.policies.add(new Policy(ref, rules, file, docIndex, doc.line()));
    }

    /** {@code kind: List} (or {@code XxxList}): its items are objects of their own. */
    private void list(String file, int docIndex, Node items, String itemsPath, String kind, String name,
                      Collected out) {
        if (items instanceof Node.ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                object(file, docIndex, l.items().get(i), itemsPath + "[" + i + "]", out);
            }
            return;
        }
        if (ParseContext.isNull(items)) {
            out.ignored.add(kind + "/" + (name.isEmpty() ? "?" : name) + " (no items)");
            return;
        }
        ParseContext ctx = new ParseContext(file, docIndex);
        ctx.list(items, itemsPath);
        out.problems.addAll(ctx.problems());
        out.rejected.add("document " + docIndex);
    }

    /** A policy kind under an API version nobody serves any more was never in effect (README "legacy" files). */
    private static void apiVersion(ParseContext ctx, Node.MapNode object, PolicyKind kind, String prefix) {
        String expected = kind == PolicyKind.NETWORK_POLICY ? NETWORKING_API : CILIUM_API;
        Node at = object.entries().get("apiVersion");
        Optional<String> written = ctx.string(at, path(prefix, "apiVersion"));
        if (written.isEmpty()) {
            ctx.error(ParseContext.keyNode(object, "kind"), path(prefix, "apiVersion"),
                    "missing: expected apiVersion " + expected + " for " + kind.kindName());
        } else if (!written.get().equals(expected)) {
            ctx.error(at, path(prefix, "apiVersion"), "\"" + Node.abbreviate(written.get()) + "\" does not serve "
                    + kind.kindName() + ": expected " + expected);
        }
    }

    private List<PolicyRule> ciliumRules(ParseContext ctx, PolicyRef ref, Node.MapNode object, String prefix) {
        Map<String, Node> f = object.entries();
        List<PolicyRule> rules = new ArrayList<>();
        CiliumRuleParser parser = new CiliumRuleParser(ctx, ref, version);
        boolean hasSpec = !ParseContext.isNull(f.get("spec"));
        List<Node> specs = ctx.list(f.get("specs"), path(prefix, "specs"));
        if (!hasSpec && specs.isEmpty()) {
            Node at = f.containsKey("spec") ? ParseContext.keyNode(object, "spec")
                    : f.containsKey("specs") ? ParseContext.keyNode(object, "specs") : object;
            ctx.error(at, path(prefix, "spec"), "missing: a " + ref.kind().kindName() + " needs spec or specs (R1)");
            return rules;
        }
        int index = 0;
        if (hasSpec) {
            parser.rule(f.get("spec"), object, index++, path(prefix, "spec")).ifPresent(rules::add);
        }
        for (int i = 0; i < specs.size(); i++) {
            parser.rule(specs.get(i), object, index++, path(prefix, "specs[" + i + "]")).ifPresent(rules::add);
        }
        return rules;
    }

    private static String path(String prefix, String field) {
        return prefix.isEmpty() ? field : prefix + "." + field;
    }
}
