package io.flowaudit.connect.policy;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.flowaudit.schemas.avro.PolicyKind;

/**
 * The Kubernetes resource of a policy kind.
 *
 * @param kind the policy kind
 * @param context group, version, plural and scope for fabric8's generic resource API
 */
record PolicyResource(PolicyKind kind, ResourceDefinitionContext context) {

    static PolicyResource of(PolicyKind kind) {
        switch (kind) {
            case CiliumNetworkPolicy:
                return new PolicyResource(kind, context("cilium.io", "v2", kind.name(), "ciliumnetworkpolicies", true));
            case CiliumClusterwideNetworkPolicy:
                return new PolicyResource(kind, context("cilium.io", "v2", kind.name(),
                        "ciliumclusterwidenetworkpolicies", false));
            case NetworkPolicy:
                return new PolicyResource(kind, context("networking.k8s.io", "v1", kind.name(), "networkpolicies",
                        true));
            default:
                throw new IllegalArgumentException("no Kubernetes resource for policy kind " + kind);
        }
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural,
                                                     boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    /** {@code plural.group}, e.g. {@code ciliumnetworkpolicies.cilium.io}. */
    String resourceName() {
        return context.getPlural() + "." + context.getGroup();
    }

    boolean isNamespaced() {
        return context.isNamespaceScoped();
    }
}
