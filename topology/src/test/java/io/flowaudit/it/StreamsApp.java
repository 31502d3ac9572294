package io.flowaudit.it;

import io.flowaudit.streams.FlowauditMetrics;
import io.flowaudit.streams.FlowauditTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flowaudit topology ({@link FlowauditTopology#build}, the production factory) running in a real
 * {@link KafkaStreams} in this JVM, with its own application id and state directory.
 */
final class StreamsApp implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(StreamsApp.class);

    private final KafkaStreams streams;
    private final String applicationId;
    private final Path stateDir;
    private final FlowauditMetrics metrics = new FlowauditMetrics();
    private volatile Throwable failure;

    private StreamsApp(String bootstrapServers, String applicationId, Path stateDir,
                       FlowauditTopology.TopicNames topics, Map<String, Object> overrides) {
        this.applicationId = applicationId;
        this.stateDir = stateDir;
        Map<String, Object> conf = new HashMap<>();
        conf.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        conf.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        conf.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        conf.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        conf.put("processing.exception.handler.global.enabled", "true"); // as `flowaudit run` sets it
        // short commit interval and linger: results show up quickly, the test stays short
        conf.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        conf.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        conf.putAll(overrides);
        Topology topology = FlowauditTopology.build(new StreamsBuilder(), conf, topics,
                FlowauditTopology.SerdeFactory.of(conf), metrics);
        Properties props = new Properties();
        props.putAll(conf);
        this.streams = new KafkaStreams(topology, props);
        streams.setUncaughtExceptionHandler(e -> {
            LOGGER.error("{}: stream thread failed", applicationId, e);
            failure = e;
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
    }

    /**
     * Starts the application and waits (at most 60 s) until it is RUNNING.
     *
     * @param name a name for the application id and state directory, unique per test
     */
    static StreamsApp start(EmbeddedBrokerExtension kafka, String name, FlowauditTopology.TopicNames topics,
                            Map<String, Object> overrides) {
        String id = name + "-" + Long.toHexString(System.nanoTime());
        StreamsApp app = new StreamsApp(kafka.bootstrapServers(), id, ItDirs.forTest("streams", name), topics,
                overrides);
        long start = System.nanoTime();
        app.streams.start();
        try {
            ItClients.await(id + " to be RUNNING", Duration.ofSeconds(60),
                    () -> app.streams.state() == KafkaStreams.State.RUNNING || app.failure != null
                            || app.streams.state() == KafkaStreams.State.ERROR,
                    () -> "state " + app.streams.state());
            if (app.streams.state() != KafkaStreams.State.RUNNING) {
                throw new AssertionError(id + " did not start: state " + app.streams.state(), app.failure);
            }
        } catch (RuntimeException | Error e) {
            app.close();
            throw e;
        }
        LOGGER.info("{} running after {} ms", id, (System.nanoTime() - start) / 1_000_000);
        return app;
    }

    String applicationId() {
        return applicationId;
    }

    KafkaStreams streams() {
        return streams;
    }

    FlowauditMetrics metrics() {
        return metrics;
    }

    /** Fails when a stream thread died or the application left RUNNING. */
    void assertHealthy() {
        if (failure != null || streams.state() != KafkaStreams.State.RUNNING) {
            throw new AssertionError(applicationId + " is " + streams.state(), failure);
        }
    }

    @Override
    public void close() {
        if (!streams.close(Duration.ofSeconds(30))) {
            LOGGER.warn("{} did not close within 30 s", applicationId);
        }
        streams.cleanUp();
        LOGGER.debug("{} closed; state dir {}", applicationId, stateDir);
    }
}
