package io.flowaudit.policy.advise;

import io.flowaudit.policy.model.Selector;
import java.util.Locale;

/** The policy that fixes a missing DNS rule (R68), as ready-to-apply YAML. */
final class DnsFix {
    static final String KUBE_DNS_NAMESPACE = "kube-system";

    private DnsFix() {
    }

    /**
     * An egress allow from {@code subject} to kube-dns on port 53 over UDP and TCP (protocol ANY), with a DNS
     * rule when the subject uses toFQDNs, so the proxy sees the answers (R33).
     *
     * @param namespace the subject's namespace; empty writes a CiliumClusterwideNetworkPolicy
     */
    static String egress(String namespace, Selector subject, String subjectName, boolean dnsVisibility) {
        boolean clusterwide = namespace.isEmpty();
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: cilium.io/v2\n");
        y.append("kind: ").append(clusterwide ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy").append('\n');
        y.append("metadata:\n  name: ").append(name("allow-dns-", subjectName)).append('\n');
        if (!clusterwide) {
            y.append("  namespace: ").append(namespace).append('\n');
        }
        y.append("spec:\n  endpointSelector:\n").append(SelectorYaml.write(subject, "    "));
        y.append("  egress:\n  - toEndpoints:\n    - matchLabels:\n");
        y.append("        k8s:io.kubernetes.pod.namespace: ").append(KUBE_DNS_NAMESPACE).append('\n');
        y.append("        k8s:k8s-app: kube-dns\n");
        y.append("    toPorts:\n    - ports:\n      - port: \"53\"\n        protocol: ANY\n");
        if (dnsVisibility) {
            y.append("      rules:\n        dns:\n        - matchPattern: \"*\"\n");
        }
        return y.toString();
    }

    /** An ingress allow on kube-dns from the subject's namespace, for when kube-dns itself is default deny (R69). */
    static String ingress(String clientNamespace, String subjectName) {
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ")
                .append(name("allow-dns-from-", subjectName)).append("\n  namespace: ").append(KUBE_DNS_NAMESPACE)
                .append("\nspec:\n  endpointSelector:\n    matchLabels:\n      k8s:k8s-app: kube-dns\n  ingress:\n")
                .append("  - fromEndpoints:\n    - matchLabels:\n        k8s:io.kubernetes.pod.namespace: ")
                .append(clientNamespace.isEmpty() ? "default" : clientNamespace).append('\n')
                .append("    toPorts:\n    - ports:\n      - port: \"53\"\n        protocol: ANY\n");
        return y.toString();
    }

    /** A DNS-1123 name from a prefix and a free-form subject name. */
    static String name(String prefix, String subjectName) {
        String n = (prefix + subjectName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-")
                .replaceAll("-+", "-").replaceAll("^-|-$", "");
        return n.length() > 63 ? n.substring(0, 63).replaceAll("-$", "") : n;
    }
}
