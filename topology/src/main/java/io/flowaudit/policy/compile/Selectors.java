package io.flowaudit.policy.compile;

import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.Operator;
import io.flowaudit.policy.model.PolicyKind;
import io.flowaudit.policy.model.PolicyRef;
import io.flowaudit.policy.model.Requirement;
import io.flowaudit.policy.model.Selector;
import java.util.List;

/** Selector matching (R13, R14) and Cilium's namespace and cluster defaulting (R15-R18). */
public final class Selectors {
    private static final String NAMESPACE_LABELS_PREFIX = "io.cilium.k8s.namespace.labels.";

    private Selectors() {
    }

    public static boolean matches(Selector selector, Identity identity) {
        for (Requirement r : selector.requirements()) {
            if (!matches(r, identity)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Requirement r, Identity identity) {
        String v = identity.valueOrNull(r.source(), r.key());
        return switch (r.operator()) {
            case IN -> v != null && r.values().contains(v);
            case NOT_IN -> v == null || !r.values().contains(v);
            case EXISTS -> v != null;
            case DOES_NOT_EXIST -> v == null;
        };
    }

    /** The namespace requirement first: most selectors name another namespace and fail on it at once. */
    private static Selector namespaceFirst(Selector s) {
        List<Requirement> reqs = new java.util.ArrayList<>(s.requirements());
        reqs.sort(java.util.Comparator.comparingInt(r -> r.key().equals(Identity.NAMESPACE_KEY) ? 0 : 1));
        return new Selector(reqs);
    }

    /**
     * R15: a namespaced policy's subject always gets the policy namespace; a {@code k8s:}-prefixed namespace
     * requirement is overwritten, an unprefixed one stays as an extra requirement.
     */
    public static Selector subject(Selector written, PolicyRef policy) {
        if (!policy.kind().isNamespaced()) {
            return written;
        }
        return namespaceFirst(written.without("k8s", Identity.NAMESPACE_KEY)
                .with(Requirement.equalTo("k8s", Identity.NAMESPACE_KEY, policy.namespace())));
    }

    /** R16-R18: the effective {@code fromEndpoints}/{@code toEndpoints} selector. */
    public static Selector endpointPeer(Selector written, PolicyRef policy, Selector subject, EngineOptions options) {
        if (written.hasSource("reserved")) {
            return written;
        }
        Selector s = written;
        boolean namesNamespace = written.names("k8s", Identity.NAMESPACE_KEY);
        boolean namespaceLabels = written.hasKeyPrefix(NAMESPACE_LABELS_PREFIX);
        if (!namesNamespace && !namespaceLabels) {
            if (policy.kind() == PolicyKind.CILIUM_CLUSTERWIDE_NETWORK_POLICY) {
                if (!subject.names("reserved", "init")) {
                    s = s.with(Requirement.exists("k8s", Identity.NAMESPACE_KEY));
                }
            } else {
                s = s.with(Requirement.equalTo("k8s", Identity.NAMESPACE_KEY, policy.namespace()));
            }
        }
        return namespaceFirst(withClusterFilter(s, options));
    }

    /** R35: node peers select node identities by node labels, never the local host. */
    public static Selector nodePeer(Selector written, EngineOptions options) {
        return withClusterFilter(written.with(new Requirement("reserved", "remote-node", Operator.EXISTS, List.of())),
                options);
    }

    private static Selector withClusterFilter(Selector s, EngineOptions options) {
        if (!options.localClusterFilter() || s.names("k8s", Identity.CLUSTER_KEY)) {
            return s;
        }
        return s.with(Requirement.equalTo("k8s", Identity.CLUSTER_KEY, options.clusterName()));
    }
}
