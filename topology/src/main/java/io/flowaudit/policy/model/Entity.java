package io.flowaudit.policy.model;

import java.util.Locale;
import java.util.Optional;

/** Cilium entities (R30). */
public enum Entity {
    ALL, WORLD, WORLD_IPV4, WORLD_IPV6, CLUSTER, HOST, REMOTE_NODE, KUBE_APISERVER, HEALTH, INIT, INGRESS,
    UNMANAGED, NONE;

    /** The spelling used in policies ({@code remote-node}, {@code kube-apiserver}, ...). */
    public String entityName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Entity> parse(String text) {
        for (Entity e : values()) {
            if (e.entityName().equals(text)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
