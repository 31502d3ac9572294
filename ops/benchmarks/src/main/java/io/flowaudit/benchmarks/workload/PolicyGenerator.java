package io.flowaudit.benchmarks.workload;

import io.flowaudit.benchmarks.workload.Cluster.App;
import io.flowaudit.benchmarks.workload.Cluster.External;
import io.flowaudit.benchmarks.workload.Cluster.Tier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Writes the policy set of a {@link Workload} as Kubernetes YAML, one multi-document file per namespace plus
 * one for the cluster-wide policies, the way a GitOps repository holds them. The mix:
 * <ul>
 *   <li>namespace baselines: "allow from the same namespace" (ingress default deny for the whole namespace),
 *       and in some namespaces a DNS allowance without default deny;</li>
 *   <li>per-app ingress: {@code fromEndpoints} by app label (matchLabels or matchExpressions), callers from
 *       other namespaces by namespace label, service ports, HTTP rules on some HTTP apps, world ingress for
 *       web apps;</li>
 *   <li>per-app egress: kube-dns with a DNS rule, {@code toEndpoints} callees with ports, outside services as
 *       {@code toCIDRSet} with {@code except} or {@code toFQDNs}, {@code toEntities} kube-apiserver, some
 *       {@code egressDeny};</li>
 *   <li>a few CiliumClusterwideNetworkPolicies: prometheus scrape, metadata deny, health, kube-dns.</li>
 * </ul>
 * About one callee in twelve is left out of its caller's egress policy, so some traffic is denied.
 */
final class PolicyGenerator {
    /** One file of the policy directory. */
    record PolicyFile(String name, String text, int objects) {
    }

    private final Cluster cluster;
    private final CallGraph graph;
    private final SplittableRandom rnd;
    private final Map<App, String> ingressPolicy = new HashMap<>();
    private final Map<App, String> egressPolicy = new HashMap<>();
    private final TreeSet<String> namedCidrs = new TreeSet<>();
    private final List<PolicyFile> files = new ArrayList<>();
    private int total;

    PolicyGenerator(Cluster cluster, CallGraph graph, int policyCount, SplittableRandom rnd) {
        this.cluster = cluster;
        this.graph = graph;
        this.rnd = rnd;
        int ccnps = Math.max(1, policyCount / 100);
        int cnps = Math.max(0, policyCount - ccnps);
        List<String> nss = cluster.namespaces();
        for (int n = 0; n < nss.size(); n++) {
            int budget = cnps / nss.size() + (n < cnps % nss.size() ? 1 : 0);
            namespaceFile(nss.get(n), n, budget);
        }
        clusterwideFile(ccnps);
    }

    List<PolicyFile> files() {
        return List.copyOf(files);
    }

    int total() {
        return total;
    }

    /** Name of the policy that allows ingress to {@code app}, or null. */
    String ingressPolicy(App app) {
        return ingressPolicy.get(app);
    }

    /** Name of the policy that governs egress of {@code app}, or null. */
    String egressPolicy(App app) {
        return egressPolicy.get(app);
    }

    /** Every CIDR some policy names (Cilium allocates a local CIDR identity for each). */
    List<String> namedCidrs() {
        return List.copyOf(namedCidrs);
    }

