package io.flowaudit.cli;

import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.serde.SerdeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The Kafka connection options of {@code produce} and {@code consume}: the same {@code --config} file and
 * {@code --set} pairs as {@code run} (TLS, SASL, {@code schema.registry.url}), so one file serves every command.
 * Secrets are never printed.
 */
public final class KafkaClientOptions {
    /** Keys only Kafka Streams understands; a plain client would warn about each one. */
    private static final Set<String> STREAMS_ONLY_KEYS = streamsOnlyKeys();
    private static final List<String> NON_CLIENT_PREFIXES = List.of("flowaudit.", "producer.", "consumer.", "admin.",
            "main.consumer.", "restore.consumer.", "global.consumer.", "topic.");

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
            description = "Kafka cluster to connect to (or bootstrap.servers in --config).")
    String bootstrapServers;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file as for 'run': Kafka client keys (TLS, SASL, ...) and schema.registry.url.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One property; repeatable; wins over --config.")
    List<String> sets = new ArrayList<>();

    /**
     * The effective properties: {@code --config}, then {@code --set}, then {@code --bootstrap-servers}.
     *
     * @param what what the command does with the cluster, for the message when no cluster is named
     * @throws CommandLine.ParameterException when the file cannot be read, a pair is malformed or no cluster is named
     */
    Properties load(CommandLine cl, String what) {
        Properties p = KafkaSettings.load(cl, config, sets);
        if (bootstrapServers != null) {
            p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        String bootstrap = p.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new CommandLine.ParameterException(cl, "Missing --bootstrap-servers: name the Kafka cluster to "
                    + what + ", e.g. --bootstrap-servers localhost:9092 (or set bootstrap.servers in --config)."
                    + " 'flowaudit run' without --bootstrap-servers starts an embedded broker and prints its address.");
        }
        return p;
    }

    /** The serdes chosen by the properties ({@code schema.registry.url} or the embedded encoding). */
    static Topics topics(CommandLine cl, Properties props) {
        try {
            return Topics.of(asMap(props));
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /**
     * The properties a plain Kafka client understands: without flowaudit's own keys, Streams-only keys, prefixed
     * per-client Streams overrides and serde (registry) keys, which a producer or consumer would log as unknown.
     */
    static Map<String, Object> clientConfig(Properties props) {
        Set<String> serdeKeys = SerdeConfig.configDef().names();
        Map<String, Object> m = new HashMap<>();
        for (String k : props.stringPropertyNames()) {
            if (NON_CLIENT_PREFIXES.stream().noneMatch(k::startsWith) && !STREAMS_ONLY_KEYS.contains(k)
                    && !serdeKeys.contains(k)) {
                m.put(k, props.getProperty(k));
            }
        }
        return m;
    }

    static Map<String, Object> asMap(Properties props) {
        Map<String, Object> m = new HashMap<>();
        props.forEach((k, v) -> m.put(String.valueOf(k), v));
        return m;
    }

    private static Set<String> streamsOnlyKeys() {
        Set<String> keys = new HashSet<>(StreamsConfig.configDef().names());
        keys.removeAll(ConsumerConfig.configNames());
        keys.removeAll(ProducerConfig.configNames());
        keys.removeAll(AdminClientConfig.configNames());
        return Set.copyOf(keys);
    }
}
