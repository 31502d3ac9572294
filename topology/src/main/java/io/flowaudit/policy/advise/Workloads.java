package io.flowaudit.policy.advise;

import io.flowaudit.policy.compile.Selectors;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.model.Operator;
import io.flowaudit.policy.model.Requirement;
import io.flowaudit.policy.model.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stand-in identities: a representative pod for a selector, kube-dns, and workload names from labels. */
public final class Workloads {
    private Workloads() {
    }

    /** The labels Cilium derives for a pod (R8). */
    static List<String> podLabels(String namespace, String cluster, String serviceAccount, List<String> own) {
        List<String> l = new ArrayList<>(own);
        l.add("k8s:io.kubernetes.pod.namespace=" + namespace);
        l.add("k8s:io.cilium.k8s.policy.cluster=" + cluster);
        l.add("k8s:io.cilium.k8s.policy.serviceaccount=" + serviceAccount);
        l.add("k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=" + namespace);
        l.sort(null);
        return l;
    }

    static Identity kubeDns(IdentityCache ids, String cluster) {
        return ids.resolve(0, podLabels(DnsFix.KUBE_DNS_NAMESPACE, cluster, "coredns", List.of("k8s:k8s-app=kube-dns")));
    }

    /**
     * A pod that the selector selects, built from its In/Exists requirements; empty when the selector names
     * reserved identities or cannot be satisfied by such a pod.
     */
    static Optional<Identity> representative(Selector effective, String namespace, String cluster, IdentityCache ids) {
        if (effective.hasSource("reserved")) {
            return Optional.empty();
        }
        String ns = namespace.isEmpty() ? "default" : namespace;
        List<String> own = new ArrayList<>();
        for (Requirement r : effective.requirements()) {
            if (r.key().equals(Identity.NAMESPACE_KEY) && r.operator() == Operator.IN) {
                ns = r.values().get(0);
                continue;
            }
            if (r.key().startsWith("io.cilium.k8s.policy.") || r.key().startsWith("io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name")) {
                continue;
            }
            String source = Requirement.ANY_SOURCE.equals(r.source()) ? "k8s" : r.source();
            if (r.operator() == Operator.IN) {
                own.add(source + ":" + r.key() + "=" + r.values().get(0));
            } else if (r.operator() == Operator.EXISTS) {
                own.add(source + ":" + r.key() + "=present");
            }
        }
        Identity id = ids.resolve(0, podLabels(ns, cluster, "default", own));
        return Selectors.matches(effective, id) ? Optional.of(id) : Optional.empty();
    }

    /** A workload name for messages and policy names: app, k8s-app or app.kubernetes.io/name, else the selector. */
    public static String name(Identity id) {
        return id.value("k8s", "app").or(() -> id.value("k8s", "k8s-app"))
                .or(() -> id.value("k8s", "app.kubernetes.io/name")).or(() -> id.value("k8s", "name")).orElse("");
    }

    /**
     * How reports name a flow's peer: a pod by namespace and workload label, the node as host or remote-node,
     * anything else by a DNS name Hubble knows for it, its address, or its cidr label.
     */
    public static String peerName(Identity id, String ip, List<String> dnsNames) {
        if (id.isPod()) {
            String n = name(id);
            return id.namespace() + "/" + (n.isEmpty() ? "identity-" + id.id() : n);
        }
        if (id.isHost()) {
            return "host";
        }
        if (id.isRemoteNode()) {
            return "remote-node";
        }
        if (!dnsNames.isEmpty()) {
            return dnsNames.get(0);
        }
        return ip.isEmpty() ? id.cidrLabel().map(Object::toString).orElse("world") : ip;
    }

    /** The selector a user would write for a workload seen in flows. */
    static Selector selectorFor(Identity id) {
        for (String key : List.of("app", "k8s-app", "app.kubernetes.io/name", "name")) {
            Optional<String> v = id.value("k8s", key);
            if (v.isPresent()) {
                return new Selector(List.of(Requirement.of(key, Operator.IN, List.of(v.get()))));
            }
        }
        return Selector.ALL;
    }
}