    private void namespaceFile(String ns, int nsIndex, int budget) {
        StringBuilder out = new StringBuilder();
        int objects = 0;
        if (budget > 0 && nsIndex % 10 < 7) {
            doc(out, "CiliumNetworkPolicy", ns, "allow-same-namespace",
                    "Every pod of " + ns + " accepts traffic from its own namespace; the rest is default deny.");
            out.append("  endpointSelector: {}\n  ingress:\n  - fromEndpoints:\n    - {}\n");
            objects++;
        }
        if (objects < budget && nsIndex % 5 == 1) {
            doc(out, "CiliumNetworkPolicy", ns, "allow-dns-visibility",
                    "DNS visibility for the whole namespace without turning on egress default deny.");
            out.append("  endpointSelector: {}\n  enableDefaultDeny:\n    egress: false\n  egress:\n");
            dnsElement(out);
            objects++;
        }
        List<App> apps = new ArrayList<>();
        for (App a : cluster.apps()) {
            if (a.namespace().equals(ns)) {
                apps.add(a);
            }
        }
        // a policy-less app now and then, and a stable but shuffled order
        for (int i = apps.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            App t = apps.get(i);
            apps.set(i, apps.get(j));
            apps.set(j, t);
        }
        // first pass: ingress and egress per app; more policies than apps*2 wrap into extra variants
        int round = 0;
        while (objects < budget) {
            boolean added = false;
            for (App a : apps) {
                if (objects >= budget) {
                    break;
                }
                boolean entryPoint = a.role().tier() == Tier.WEB;
                if (round == 0 && a.role().port() != 0 && (entryPoint || !graph.callers(a).isEmpty())) {
                    ingress(out, a);
                    objects++;
                    added = true;
                }
                if (objects < budget && round == 0 && (!graph.callees(a).isEmpty() || !graph.externals(a).isEmpty())) {
                    egress(out, a);
                    objects++;
                    added = true;
                }
                if (objects < budget && round > 0) {
                    extra(out, a, round);
                    objects++;
                    added = true;
                }
            }
            round++;
            if (!added && round > 8) {
                break;
            }
        }
        if (objects > 0) {
            files.add(new PolicyFile(ns + ".yaml", out.toString(), objects));
            total += objects;
        }
    }

    private void ingress(StringBuilder out, App a) {
        String name = a.name() + "-ingress";
        ingressPolicy.put(a, name);
        doc(out, "CiliumNetworkPolicy", a.namespace(), name, "Who may call " + a.namespace() + "/" + a.name() + ".");
        selector(out, "  endpointSelector:\n", a.name());
        out.append("  ingress:\n");
        List<String> sameNs = new ArrayList<>();
        Map<String, List<String>> otherNs = new LinkedHashMap<>();
        for (App c : graph.callers(a)) {
            if (c.namespace().equals(a.namespace())) {
                sameNs.add(c.name());
            } else {
                otherNs.computeIfAbsent(c.namespace(), k -> new ArrayList<>()).add(c.name());
            }
        }
        boolean l7 = a.http() && a.role().tier() != Tier.DATA && rnd.nextInt(3) == 0;
        if (!sameNs.isEmpty()) {
            out.append("  - fromEndpoints:\n");
            if (sameNs.size() == 1) {
                out.append("    - matchLabels:\n        app: ").append(sameNs.get(0)).append('\n');
            } else {
                out.append("    - matchExpressions:\n      - key: app\n        operator: In\n        values:\n");
                for (String s : sameNs) {
                    out.append("        - ").append(s).append('\n');
                }
            }
            ports(out, "    ", a.role().port(), "TCP", l7 ? a : null);
        }
        for (Map.Entry<String, List<String>> e : otherNs.entrySet()) {
            out.append("  - fromEndpoints:\n");
            for (String s : e.getValue()) {
                out.append("    - matchLabels:\n        app: ").append(s).append('\n')
                        .append("        k8s:io.kubernetes.pod.namespace: ").append(e.getKey()).append('\n');
            }
            ports(out, "    ", a.role().port(), "TCP", null);
        }
        if (a.role().tier() == Tier.WEB) {
            out.append("  - fromEntities:\n    - world\n");
            ports(out, "    ", a.role().port(), "TCP", null);
        }
        if (a.namespace().equals("partner-api") || a.namespace().equals("api-gateway")) {
            namedCidrs.add("198.51.100.0/24");
            namedCidrs.add("198.51.100.128/25");
            out.append("  - fromCIDRSet:\n    - cidr: 198.51.100.0/24\n      except:\n      - 198.51.100.128/25\n");
            ports(out, "    ", a.role().port(), "TCP", null);
        }
    }

