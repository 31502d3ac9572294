package io.flowaudit.policy.model;

/** Cilium's default identity label filter (R9): labels it keeps out of identities never match a selector. */
final class LabelFilter {
    private LabelFilter() {
    }

    static boolean isExcluded(String source, String key) {
        if (!"k8s".equals(source) && !"unspec".equals(source) && !"container".equals(source)) {
            return false;
        }
        if (key.equals(Identity.NAMESPACE_KEY)) {
            return false;
        }
        return key.startsWith("io.kubernetes") || key.startsWith("kubernetes.io") || key.startsWith("k8s.io")
                || key.startsWith("topology.kubernetes.io") || key.equals("pod-template-hash")
                || key.equals("pod-template-generation") || key.equals("controller-revision-hash")
                || key.equals("controller-uid") || key.startsWith("annotation") || key.equals("etcd_node")
                || key.equals("statefulset.kubernetes.io/pod-name") || key.equals("apps.kubernetes.io/pod-index")
                || key.equals("batch.kubernetes.io/job-completion-index")
                || key.equals("batch.kubernetes.io/controller-uid") || key.contains("beta.kubernetes.io");
    }
}
