package io.flowaudit.cli;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.EngineOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The Cilium agent settings that change verdicts, shared by every command that judges flows. */
public final class EngineOptionsMixin {
    @Option(names = "--cilium-version", paramLabel = "VERSION", defaultValue = "1.19",
            description = "Cilium release whose semantics to apply: 1.17, 1.18, 1.19 or 1.20 (default: ${DEFAULT-VALUE}).")
    String ciliumVersion;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "default",
            description = "Local cluster name, as the agent's cluster-name (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--policy-default-local-cluster", paramLabel = "BOOL", arity = "1",
            description = "Restrict endpoint selectors to the local cluster (agent option; default: true from 1.19,"
                    + " false before).")
    Boolean policyDefaultLocalCluster;

    @Option(names = "--policy-cidr-match-mode", paramLabel = "MODE", defaultValue = "",
            description = "Empty (default) or 'nodes': let CIDR rules match node addresses too.")
    String cidrMatchMode;

    @Option(names = "--host-firewall", description = "Enforce nodeSelector (host) policies, as the agent's"
            + " enable-host-firewall (default: off).")
    boolean hostFirewall;

    @Option(names = "--enable-policy", paramLabel = "MODE", defaultValue = "default",
            description = "Policy enforcement mode: default, always or never (default: ${DEFAULT-VALUE}).")
    EngineOptions.EnforcementMode enablePolicy;

    @Option(names = "--allow-localhost", paramLabel = "BOOL", arity = "1", defaultValue = "true",
            description = "Let the local node reach its pods when their ingress is default deny (default: ${DEFAULT-VALUE}).")
    boolean allowLocalhost;

    @Option(names = "--enable-non-default-deny-policies", paramLabel = "BOOL", arity = "1", defaultValue = "true",
            description = "Honour enableDefaultDeny: false (default: ${DEFAULT-VALUE}).")
    boolean enableNonDefaultDenyPolicies;

    @Option(names = "--named-port", paramLabel = "NAME=PORT",
            description = "Resolve a named port (container port name) to a number; repeatable. Named ports not"
                    + " listed match nothing, as in Cilium when no pod declares them.")
    List<String> namedPorts = List.of();

    EngineOptions toOptions(CommandLine cl) {
        CiliumVersion v = CiliumVersion.parse(ciliumVersion).orElseThrow(() -> new CommandLine.ParameterException(cl,
                "--cilium-version: '" + ciliumVersion + "' is not supported; use 1.17, 1.18, 1.19 or 1.20"));
        if (!cidrMatchMode.isEmpty() && !cidrMatchMode.equals("nodes")) {
            throw new CommandLine.ParameterException(cl, "--policy-cidr-match-mode: '" + cidrMatchMode
                    + "' is not a mode; use 'nodes' or leave it empty");
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String np : namedPorts) {
            int eq = np.indexOf('=');
            try {
                int port = Integer.parseInt(np.substring(eq + 1));
                if (eq <= 0 || port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                ports.put(np.substring(0, eq).toLowerCase(java.util.Locale.ROOT), port);
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(cl, "--named-port: '" + np
                        + "' is not NAME=PORT with PORT from 1 to 65535 (example: --named-port http=8080)");
            }
        }
        return EngineOptions.defaults().withVersion(v).withClusterName(clusterName)
                .withPolicyDefaultLocalCluster(policyDefaultLocalCluster).withCidrMatchNodes(!cidrMatchMode.isEmpty())
                .withHostFirewall(hostFirewall).withEnablePolicy(enablePolicy).withAllowLocalhost(allowLocalhost)
                .withEnableNonDefaultDenyPolicies(enableNonDefaultDenyPolicies).withNamedPorts(ports);
    }
}
