package io.flowaudit.connect.policy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.flowaudit.connect.common.Version;

/** Publishes the policy objects of a directory or a cluster; see {@link PolicySourceConnector}. */
public class PolicySourceTask extends SourceTask {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicySourceTask.class);

    private volatile PolicySource source;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        PolicySourceConnectorConfig.requireComplete(props);
        PolicySourceConnectorConfig config = new PolicySourceConnectorConfig(props);
        var offsets = context == null ? null : context.offsetStorageReader();
        source = config.isDirectory() ? new DirectoryPolicySource(config, offsets)
                : new KubernetesPolicySource(config, offsets);
        LOGGER.info("policy source task started: {} -> {}", config.isDirectory()
                ? config.getString(PolicySourceConnectorConfig.DIRECTORY_PATH_CONFIG) : "Kubernetes API",
                config.topic());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        PolicySource current = source;
        return current == null ? null : current.poll();
    }

    @Override
    public void stop() {
        PolicySource current = source;
        if (current != null) {
            current.close();
        }
    }
}