    private void egress(StringBuilder out, App a) {
        String name = a.name() + "-egress";
        egressPolicy.put(a, name);
        doc(out, "CiliumNetworkPolicy", a.namespace(), name, "What " + a.namespace() + "/" + a.name() + " may call.");
        selector(out, "  endpointSelector:\n", a.name());
        out.append("  egress:\n");
        dnsElement(out);
        for (App c : graph.callees(a)) {
            if (rnd.nextInt(12) == 0) {
                continue; // forgotten: this traffic is denied
            }
            out.append("  - toEndpoints:\n    - matchLabels:\n        app: ").append(c.name()).append('\n');
            if (!c.namespace().equals(a.namespace())) {
                out.append("        k8s:io.kubernetes.pod.namespace: ").append(c.namespace()).append('\n');
            }
            ports(out, "    ", c.role().port(), "TCP", null);
        }
        for (External e : graph.externals(a)) {
            if (rnd.nextInt(10) < 3) {
                out.append("  - toFQDNs:\n    - matchName: ").append(e.dnsName()).append('\n');
            } else if (e.except() != null) {
                namedCidrs.add(e.cidr());
                namedCidrs.add(e.except());
                out.append("  - toCIDRSet:\n    - cidr: ").append(e.cidr()).append("\n      except:\n      - ")
                        .append(e.except()).append('\n');
            } else {
                namedCidrs.add(e.cidr());
                out.append("  - toCIDR:\n    - ").append(e.cidr()).append('\n');
            }
            ports(out, "    ", e.port(), "TCP", null);
        }
        if (a.name().equals("config") || a.name().equals("scheduler") || a.name().equals("admin")) {
            out.append("  - toEntities:\n    - kube-apiserver\n");
            ports(out, "    ", 443, "TCP", null);
        }
        if (rnd.nextInt(5) == 0) {
            namedCidrs.add("169.254.169.254/32");
            out.append("  egressDeny:\n  - toCIDR:\n    - 169.254.169.254/32\n");
        }
    }

    /** More policies than the app graph needs: metrics scrapes, deny rules and port ranges. */
    private void extra(StringBuilder out, App a, int round) {
        String name = a.name() + "-extra-" + round;
        doc(out, "CiliumNetworkPolicy", a.namespace(), name, "Additional rules for " + a.name() + ".");
        selector(out, "  endpointSelector:\n", a.name());
        switch (round % 3) {
            case 1 -> {
                out.append("  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        app: exporter\n")
                        .append("        k8s:io.kubernetes.pod.namespace: monitoring\n");
                ports(out, "    ", Cluster.METRICS_PORT, "TCP", null);
            }
            case 2 -> out.append("  enableDefaultDeny:\n    egress: false\n")
                    .append("  egressDeny:\n  - toEntities:\n    - world\n    toPorts:\n    - ports:\n")
                    .append("      - port: \"25\"\n        protocol: TCP\n");
            default -> out.append("  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        app: debug\n")
                    .append("    toPorts:\n    - ports:\n      - port: \"30000\"\n        endPort: 30100\n")
                    .append("        protocol: TCP\n");
        }
    }

