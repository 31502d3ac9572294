package io.flowaudit.connect.hubble;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import io.flowaudit.connect.common.Version;

/**
 * Kafka Connect source of Hubble flows: streams {@code observer.Observer/GetFlows} from Hubble Relay or agents
 * ({@code hubble.mode=grpc}), or tails Hubble exporter files ({@code hubble.mode=file}), and writes each flow as
 * an Avro {@code Flow} keyed by the observing node to {@code flowaudit.flows}. Resumes from source offsets (the
 * last flow time per target; file and byte position per file). Configuration: {@link HubbleSourceConnectorConfig}.
 *
 * <p>The targets or files are shared out among at most {@code tasks.max} tasks, one stream or file belonging to
 * one task.
 */
public class HubbleSourceConnector extends SourceConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HubbleSourceConnectorConfig.requireComplete(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HubbleSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        HubbleSourceConnectorConfig config = new HubbleSourceConnectorConfig(props);
        String key = config.isGrpc() ? HubbleSourceConnectorConfig.GRPC_TARGETS_CONFIG
                : HubbleSourceConnectorConfig.FILE_PATHS_CONFIG;
        List<String> items = config.isGrpc() ? config.grpcTargets() : config.filePaths();
        int tasks = Math.max(1, Math.min(maxTasks, items.size()));
        List<List<String>> shares = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < items.size(); i++) {
            shares.get(i % tasks).add(items.get(i));
        }
        List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (List<String> share : shares) {
            Map<String, String> task = new HashMap<>(props);
            task.put(key, String.join(",", share));
            configs.add(Map.copyOf(task));
        }
        return List.copyOf(configs);
    }

    @Override
    public void stop() {
        // nothing held: the tasks own the streams and files
    }

    @Override
    public ConfigDef config() {
        return HubbleSourceConnectorConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, List<String>> problems = HubbleSourceConnectorConfig.problems(connectorConfigs);
        for (ConfigValue value : config.configValues()) {
            problems.getOrDefault(value.name(), List.of()).forEach(value::addErrorMessage);
        }
        return config;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        // A file resumes at the exact byte after the last committed line. A gRPC stream resumes at the last
        // committed flow's time, but Relay merges nodes only nearly in time order, so it is not exact.
        boolean file = HubbleSourceConnectorConfig.MODE_FILE.equalsIgnoreCase(
                connectorConfig.getOrDefault(HubbleSourceConnectorConfig.MODE_CONFIG, ""));
        return file ? ExactlyOnceSupport.SUPPORTED : ExactlyOnceSupport.UNSUPPORTED;
    }
}
