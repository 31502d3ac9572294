package io.flowaudit.policy.model;

import java.util.Objects;

/**
 * Names one policy object: kind, namespace (empty for cluster-scoped kinds) and name.
 * This is also the key of the compacted policies topic: {@code kind/namespace/name}.
 */
public record PolicyRef(PolicyKind kind, String namespace, String name) implements Comparable<PolicyRef> {
    public PolicyRef {
        Objects.requireNonNull(kind, "kind can't be null");
        Objects.requireNonNull(namespace, "namespace can't be null");
        Objects.requireNonNull(name, "name can't be null");
    }

    /** {@code CiliumNetworkPolicy/dev/app1-egress}, or {@code CiliumClusterwideNetworkPolicy/allow-dns}. */
    public String key() {
        return namespace.isEmpty() ? kind.kindName() + "/" + name : kind.kindName() + "/" + namespace + "/" + name;
    }

    @Override
    public int compareTo(PolicyRef o) {
        return key().compareTo(o.key());
    }

    @Override
    public String toString() {
        return key();
    }
}
