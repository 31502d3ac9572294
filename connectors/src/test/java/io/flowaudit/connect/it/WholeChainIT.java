package io.flowaudit.connect.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowaudit.broker.EmbeddedKafkaBroker;
import io.flowaudit.connect.hubble.FakeObserver;
import io.flowaudit.connect.hubble.TestFlows;
import io.flowaudit.connect.siem.Rsyslog;
import io.flowaudit.schemas.Topic;
import io.flowaudit.schemas.Topics;
import io.flowaudit.streams.FlowauditMetrics;
import io.flowaudit.streams.FlowauditTopology;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole chain on one machine (issue 6): an in-process Hubble Observer → Hubble source connector → broker →
 * flowaudit topology → alerts → SIEM sink → a real rsyslogd → its file, where the missing-DNS-rule alert must show.
 */
@Tag("integration")
class WholeChainIT {
    private static final String EGRESS_WITHOUT_DNS = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: app1-to-app2-port-80
              namespace: dev
            spec:
              endpointSelector:
                matchLabels:
                  app: app1
              egress:
              - toEndpoints:
                - matchLabels:
                    app: app2
                toPorts:
                - ports:
                  - port: "80"
                    protocol: TCP
            """;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void shouldDeliverTheMissingDnsRuleAlertFromHubbleToTheSyslogFile() throws Exception {
        assumeTrue(Rsyslog.binary().isPresent(), "rsyslogd is not installed (.ci/run installs the Debian package)");
        Path dir = Files.createDirectories(Path.of(System.getProperty("flowaudit.it.dir", "target/it"))
                .resolve("WholeChainIT-" + UUID.randomUUID()));
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("app1.yaml"), EGRESS_WITHOUT_DNS, StandardCharsets.UTF_8);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), true, Map.of());
             Rsyslog syslog = Rsyslog.start(dir.resolve("rsyslog"))) {
            createTopics(broker.bootstrapServers());
            Server hubble = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new FakeObserver(TestFlows.seedStream())).build().start();
            KafkaStreams app = topology(broker.bootstrapServers(), dir);
            try (ConnectWorker worker = ConnectWorker.start(broker.bootstrapServers(), dir.resolve("connect.offsets"))) {
                app.start();
                worker.put("policies", Map.of("connector.class", "io.flowaudit.connect.policy.PolicySourceConnector",
                        "tasks.max", "1", "directory.path", policies.toString(), "directory.scan.interval.ms", "200"));
                Map<String, String> sink = new HashMap<>();
                sink.put("connector.class", "io.flowaudit.connect.siem.SiemSinkConnector");
                sink.put("tasks.max", "1");
                sink.put("topics", Topics.ALERTS);
                sink.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
                sink.put("value.converter", "io.flowaudit.connect.siem.FlowauditAvroConverter");
                sink.put("siem.format", "cef");
                sink.put("siem.transport", "syslog-tcp");
                sink.put("siem.syslog.host", "127.0.0.1");
                sink.put("siem.syslog.port", String.valueOf(syslog.port()));
                worker.put("siem", sink);
                // give the topology the policy before the flows arrive, as in a cluster where policies exist first
                Thread.sleep(3000);
                Map<String, String> source = new HashMap<>();
                source.put("connector.class", "io.flowaudit.connect.hubble.HubbleSourceConnector");
                source.put("tasks.max", "1");
                source.put("grpc.targets", "127.0.0.1:" + hubble.getPort());
                source.put("grpc.plaintext", "true");
                source.put("grpc.initial.lookback.ms", String.valueOf(Duration.ofDays(3650).toMillis()));
                worker.put("hubble", source);

                List<String> found = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (found.isEmpty() && System.nanoTime() < deadline) {
                    for (String line : syslog.lines()) {
                        if (line.contains("MISSING_DNS_RULE") && line.contains("dev")) {
                            found.add(line);
                        }
                    }
                    Thread.sleep(500);
                }
                assertThat(found).as("the missing-DNS-rule alert in the rsyslog file").isNotEmpty();
                assertThat(found.get(0)).startsWith("<").contains("CEF:0|flowaudit|flowaudit|");
            } finally {
                app.close(Duration.ofSeconds(20));
                hubble.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic<String, ?> t : Topics.embedded().all()) {
                topics.add(t.compacted() ? new NewTopic(t.name(), 1, (short) 1).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                        : new NewTopic(t.name(), 2, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaStreams topology(String bootstrap, Path dir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "whole-chain");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "200");
        Map<String, Object> conf = new HashMap<>();
        p.forEach((k, v) -> conf.put(String.valueOf(k), v));
        return new KafkaStreams(FlowauditTopology.build(new StreamsBuilder(), conf,
                FlowauditTopology.TopicNames.DEFAULTS, FlowauditTopology.SerdeFactory.of(conf), new FlowauditMetrics()), p);
    }
}
