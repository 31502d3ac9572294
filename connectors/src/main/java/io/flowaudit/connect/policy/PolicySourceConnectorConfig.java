package io.flowaudit.connect.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import io.flowaudit.connect.common.Validators;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.serde.SerdeConfig;

/**
 * Configuration of the policy source connector. Every key has a type, default, validator and doc;
 * {@link #problems(Map)} adds the checks that span keys, all reported at once. The serde keys of
 * {@link SerdeConfig} ({@code schema.registry.url}, ...) choose the value encoding.
 */
public final class PolicySourceConnectorConfig extends AbstractConfig {
    public static final String SOURCE_DIRECTORY = "directory";
    public static final String SOURCE_KUBERNETES = "kubernetes";

    private static final String GROUP_COMMON = "Policy source";
    private static final String GROUP_DIRECTORY = "Policy directory";
    private static final String GROUP_K8S = "Kubernetes API";

    public static final String SOURCE_CONFIG = "policy.source";
    public static final String SOURCE_DOC = "Where the policies come from: 'directory' scans a directory (a git"
            + " checkout of the policy repository) for changes; 'kubernetes' lists and watches the policy objects"
            + " of a cluster through its API.";
    public static final String TOPIC_CONFIG = "topic";
    public static final String TOPIC_DOC = "Compacted topic the PolicyDocument records go to, keyed"
            + " Kind/namespace/name (Kind/name for cluster-wide policies); a deleted object becomes a tombstone."
            + " Values are encoded bytes: run the connector with"
            + " value.converter=org.apache.kafka.connect.converters.ByteArrayConverter and"
            + " key.converter=org.apache.kafka.connect.storage.StringConverter. Use flowaudit.policies.candidate"
            + " to stage a what-if set.";
    public static final String KINDS_CONFIG = "policy.kinds";
    public static final String KINDS_DOC = "Kinds to publish: any of CiliumNetworkPolicy,"
            + " CiliumClusterwideNetworkPolicy, NetworkPolicy (networking.k8s.io/v1).";
    public static final String POLL_TIMEOUT_MS_CONFIG = "poll.timeout.ms";
    public static final String POLL_TIMEOUT_MS_DOC = "How long a poll waits for changes before returning none, in"
            + " milliseconds.";

    public static final String DIRECTORY_PATH_CONFIG = "directory.path";
    public static final String DIRECTORY_PATH_DOC = "The policy directory, searched recursively for the"
            + " extensions below; hidden files and directories (.git) are skipped. A file may hold several YAML"
            + " documents and List objects. A file that cannot be parsed keeps its objects as last published (no"
            + " tombstones are sent while any file is broken), and the problem is logged.";
    public static final String DIRECTORY_INTERVAL_MS_CONFIG = "directory.scan.interval.ms";
    public static final String DIRECTORY_INTERVAL_MS_DOC = "Time between scans of the directory, in milliseconds.";
    public static final String DIRECTORY_EXTENSIONS_CONFIG = "directory.extensions";
    public static final String DIRECTORY_EXTENSIONS_DOC = "File name extensions read, without the dot.";

    public static final String K8S_MASTER_URL_CONFIG = "k8s.master.url";
    public static final String K8S_MASTER_URL_DOC = "API server URL; empty: from the kubeconfig, or in-cluster"
            + " settings when the worker runs in a pod.";
    public static final String K8S_KUBECONFIG_CONFIG = "k8s.kubeconfig";
    public static final String K8S_KUBECONFIG_DOC = "Kubeconfig file; empty: $KUBECONFIG, ~/.kube/config or the"
            + " pod's service account.";
    public static final String K8S_CONTEXT_CONFIG = "k8s.context";
    public static final String K8S_CONTEXT_DOC = "Kubeconfig context; empty: the current context.";
    public static final String K8S_TOKEN_CONFIG = "k8s.oauth.token";
    public static final String K8S_TOKEN_DOC = "Bearer token; empty: the kubeconfig's or service account's"
            + " credentials. It needs list and watch on the configured kinds.";
    public static final String K8S_TRUST_CERTS_CONFIG = "k8s.trust.certs";
    public static final String K8S_TRUST_CERTS_DOC = "Accept any API server certificate (tests only).";
    public static final String K8S_NAMESPACE_CONFIG = "k8s.namespace";
    public static final String K8S_NAMESPACE_DOC = "Only this namespace's namespaced policies; empty: all"
            + " namespaces. Cluster-wide policies are always read.";
    public static final String K8S_PAGE_SIZE_CONFIG = "k8s.list.page.size";
    public static final String K8S_PAGE_SIZE_DOC = "Objects per page when listing.";
    public static final String K8S_BACKOFF_MAX_MS_CONFIG = "k8s.retry.backoff.max.ms";
    public static final String K8S_BACKOFF_MAX_MS_DOC = "Longest wait between attempts to list or watch again after"
            + " a failure, in milliseconds (the first wait is 500 ms, doubling).";

    private static final Set<String> KIND_NAMES = Set.of(PolicyKind.CiliumNetworkPolicy.name(),
            PolicyKind.CiliumClusterwideNetworkPolicy.name(), PolicyKind.NetworkPolicy.name());

    private static final ConfigDef CONFIG = configDef();

