package io.flowaudit.streams;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.EngineOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * flowaudit's own settings for the streaming application. Every other key (Kafka clients, Streams, serdes,
 * schema registry, TLS/SASL) passes through unchanged. {@link #main} prints the documentation table.
 */
public final class FlowauditConfig extends AbstractConfig {
    public static final String CILIUM_VERSION_CONFIG = "flowaudit.cilium.version";
    public static final String CILIUM_VERSION_DOC = "Cilium release whose policy semantics apply: 1.17, 1.18, 1.19 or 1.20.";
    public static final String CLUSTER_NAME_CONFIG = "flowaudit.cluster.name";
    public static final String CLUSTER_NAME_DOC = "The local cluster name (the agent's cluster-name).";
    public static final String LOCAL_CLUSTER_CONFIG = "flowaudit.policy.default.local.cluster";
    public static final String LOCAL_CLUSTER_DOC = "Restrict endpoint selectors to the local cluster: true, false, or empty"
            + " for the version's default (on from 1.19).";
    public static final String CIDR_MATCH_MODE_CONFIG = "flowaudit.policy.cidr.match.mode";
    public static final String CIDR_MATCH_MODE_DOC = "Empty, or 'nodes' to let CIDR rules match node addresses.";
    public static final String HOST_FIREWALL_CONFIG = "flowaudit.host.firewall";
    public static final String HOST_FIREWALL_DOC = "Enforce nodeSelector (host) policies.";
    public static final String ENABLE_POLICY_CONFIG = "flowaudit.enable.policy";
    public static final String ENABLE_POLICY_DOC = "Policy enforcement mode: default, always or never.";
    public static final String ALLOW_LOCALHOST_CONFIG = "flowaudit.allow.localhost";
    public static final String ALLOW_LOCALHOST_DOC = "Let the local node reach its pods whose ingress is default deny.";
    public static final String NON_DEFAULT_DENY_CONFIG = "flowaudit.enable.non.default.deny.policies";
    public static final String NON_DEFAULT_DENY_DOC = "Honour enableDefaultDeny: false.";
    public static final String NAMED_PORTS_CONFIG = "flowaudit.named.ports";
    public static final String NAMED_PORTS_DOC = "Named ports as name=port pairs; unlisted names match nothing.";
    public static final String DNS_MIN_TTL_CONFIG = "flowaudit.dns.min.ttl.seconds";
    public static final String DNS_MIN_TTL_DOC = "Minimum lifetime of an address learned from a DNS answer (tofqdns-min-ttl).";
    public static final String ALERT_WINDOW_CONFIG = "flowaudit.alert.window.ms";
    public static final String ALERT_WINDOW_DOC = "Flow-derived alerts (missing DNS rule, refused names, drift) are emitted"
            + " once per key and window of flow time.";
    public static final String POLICY_CHECK_INTERVAL_CONFIG = "flowaudit.policy.check.interval.ms";
    public static final String POLICY_CHECK_INTERVAL_DOC = "How often a task looks for policy changes when no flow arrives.";
    public static final String FLOWS_TOPIC_CONFIG = "flowaudit.topic.flows";
    public static final String FLOWS_TOPIC_DOC = "Input topic of flow records (Avro Flow, or Hubble JSON lines).";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(CILIUM_VERSION_CONFIG, Type.STRING, "1.19", ConfigDef.ValidString.in("1.17", "1.18", "1.19", "1.20"),
                    Importance.HIGH, CILIUM_VERSION_DOC)
            .define(CLUSTER_NAME_CONFIG, Type.STRING, "default", Importance.HIGH, CLUSTER_NAME_DOC)
            .define(LOCAL_CLUSTER_CONFIG, Type.STRING, "", ConfigDef.ValidString.in("", "true", "false"), Importance.MEDIUM,
                    LOCAL_CLUSTER_DOC)
            .define(CIDR_MATCH_MODE_CONFIG, Type.STRING, "", ConfigDef.ValidString.in("", "nodes"), Importance.LOW,
                    CIDR_MATCH_MODE_DOC)
            .define(HOST_FIREWALL_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, HOST_FIREWALL_DOC)
            .define(ENABLE_POLICY_CONFIG, Type.STRING, "default", ConfigDef.ValidString.in("default", "always", "never"),
                    Importance.MEDIUM, ENABLE_POLICY_DOC)
            .define(ALLOW_LOCALHOST_CONFIG, Type.BOOLEAN, true, Importance.LOW, ALLOW_LOCALHOST_DOC)
            .define(NON_DEFAULT_DENY_CONFIG, Type.BOOLEAN, true, Importance.LOW, NON_DEFAULT_DENY_DOC)
            .define(NAMED_PORTS_CONFIG, Type.LIST, "", Importance.LOW, NAMED_PORTS_DOC)
            .define(DNS_MIN_TTL_CONFIG, Type.LONG, 0L, ConfigDef.Range.atLeast(0), Importance.LOW, DNS_MIN_TTL_DOC)
            .define(ALERT_WINDOW_CONFIG, Type.LONG, 3_600_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM, ALERT_WINDOW_DOC)
            .define(POLICY_CHECK_INTERVAL_CONFIG, Type.LONG, 200L, ConfigDef.Range.atLeast(10), Importance.LOW,
                    POLICY_CHECK_INTERVAL_DOC)
            .define(FLOWS_TOPIC_CONFIG, Type.STRING, "flowaudit.flows", Importance.LOW, FLOWS_TOPIC_DOC);

    private final String applicationId;

    public FlowauditConfig(Map<?, ?> props) {
        super(CONFIG, props, false);
        Object app = props.get("application.id");
        this.applicationId = app == null ? "flowaudit" : app.toString();
    }

    public EngineOptions engineOptions() {
        String local = getString(LOCAL_CLUSTER_CONFIG);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String p : getList(NAMED_PORTS_CONFIG)) {
            int eq = p.indexOf('=');
            try {
                ports.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), Integer.parseInt(p.substring(eq + 1).trim()));
            } catch (RuntimeException e) {
                throw new ConfigException(NAMED_PORTS_CONFIG, p, "expected name=port, e.g. http=8080");
            }
        }
        return EngineOptions.defaults()
                .withVersion(CiliumVersion.parse(getString(CILIUM_VERSION_CONFIG)).orElseThrow())
                .withClusterName(getString(CLUSTER_NAME_CONFIG))
                .withPolicyDefaultLocalCluster(local.isEmpty() ? null : Boolean.valueOf(local))
                .withCidrMatchNodes(getString(CIDR_MATCH_MODE_CONFIG).equals("nodes"))
                .withHostFirewall(getBoolean(HOST_FIREWALL_CONFIG))
                .withEnablePolicy(EngineOptions.EnforcementMode.valueOf(getString(ENABLE_POLICY_CONFIG).toUpperCase(Locale.ROOT)))
                .withAllowLocalhost(getBoolean(ALLOW_LOCALHOST_CONFIG))
                .withEnableNonDefaultDenyPolicies(getBoolean(NON_DEFAULT_DENY_CONFIG))
                .withNamedPorts(ports);
    }

    long dnsMinTtlSeconds() {
        return getLong(DNS_MIN_TTL_CONFIG);
    }

    long alertWindowMs() {
        return getLong(ALERT_WINDOW_CONFIG);
    }

    long policyCheckIntervalMs() {
        return getLong(POLICY_CHECK_INTERVAL_CONFIG);
    }

    String flowsTopic() {
        return getString(FLOWS_TOPIC_CONFIG);
    }

    String applicationId() {
        return applicationId;
    }

    /** The documentation of every key: name, type, default, valid values, doc. */
    public static List<ConfigDef.ConfigKey> keys() {
        return List.copyOf(CONFIG.configKeys().values());
    }

    /** Prints the configuration table as Markdown (the README's table is generated from this). */
    public static void main(String[] args) {
        System.out.println("| key | type | default | valid values | description |");
        System.out.println("|---|---|---|---|---|");
        for (ConfigDef.ConfigKey k : keys()) {
            System.out.println("| `" + k.name + "` | " + k.type.name().toLowerCase(Locale.ROOT) + " | `"
                    + (k.defaultValue == null ? "" : k.defaultValue) + "` | " + (k.validator == null ? "" : k.validator)
                    + " | " + k.documentation + " |");
        }
    }
}
