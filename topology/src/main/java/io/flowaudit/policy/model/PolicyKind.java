package io.flowaudit.policy.model;

import java.util.Optional;

/** The policy objects flowaudit enforces (semantics R1, R2 and Kubernetes NetworkPolicy). */
public enum PolicyKind {
    CILIUM_NETWORK_POLICY("CiliumNetworkPolicy", true),
    CILIUM_CLUSTERWIDE_NETWORK_POLICY("CiliumClusterwideNetworkPolicy", false),
    NETWORK_POLICY("NetworkPolicy", true);

    private final String kindName;
    private final boolean namespaced;

    PolicyKind(String kindName, boolean namespaced) {
        this.kindName = kindName;
        this.namespaced = namespaced;
    }

    /** The Kubernetes {@code kind} value. */
    public String kindName() {
        return kindName;
    }

    public boolean isNamespaced() {
        return namespaced;
    }

    public static Optional<PolicyKind> fromKindName(String kind) {
        for (PolicyKind k : values()) {
            if (k.kindName.equals(kind)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
