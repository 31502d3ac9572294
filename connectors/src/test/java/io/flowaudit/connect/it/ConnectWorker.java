package io.flowaudit.connect.it;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.RestartRequest;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * A real Connect standalone worker in this JVM, built by Kafka's own {@link ConnectStandalone} (the code path of
 * {@code connect-standalone.sh}), its REST server on loopback and its offsets in a file. The plugins are found on
 * the class path through their {@code META-INF/services} entries.
 */
public final class ConnectWorker implements AutoCloseable {
    private final Connect<StandaloneHerder> connect;

    private ConnectWorker(Connect<StandaloneHerder> connect) {
        this.connect = connect;
    }

    /**
     * @param bootstrapServers the broker
     * @param offsetsFile where the worker keeps source offsets
     */
    public static ConnectWorker start(String bootstrapServers, Path offsetsFile) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("offset.storage.file.filename", offsetsFile.toString());
        props.put("offset.flush.interval.ms", "500");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.discovery", "service_load");
        // what the ops worker configs set for flow records: big batches, small per-record overhead
        props.put("producer.batch.size", "262144");
        props.put("producer.linger.ms", "20");
        props.put("producer.compression.type", "lz4");
        return new ConnectWorker(new ConnectStandalone().startConnect(props));
    }

    /** Creates (or replaces) a connector and waits until the worker accepted it. */
    public void put(String name, Map<String, String> config) throws Exception {
        Map<String, String> full = new HashMap<>(config);
        full.put("name", name);
        FutureCallback<org.apache.kafka.connect.runtime.Herder.Created<
                org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo>> done = new FutureCallback<>();
        connect.herder().putConnectorConfig(name, full, true, done);
        done.get(30, TimeUnit.SECONDS);
    }

    /** Restarts a connector and its tasks, as {@code POST /connectors/<name>/restart?includeTasks=true}. */
    public void restart(String name) throws Exception {
        FutureCallback<ConnectorStateInfo> done = new FutureCallback<>();
        connect.herder().restartConnectorAndTasks(new RestartRequest(name, false, true), done);
        done.get(30, TimeUnit.SECONDS);
    }

    /** The state of a connector's tasks, e.g. {@code [RUNNING]}. */
    public String taskStates(String name) {
        return connect.herder().connectorStatus(name).tasks().stream().map(ConnectorStateInfo.TaskState::state)
                .toList().toString();
    }

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
