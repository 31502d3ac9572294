package io.flowaudit.policy;

import java.util.Map;
import java.util.Objects;

/**
 * The Cilium agent settings that change verdicts (semantics §0, R18, R21, R25, R26, R32, R6), with the
 * newest stable release's defaults.
 *
 * @param version the Cilium release being audited; decides version-dependent behaviour
 * @param clusterName the local cluster name ({@code cluster-name}); "default" unless set
 * @param policyDefaultLocalCluster {@code policy-default-local-cluster}; null means the version's default
 *     (on from 1.19, R18)
 * @param cidrMatchNodes {@code policy-cidr-match-mode=nodes}: CIDR rules also match node IPs (R32)
 * @param hostFirewall host firewall: nodeSelector rules enforce on the host endpoint (R6)
 * @param enablePolicy {@code enable-policy}: default, always or never (R25)
 * @param allowLocalhost {@code allow-localhost}: the local node may reach its pods when their ingress is
 *     default deny (R26)
 * @param enableNonDefaultDenyPolicies honour {@code enableDefaultDeny: false} (R21)
 * @param namedPorts container port names and their numbers; named ports that are not listed match nothing
 *     (R43: Cilium resolves them against pod specs, which flows do not carry)
 * @param nodePortRange lowest and highest NodePort: a flow to the local host on such a port before service
 *     translation is not judged as a connection
 */
public record EngineOptions(CiliumVersion version, String clusterName, Boolean policyDefaultLocalCluster,
                            boolean cidrMatchNodes, boolean hostFirewall, EnforcementMode enablePolicy,
                            boolean allowLocalhost, boolean enableNonDefaultDenyPolicies,
                            Map<String, Integer> namedPorts, int[] nodePortRange) {

    /** {@code enable-policy} (R25). */
    public enum EnforcementMode { DEFAULT, ALWAYS, NEVER }

    public EngineOptions {
        Objects.requireNonNull(version, "version can't be null");
        Objects.requireNonNull(clusterName, "clusterName can't be null");
        Objects.requireNonNull(enablePolicy, "enablePolicy can't be null");
        namedPorts = Map.copyOf(namedPorts);
        nodePortRange = nodePortRange.clone();
    }

    public static EngineOptions defaults() {
        return new EngineOptions(CiliumVersion.DEFAULT, "default", null, false, false, EnforcementMode.DEFAULT,
                true, true, Map.of(), new int[] {30000, 32767});
    }

    /** R18: whether peer selectors get the local cluster label. */
    public boolean localClusterFilter() {
        boolean on = policyDefaultLocalCluster != null ? policyDefaultLocalCluster : version.defaultLocalCluster();
        return on && !clusterName.isEmpty();
    }

    public EngineOptions withVersion(CiliumVersion v) {
        return new EngineOptions(v, clusterName, policyDefaultLocalCluster, cidrMatchNodes, hostFirewall,
                enablePolicy, allowLocalhost, enableNonDefaultDenyPolicies, namedPorts, nodePortRange);
    }

    public EngineOptions withClusterName(String name) {
        return new EngineOptions(version, name, policyDefaultLocalCluster, cidrMatchNodes, hostFirewall,
                enablePolicy, allowLocalhost, enableNonDefaultDenyPolicies, namedPorts, nodePortRange);
    }

    public EngineOptions withPolicyDefaultLocalCluster(Boolean on) {
        return new EngineOptions(version, clusterName, on, cidrMatchNodes, hostFirewall, enablePolicy,
                allowLocalhost, enableNonDefaultDenyPolicies, namedPorts, nodePortRange);
    }

    public EngineOptions withCidrMatchNodes(boolean on) {
        return new EngineOptions(version, clusterName, policyDefaultLocalCluster, on, hostFirewall, enablePolicy,
                allowLocalhost, enableNonDefaultDenyPolicies, namedPorts, nodePortRange);
    }

    public EngineOptions withHostFirewall(boolean on) {
        return new EngineOptions(version, clusterName, policyDefaultLocalCluster, cidrMatchNodes, on, enablePolicy,
                allowLocalhost, enableNonDefaultDenyPolicies, namedPorts, nodePortRange);
    }

    public EngineOptions withEnablePolicy(EnforcementMode mode) {
        return new EngineOptions(version, clusterName, policyDefaultLocalCluster, cidrMatchNodes, hostFirewall, mode,
                allowLocalhost, enableNonDefaultDenyPolicies, namedPorts, nodePortRange);
    }

    public EngineOptions withAllowLocalhost(boolean on) {
        return new EngineOptions(version, clusterName, policyDefaultLocalCluster, cidrMatchNodes, hostFirewall,
                enablePolicy, on, enableNonDefaultDenyPolicies, namedPorts, nodePortRange);
    }

    public EngineOptions withEnableNonDefaultDenyPolicies(boolean on) {
        return new EngineOptions(version, clusterName, policyDefaultLocalCluster, cidrMatchNodes, hostFirewall,
                enablePolicy, allowLocalhost, on, namedPorts, nodePortRange);
    }

    public EngineOptions withNamedPorts(Map<String, Integer> ports) {
        return new EngineOptions(version, clusterName, policyDefaultLocalCluster, cidrMatchNodes, hostFirewall,
                enablePolicy, allowLocalhost, enableNonDefaultDenyPolicies, ports, nodePortRange);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineOptions e && e.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "cilium-version=" + version + ", cluster-name=" + clusterName + ", policy-default-local-cluster="
                + localClusterFilter() + ", policy-cidr-match-mode=" + (cidrMatchNodes ? "nodes" : "")
                + ", host-firewall=" + hostFirewall + ", enable-policy=" + enablePolicy.name().toLowerCase(java.util.Locale.ROOT)
                + ", allow-localhost=" + allowLocalhost + ", enable-non-default-deny-policies="
                + enableNonDefaultDenyPolicies + ", named-ports=" + new java.util.TreeMap<>(namedPorts)
                + ", node-port-range=" + nodePortRange[0] + "-" + nodePortRange[1];
    }
}
