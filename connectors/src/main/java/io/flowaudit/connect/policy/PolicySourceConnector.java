package io.flowaudit.connect.policy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import io.flowaudit.connect.common.Version;

/**
 * Kafka Connect source of network policies: publishes CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy and
 * NetworkPolicy objects as Avro {@code PolicyDocument} records to the compacted {@code flowaudit.policies} topic,
 * keyed {@code Kind/namespace/name}, with a tombstone when an object is deleted. The objects come from a
 * directory ({@code policy.source=directory}, a git checkout, scanned for changes) or from the Kubernetes API
 * ({@code policy.source=kubernetes}, listed and watched, resuming from the resourceVersion). One task: the
 * volume is small and one writer keeps each key's history in order. Configuration:
 * {@link PolicySourceConnectorConfig}.
 */
public class PolicySourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        PolicySourceConnectorConfig.requireComplete(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PolicySourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
        // nothing held: the task owns the directory scan or the watches
    }

    @Override
    public ConfigDef config() {
        return PolicySourceConnectorConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, List<String>> problems = PolicySourceConnectorConfig.problems(connectorConfigs);
        for (ConfigValue value : config.configValues()) {
            problems.getOrDefault(value.name(), List.of()).forEach(value::addErrorMessage);
        }
        return config;
    }
}
