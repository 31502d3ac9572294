package io.flowaudit.connect.siem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import io.flowaudit.connect.common.Version;

/**
 * Kafka Connect sink that writes flowaudit's alerts and denials to a SIEM: CEF over syslog (TCP or TLS), or ECS
 * or OCSF JSON over HTTP(S) to an Elasticsearch bulk or Splunk HEC endpoint. See {@link SiemSinkConnectorConfig}
 * for the settings and {@code connectors/SIEM.md} for the field mappings.
 *
 * <pre>
 * connector.class=io.flowaudit.connect.siem.SiemSinkConnector
 * topics=flowaudit.alerts,flowaudit.denials
 * key.converter=org.apache.kafka.connect.storage.StringConverter
 * value.converter=io.flowaudit.connect.siem.FlowauditAvroConverter
 * siem.format=cef
 * siem.transport=syslog-tcp
 * siem.syslog.host=siem.example
 * siem.syslog.port=514
 * </pre>
 */
public class SiemSinkConnector extends SinkConnector {

    private Map<String, String> props = Map.of();

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        SiemSinkConnectorConfig.validated(this.props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SiemSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return Collections.unmodifiableList(configs);
    }

    @Override
    public void stop() {
        // nothing held: the tasks own the connections
    }

    @Override
    public ConfigDef config() {
        return SiemSinkConnectorConfig.CONFIG_DEF;
    }

    /** Adds the cross-key problems to the per-key ones, each to the setting it names, for Connect's REST API. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean singleKeyProblems = config.configValues().stream().anyMatch(value -> !value.errorMessages()
                .isEmpty());
        if (singleKeyProblems) {
            return config;
        }
        Map<String, String> problems = new SiemSinkConnectorConfig(connectorConfigs).problems();
        for (ConfigValue value : config.configValues()) {
            String problem = problems.get(value.name());
            if (problem != null) {
                value.addErrorMessage(problem);
            }
        }
        return config;
    }
}