    /**
     * @param originals the connector or task properties
     * @throws ConfigException when a value is invalid
     */
    public PolicySourceConnectorConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    /** Every key, with the serde keys of {@link SerdeConfig}. */
    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef(SerdeConfig.configDef());
        int order = 0;
        def.define(SOURCE_CONFIG, Type.STRING, SOURCE_DIRECTORY, Validators.oneOf(SOURCE_DIRECTORY, SOURCE_KUBERNETES),
                        Importance.HIGH, SOURCE_DOC, GROUP_COMMON, ++order, Width.SHORT, "Source")
                .define(TOPIC_CONFIG, Type.STRING, Topics.POLICIES, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        TOPIC_DOC, GROUP_COMMON, ++order, Width.MEDIUM, "Topic")
                .define(KINDS_CONFIG, Type.LIST, List.copyOf(new java.util.TreeSet<>(KIND_NAMES)),
                        Validators.elementsIn(KIND_NAMES), Importance.MEDIUM, KINDS_DOC, GROUP_COMMON, ++order,
                        Width.LONG, "Kinds")
                .define(POLL_TIMEOUT_MS_CONFIG, Type.INT, 500, Range.between(1, 60_000), Importance.LOW,
                        POLL_TIMEOUT_MS_DOC, GROUP_COMMON, ++order, Width.SHORT, "Poll timeout (ms)");
        order = 0;
        def.define(DIRECTORY_PATH_CONFIG, Type.STRING, "", Validators.readableDirectory(), Importance.HIGH,
                        DIRECTORY_PATH_DOC, GROUP_DIRECTORY, ++order, Width.LONG, "Directory")
                .define(DIRECTORY_INTERVAL_MS_CONFIG, Type.LONG, 10_000L, Range.between(10, 86_400_000),
                        Importance.MEDIUM, DIRECTORY_INTERVAL_MS_DOC, GROUP_DIRECTORY, ++order, Width.SHORT,
                        "Scan interval (ms)")
                .define(DIRECTORY_EXTENSIONS_CONFIG, Type.LIST, List.of("yaml", "yml", "json"),
                        Validators.nonBlankElements(), Importance.LOW, DIRECTORY_EXTENSIONS_DOC, GROUP_DIRECTORY,
                        ++order, Width.SHORT, "Extensions");
        order = 0;
        def.define(K8S_MASTER_URL_CONFIG, Type.STRING, "", Importance.HIGH, K8S_MASTER_URL_DOC, GROUP_K8S, ++order,
                        Width.LONG, "API server")
                .define(K8S_KUBECONFIG_CONFIG, Type.STRING, "", Validators.readableFile(), Importance.MEDIUM,
                        K8S_KUBECONFIG_DOC, GROUP_K8S, ++order, Width.LONG, "Kubeconfig")
                .define(K8S_CONTEXT_CONFIG, Type.STRING, "", Importance.LOW, K8S_CONTEXT_DOC, GROUP_K8S, ++order,
                        Width.MEDIUM, "Context")
                .define(K8S_TOKEN_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, K8S_TOKEN_DOC, GROUP_K8S, ++order,
                        Width.LONG, "Token")
                .define(K8S_TRUST_CERTS_CONFIG, Type.BOOLEAN, false, Importance.LOW, K8S_TRUST_CERTS_DOC, GROUP_K8S,
                        ++order, Width.SHORT, "Trust any certificate")
                .define(K8S_NAMESPACE_CONFIG, Type.STRING, "", Importance.MEDIUM, K8S_NAMESPACE_DOC, GROUP_K8S,
                        ++order, Width.MEDIUM, "Namespace")
                .define(K8S_PAGE_SIZE_CONFIG, Type.INT, 500, Range.between(1, 100_000), Importance.LOW,
                        K8S_PAGE_SIZE_DOC, GROUP_K8S, ++order, Width.SHORT, "List page size")
                .define(K8S_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.between(500, 3_600_000),
                        Importance.LOW, K8S_BACKOFF_MAX_MS_DOC, GROUP_K8S, ++order, Width.SHORT,
                        "Retry backoff, max (ms)");
        return def;
    }

    /** Problems no single key's validator can see, as {@code key -> messages}. */
    public static Map<String, List<String>> problems(Map<String, String> props) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        // keys with invalid values are left to their own validators: check the rest with those at their defaults
        Map<String, String> usable = new java.util.HashMap<>(props);
        for (org.apache.kafka.common.config.ConfigValue value : CONFIG.validate(props)) {
            if (!value.errorMessages().isEmpty()) {
                usable.remove(value.name());
            }
        }
        PolicySourceConnectorConfig config = new PolicySourceConnectorConfig(usable);
        if (config.kinds().isEmpty()) {
            problems.computeIfAbsent(KINDS_CONFIG, k -> new ArrayList<>()).add("name at least one kind");
        }
        if (config.isDirectory() && config.getString(DIRECTORY_PATH_CONFIG).isBlank()) {
            problems.computeIfAbsent(DIRECTORY_PATH_CONFIG, k -> new ArrayList<>())
                    .add("the directory source needs a directory");
        }
        return problems;
    }

    /** Throws one {@link ConfigException} listing every problem of {@link #problems(Map)}, if any. */
    public static void requireComplete(Map<String, String> props) {
        Map<String, List<String>> problems = problems(props);
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            problems.forEach((key, messages) -> messages.forEach(m -> lines.add(key + ": " + m)));
            throw new ConfigException("Invalid policy source configuration: " + String.join("; ", lines));
        }
    }

    public boolean isDirectory() {
        return SOURCE_DIRECTORY.equals(getString(SOURCE_CONFIG).toLowerCase(Locale.ROOT));
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public Set<PolicyKind> kinds() {
        Set<PolicyKind> kinds = EnumSet.noneOf(PolicyKind.class);
        for (String kind : getList(KINDS_CONFIG)) {
            kinds.add(PolicyKind.valueOf(kind));
        }
        return kinds;
    }

    /** Prints the configuration table (HTML) for the docs. */
    public static void main(String[] args) {
        System.out.println(CONFIG.toHtml());
    }
}
