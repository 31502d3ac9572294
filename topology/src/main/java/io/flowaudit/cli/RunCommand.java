package io.flowaudit.cli;

import io.flowaudit.broker.EmbeddedKafkaBroker;
import io.flowaudit.flow.Flow;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.schemas.Topic;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.streams.AvroFlows;
import io.flowaudit.streams.FlowauditMetrics;
import io.flowaudit.streams.FlowauditTopology;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flowaudit run}: the streaming application, against a cluster or an embedded single-node broker. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the flowaudit Kafka Streams application: flows from " + Topics.FLOWS + " are judged against"
                + " the policies on " + Topics.POLICIES + "; verdicts, denials, alerts and dead letters go to their topics.",
                "Without --bootstrap-servers an embedded single-node Kafka broker (KRaft) starts in this process.",
                "With --policies and --flows the files are loaded onto the topics and the verdicts are printed as JSON"
                        + " lines (the replay format); without --follow it exits once every flow has its verdict."},
        footer = {"", "flowaudit settings (also accepted with --set):", "  see the README's configuration table,"
                + " or run with --print-config-keys.", "",
                "Exit codes: 0 done, 1 runtime error, 2 usage error."})
public final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
            description = "Kafka cluster to use; none starts an embedded broker.")
    String bootstrapServers;

    @Option(names = {"-p", "--policies"}, paramLabel = "PATH", arity = "1..*",
            description = "Policy files or directories to publish to the policies topic first.")
    List<Path> policies = List.of();

    @Option(names = {"-f", "--flows"}, paramLabel = "FILE", description = "Hubble JSON flow file to publish and judge.")
    Path flows;

    @Option(names = "--follow", description = "Keep running after the flow file is judged (until Ctrl-C).")
    boolean follow;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file: Kafka client, Streams, serde (schema.registry.url) and flowaudit.* keys.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One property; repeatable; wins over --config.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--application-id", paramLabel = "ID", defaultValue = "flowaudit",
            description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--exactly-once", description = "processing.guarantee=exactly_once_v2.")
    boolean exactlyOnce;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "2",
            description = "Partitions of topics flowaudit creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics on http://127.0.0.1:PORT/metrics (0 picks a port).")
    Integer metricsPort;

    @Option(names = "--print-config", description = "Print the effective configuration (secrets hidden) to stderr.")
    boolean printConfig;

    @Option(names = "--print-config-keys", description = "Print flowaudit's configuration keys as a table and exit.")
    boolean printConfigKeys;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (printConfigKeys) {
            io.flowaudit.streams.FlowauditConfig.main(new String[0]);
            return 0;
        }
        Properties props = KafkaSettings.load(spec.commandLine(), config, sets);
        EmbeddedKafkaBroker broker = null;
        if (bootstrapServers == null && props.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
            err.println("run: no --bootstrap-servers: starting an embedded single-node Kafka broker...");
            err.flush();
            broker = EmbeddedKafkaBroker.start();
            bootstrapServers = broker.bootstrapServers();
            err.println("run: embedded broker on " + bootstrapServers);
        }
        if (bootstrapServers != null) {
            props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        defaults(props, broker != null);
        try {
            new io.flowaudit.streams.FlowauditConfig(props);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (printConfig) {
            err.println("run: effective configuration:\n" + KafkaSettings.redacted(props));
        }
        try {
            return run(props, err);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private void defaults(Properties p, boolean embedded) throws IOException {
        p.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        if (exactlyOnce) {
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        }
        // Record size and batching dominate throughput (DEPENDENCIES.md): 256 KB batches.
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
        p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "20");
        p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.putIfAbsent("processing.exception.handler.global.enabled", "true");
        if (embedded) {
            // a throw-away broker gets throw-away state
            p.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("flowaudit-state-").toString());
        } else {
            p.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG,
                    Path.of(System.getProperty("user.home"), ".flowaudit", "state").toString());
        }
        if (embedded) {
            p.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        }
    }

    private int run(Properties props, PrintWriter err) throws Exception {
        Map<String, Object> conf = new HashMap<>();
        props.forEach((k, v) -> conf.put(String.valueOf(k), v));
        Topics topics = Topics.of(conf);
        try (Admin admin = Admin.create(clientProps(props))) {
            TopicSetup.ensure(admin, topics, partitions, err);
        }
        FlowauditMetrics metrics = new FlowauditMetrics();
        Topology topology = FlowauditTopology.build(new StreamsBuilder(), conf, FlowauditTopology.TopicNames.DEFAULTS,
                FlowauditTopology.SerdeFactory.of(conf), metrics);
        Map<TopicPartition, Long> verdictStart;
        try (KafkaConsumer<String, byte[]> probe = new KafkaConsumer<>(consumerProps(props), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            verdictStart = endOffsets(probe, Topics.VERDICTS);
            verdictStart.putAll(endOffsets(probe, Topics.ALERTS));
        }
        if (!policies.isEmpty()) {
            publishPolicies(props, topics, err);
        }
        Map<String, ArrayDeque<Long>> indexByUuid = new HashMap<>();
        long expected = flows == null ? 0 : publishFlows(props, topics, indexByUuid, err);

        KafkaStreams streams = new KafkaStreams(topology, props);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setUncaughtExceptionHandler(e -> {
            err.println("run: stream thread failed: " + e);
            err.flush();
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "flowaudit-shutdown"));
        MetricsEndpoint endpoint = metricsPort == null ? null : MetricsEndpoint.start(metricsPort, streams, metrics, err);
        streams.start();
        err.println("run: application '" + props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "' started"
                + (expected > 0 ? "; waiting for " + expected + " verdicts" : ""));
        err.flush();
        try {
            printResults(props, topics, verdictStart, indexByUuid, expected, metrics, err);
        } finally {
            if (endpoint != null) {
                endpoint.close();
            }
            streams.close(Duration.ofSeconds(30));
        }
        return 0;
    }

    private void printResults(Properties props, Topics topics, Map<TopicPartition, Long> start,
                              Map<String, ArrayDeque<Long>> indexByUuid, long expected, FlowauditMetrics metrics,
                              PrintWriter err) throws IOException {
        var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        long printed = 0;
        long lastReport = System.nanoTime();
        long startNanos = lastReport;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(props), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
             VerdictLineWriter lines = new VerdictLineWriter(out)) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            var verdictSerde = topics.verdicts().valueSerde().deserializer();
            var alertSerde = topics.alerts().valueSerde().deserializer();
            while (follow || expected == 0 || printed < expected) {
                var records = consumer.poll(Duration.ofMillis(200));
                for (var r : records) {
                    if (r.topic().equals(Topics.VERDICTS)) {
                        Verdict v = verdictSerde.deserialize(r.topic(), r.value());
                        ArrayDeque<Long> q = indexByUuid.get(v.getFlowUuid());
                        Long index = q == null ? null : q.poll();
                        lines.verdict(index == null ? -1 : index, v);
                        printed++;
                    } else {
                        Alert a = alertSerde.deserialize(r.topic(), r.value());
                        lines.raw(FindingWriter.json(a));
                    }
                }
                lines.flush();
                long now = System.nanoTime();
                if (now - lastReport > 5_000_000_000L) {
                    lastReport = now;
                    double secs = (now - startNanos) / 1e9;
                    err.printf(java.util.Locale.ROOT, "run: %d verdicts printed%s, %.0f flows/s judged, %d dead letters,"
                                    + " revision %d%n", printed, expected > 0 ? " of " + expected : "",
                            metrics.flows() / secs, metrics.deadLetters(), metrics.revision());
                    err.flush();
                }
                if (expected == 0 && !follow && printed == 0 && (now - startNanos) > 30_000_000_000L) {
                    break;
                }
            }
        }
        err.println("run: done: " + printed + " verdicts, " + metrics.deadLetters() + " dead letters, alerts "
                + metrics.alerts());
        err.flush();
    }

    private void publishPolicies(Properties props, Topics topics, PrintWriter err) {
        List<String> problems = new ArrayList<>();
        List<PolicyDocumentFiles.Keyed> docs = PolicyDocumentFiles.read(policies, problems);
        problems.forEach(p -> err.println("run: policy file skipped: " + p));
        Topic<String, io.flowaudit.schemas.avro.PolicyDocument> t = topics.policies();
        try (KafkaProducer<String, io.flowaudit.schemas.avro.PolicyDocument> producer = new KafkaProducer<>(
                producerProps(props), t.keySerde().serializer(), t.valueSerde().serializer())) {
            for (var d : docs) {
                producer.send(new ProducerRecord<>(t.name(), d.key(), d.document()));
            }
            producer.flush();
        }
        err.println("run: published " + docs.size() + " policy documents to " + t.name());
    }

    private long publishFlows(Properties props, Topics topics, Map<String, ArrayDeque<Long>> indexByUuid,
                              PrintWriter err) throws IOException {
        var serializer = topics.flows().valueSerde().serializer();
        long[] count = {0};
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(props), new StringSerializer(),
                new ByteArraySerializer())) {
            new HubbleJsonReader().read(flows, ev -> {
                if (ev instanceof ReadEvent.ParsedFlow pf) {
                    Flow f = pf.flow();
                    String uuid = f.uuid().isEmpty() ? "flowaudit-line-" + pf.lineIndex() : f.uuid();
                    indexByUuid.computeIfAbsent(uuid, k -> new ArrayDeque<>()).add(pf.lineIndex());
                    var avro = AvroFlows.toAvro(f);
                    avro.setUuid(uuid);
                    producer.send(new ProducerRecord<>(Topics.FLOWS, f.nodeName(), serializer.serialize(Topics.FLOWS, avro)));
                    count[0]++;
                } else if (ev instanceof ReadEvent.BadLine bl) {
                    err.println("run: " + flows + ":" + bl.lineNumber() + ": skipped: " + bl.reason());
                }
            });
            producer.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        err.println("run: published " + count[0] + " flows to " + Topics.FLOWS);
        return count[0];
    }

    private static Map<TopicPartition, Long> endOffsets(KafkaConsumer<?, ?> c, String topic) {
        List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        return new HashMap<>(c.endOffsets(parts));
    }

    static Map<String, Object> clientProps(Properties props) {
        return KafkaClientOptions.clientConfig(props);
    }

    private static Map<String, Object> producerProps(Properties props) {
        Map<String, Object> m = clientProps(props);
        m.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        m.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        return m;
    }

    private static Map<String, Object> consumerProps(Properties props) {
        Map<String, Object> m = clientProps(props);
        m.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        m.remove(ConsumerConfig.GROUP_ID_CONFIG);
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return m;
    }
}