    private void clusterwideFile(int count) {
        StringBuilder out = new StringBuilder();
        List<String> nss = cluster.namespaces();
        for (int i = 0; i < count; i++) {
            switch (i) {
                case 0 -> {
                    doc(out, "CiliumClusterwideNetworkPolicy", "", "cluster-allow-prometheus-scrape",
                            "Prometheus scrapes every pod's metrics port.");
                    out.append("  endpointSelector: {}\n  enableDefaultDeny:\n    ingress: false\n  ingress:\n")
                            .append("  - fromEndpoints:\n    - matchLabels:\n        app: exporter\n")
                            .append("        k8s:io.kubernetes.pod.namespace: monitoring\n");
                    ports(out, "    ", Cluster.METRICS_PORT, "TCP", null);
                }
                case 1 -> {
                    namedCidrs.add("169.254.169.254/32");
                    doc(out, "CiliumClusterwideNetworkPolicy", "", "cluster-deny-metadata",
                            "No pod reaches the cloud metadata service.");
                    out.append("  endpointSelector: {}\n  enableDefaultDeny:\n    egress: false\n  egressDeny:\n")
                            .append("  - toCIDR:\n    - 169.254.169.254/32\n");
                }
                case 2 -> {
                    doc(out, "CiliumClusterwideNetworkPolicy", "", "cluster-allow-health",
                            "Node and health checks reach every pod.");
                    out.append("  endpointSelector: {}\n  enableDefaultDeny:\n    ingress: false\n  ingress:\n")
                            .append("  - fromEntities:\n    - host\n    - remote-node\n    - health\n");
                }
                case 3 -> {
                    doc(out, "CiliumClusterwideNetworkPolicy", "", "cluster-allow-kube-dns",
                            "Every pod outside kube-system may resolve names through kube-dns, with DNS visibility.");
                    out.append("  endpointSelector:\n    matchExpressions:\n")
                            .append("    - key: k8s:io.kubernetes.pod.namespace\n      operator: NotIn\n")
                            .append("      values:\n      - kube-system\n")
                            .append("  enableDefaultDeny:\n    egress: false\n  egress:\n");
                    dnsElement(out);
                }
                case 4 -> {
                    doc(out, "CiliumClusterwideNetworkPolicy", "", "kube-dns-ingress", "kube-dns answers the cluster.");
                    out.append("  endpointSelector:\n    matchLabels:\n      k8s:io.kubernetes.pod.namespace: kube-system\n")
                            .append("      k8s:k8s-app: kube-dns\n  ingress:\n  - fromEntities:\n    - cluster\n");
                    ports(out, "    ", 53, "ANY", null);
                }
                case 5 -> {
                    doc(out, "CiliumClusterwideNetworkPolicy", "", "data-tier-no-world",
                            "Data stores never accept the world.");
                    out.append("  endpointSelector:\n    matchExpressions:\n    - key: app\n      operator: In\n")
                            .append("      values: [postgres, mysql, mongo, redis, cache, memcached, kafka, elasticsearch]\n")
                            .append("  enableDefaultDeny:\n    ingress: false\n  ingressDeny:\n")
                            .append("  - fromEntities:\n    - world\n");
                }
                default -> {
                    String ns = nss.get((i * 7) % nss.size());
                    doc(out, "CiliumClusterwideNetworkPolicy", "", "team-" + ns + "-from-gateway-" + i,
                            "The API gateway reaches the API tier of " + ns + ".");
                    out.append("  endpointSelector:\n    matchLabels:\n      k8s:io.kubernetes.pod.namespace: ")
                            .append(ns).append("\n    matchExpressions:\n    - key: app\n      operator: In\n")
                            .append("      values: [api, orders, cart, checkout, catalog, search]\n")
                            .append("  ingress:\n  - fromEndpoints:\n")
                            .append("    - matchLabels:\n        app: gateway\n")
                            .append("        k8s:io.kubernetes.pod.namespace: api-gateway\n");
                    ports(out, "    ", 8080, "TCP", null);
                }
            }
        }
        files.add(new PolicyFile("clusterwide.yaml", out.toString(), count));
        total += count;
    }

    private static void doc(StringBuilder out, String kind, String ns, String name, String comment) {
        if (out.length() > 0) {
            out.append("---\n");
        }
        out.append("# ").append(comment).append('\n');
        out.append("apiVersion: cilium.io/v2\nkind: ").append(kind).append("\nmetadata:\n  name: ").append(name)
                .append('\n');
        if (!ns.isEmpty()) {
            out.append("  namespace: ").append(ns).append('\n');
        }
        out.append("  labels:\n    app.kubernetes.io/managed-by: argocd\nspec:\n");
    }

    private static void selector(StringBuilder out, String head, String app) {
        out.append(head).append("    matchLabels:\n      app: ").append(app).append('\n');
    }

    private static void dnsElement(StringBuilder out) {
        out.append("  - toEndpoints:\n    - matchLabels:\n        k8s:io.kubernetes.pod.namespace: kube-system\n")
                .append("        k8s:k8s-app: kube-dns\n    toPorts:\n    - ports:\n")
                .append("      - port: \"53\"\n        protocol: UDP\n      - port: \"53\"\n        protocol: TCP\n")
                .append("      rules:\n        dns:\n        - matchPattern: \"*\"\n");
    }

    /** A toPorts block; {@code http} non-null adds HTTP rules for that app. */
    private static void ports(StringBuilder out, String indent, int port, String protocol, App http) {
        out.append(indent).append("toPorts:\n").append(indent).append("- ports:\n")
                .append(indent).append("  - port: \"").append(port).append("\"\n")
                .append(indent).append("    protocol: ").append(protocol).append('\n');
        if (http != null) {
            out.append(indent).append("  rules:\n").append(indent).append("    http:\n")
                    .append(indent).append("    - method: GET\n").append(indent).append("      path: \"/api/v1/.*\"\n")
                    .append(indent).append("    - method: POST\n").append(indent).append("      path: \"/api/v1/")
                    .append(http.name()).append("\"\n")
                    .append(indent).append("    - method: GET\n").append(indent).append("      path: /healthz\n");
        }
    }
}
