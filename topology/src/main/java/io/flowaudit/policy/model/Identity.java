package io.flowaudit.policy.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A security identity as the engine sees it: parsed labels plus the kind flags that peers and entities
 * test. Identities are interned by {@link IdentityCache}, so equality is object identity and caches
 * keyed by an identity are cheap.
 */
public final class Identity {
    /** R8: the namespace label every pod identity carries. */
    public static final String NAMESPACE_KEY = "io.kubernetes.pod.namespace";
    /** R8: the cluster label every pod identity carries. */
    public static final String CLUSTER_KEY = "io.cilium.k8s.policy.cluster";

    private final long id;
    private final List<String> rawLabels;
    private final Map<String, List<String[]>> byKey;
    private final boolean host;
    private final boolean remoteNode;
    private final boolean world;
    private final boolean kubeApiserver;
    private final boolean health;
    private final boolean init;
    private final boolean ingress;
    private final boolean unmanaged;
    private final String namespace;
    private final String cluster;

    Identity(long id, List<String> rawLabels) {
        this.id = id;
        this.rawLabels = List.copyOf(rawLabels);
        this.byKey = new HashMap<>();
        for (String l : rawLabels) {
            String[] parsed = parse(l);
            if (parsed != null && !LabelFilter.isExcluded(parsed[0], parsed[1])) {
                byKey.computeIfAbsent(parsed[1], k -> new ArrayList<>(1)).add(parsed);
            }
        }
        this.host = hasReserved("host");
        this.remoteNode = hasReserved("remote-node");
        this.kubeApiserver = hasReserved("kube-apiserver");
        this.health = hasReserved("health");
        this.init = hasReserved("init");
        this.ingress = hasReserved("ingress");
        this.unmanaged = hasReserved("unmanaged");
        this.world = hasReserved("world") || hasReserved("world-ipv4") || hasReserved("world-ipv6")
                || rawLabels.stream().anyMatch(l -> l.startsWith("cidr:") || l.startsWith("fqdn:"));
        this.namespace = value("k8s", NAMESPACE_KEY).orElse("");
        this.cluster = value("k8s", CLUSTER_KEY).orElse("");
    }

    /** {@code source:key=value} into {source, key, value}; a label without {@code =} has value "". */
    private static String[] parse(String label) {
        int colon = label.indexOf(':');
        String source = colon > 0 ? label.substring(0, colon) : "unspec";
        String rest = colon > 0 ? label.substring(colon + 1) : label;
        // cidr labels hold ':' free prefixes (IPv6 uses '-'), so the first '=' splits key and value.
        int eq = rest.indexOf('=');
        String key = eq >= 0 ? rest.substring(0, eq) : rest;
        String value = eq >= 0 ? rest.substring(eq + 1) : "";
        return key.isEmpty() ? null : new String[] {source, key, value};
    }

    private boolean hasReserved(String key) {
        return value("reserved", key).isPresent();
    }

    /**
     * The value of the first label with {@code key} whose source is {@code source}, any source when
     * {@code source} is {@code any} (R13).
     */
    public Optional<String> value(String source, String key) {
        return Optional.ofNullable(valueOrNull(source, key));
    }

    /** {@link #value} without the Optional, for the selector-matching hot path; null when absent. */
    public String valueOrNull(String source, String key) {
        List<String[]> labels = byKey.get(key);
        if (labels == null) {
            return null;
        }
        boolean any = Requirement.ANY_SOURCE.equals(source);
        for (String[] l : labels) {
            if (any || l[0].equals(source)) {
                return l[2];
            }
        }
        return null;
    }

    public long id() {
        return id;
    }

    public List<String> labels() {
        return rawLabels;
    }

    public boolean isHost() {
        return host;
    }

    public boolean isRemoteNode() {
        return remoteNode;
    }

    /** World, world-ipv4/6, or a local CIDR/FQDN identity (R11): the only identities CIDR rules can match (R32). */
    public boolean isWorld() {
        return world;
    }

    public boolean isKubeApiserver() {
        return kubeApiserver;
    }

    public boolean isHealth() {
        return health;
    }

    public boolean isInit() {
        return init;
    }

    public boolean isIngress() {
        return ingress;
    }

    public boolean isUnmanaged() {
        return unmanaged;
    }

    /** A pod: it carries the namespace label (R8). */
    public boolean isPod() {
        return !namespace.isEmpty();
    }

    /** Namespace of a pod identity, empty otherwise. */
    public String namespace() {
        return namespace;
    }

    /** Cluster of a pod identity ({@code io.cilium.k8s.policy.cluster}), empty otherwise. */
    public String cluster() {
        return cluster;
    }

    /** Endpoints whose policy Cilium enforces: pods, and the health, ingress and init endpoints (R19, R25). */
    public boolean isManagedEndpoint() {
        return isPod() || health || ingress || init;
    }

    /** The most specific {@code cidr:} label, if any. */
    public Optional<IpPrefix> cidrLabel() {
        IpPrefix best = null;
        for (String l : rawLabels) {
            if (l.startsWith("cidr:")) {
                Optional<IpPrefix> p = IpPrefix.parseLabel(l.substring(5));
                if (p.isPresent() && (best == null || p.get().length() > best.length())) {
                    best = p.get();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public String toString() {
        return id + rawLabels.toString();
    }
}
