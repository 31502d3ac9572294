package io.flowaudit.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.flowaudit.broker.EmbeddedKafkaBroker;
import io.flowaudit.connect.hubble.FakeObserver;
import io.flowaudit.connect.hubble.TestFlows;
import io.flowaudit.connect.hubble.api.observer.GetFlowsResponse;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * Both source connectors in a real Connect standalone worker against a real broker: a Hubble Observer on loopback
 * (Netty, plaintext) serving the recorded seed flows, and a policy directory.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceConnectorsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<GetFlowsResponse> flows = TestFlows.seedFlows();
    private EmbeddedKafkaBroker broker;
    private ConnectWorker worker;
    private Server hubble;
    private FakeObserver observer;
    private Path dir;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createDirectories(Path.of(System.getProperty("flowaudit.it.dir", "target/it"))
                .resolve("SourceConnectorsIT-" + UUID.randomUUID()));
        broker = EmbeddedKafkaBroker.start(dir.resolve("broker"), true, Map.of());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(Topics.FLOWS, 4, (short) 1),
                    new NewTopic(Topics.POLICIES, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get(30, TimeUnit.SECONDS);
        }
        observer = new FakeObserver(TestFlows.seedStream());
        hubble = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(observer).build()
                .start();
        worker = ConnectWorker.start(broker.bootstrapServers(), dir.resolve("connect.offsets"));
    }

    @AfterAll
    void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (hubble != null) {
            hubble.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldStreamHubbleFlowsIntoTheFlowsTopicKeyedByNodeAndResumeAfterARestart() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "io.flowaudit.connect.hubble.HubbleSourceConnector");
        config.put("tasks.max", "1");
        config.put("grpc.targets", "127.0.0.1:" + hubble.getPort());
        config.put("grpc.plaintext", "true");
        // the recorded flows are months old: take them from the "ring buffer" on the first start
        config.put("grpc.initial.lookback.ms", String.valueOf(Duration.ofDays(3650).toMillis()));
        worker.put("hubble", config);

        List<ConsumerRecord<String, byte[]>> records = consume(Topics.FLOWS, flows.size());

        Deserializer<Flow> values = Topics.embedded().flows().valueSerde().deserializer();
        assertThat(records).hasSize(flows.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            Flow flow = values.deserialize(Topics.FLOWS, record.value());
            assertThat(record.key()).isEqualTo(flow.getNodeName()).isIn("k8s-worker-1", "k8s-worker-2");
        }
        assertThat(records).extracting(r -> values.deserialize(Topics.FLOWS, r.value()).getUuid())
                .containsExactlyInAnyOrderElementsOf(flows.stream().map(f -> f.getFlow().getUuid()).toList());
        assertThat(worker.taskStates("hubble")).isEqualTo("[RUNNING]");
        // lost_events are a worker metric (plugin metrics, KIP-877), visible over JMX
        assertThat(pluginMetric("hubble", "hubble-lost-events-total")).isEqualTo(12.0);
        assertThat(pluginMetric("hubble", "hubble-flows-total")).isEqualTo((double) flows.size());

        // the worker flushes offsets every 500 ms; a restarted task then asks for flows since the last one
        Thread.sleep(1500);
        int before = observer.requests().size();
        worker.restart("hubble");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (observer.requests().size() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        var resumed = observer.requests().get(observer.requests().size() - 1);
        assertThat(resumed.getSince()).isEqualTo(flows.get(flows.size() - 1).getFlow().getTime());
        assertThat(consume(Topics.FLOWS, flows.size() + 1, Duration.ofSeconds(3))).as("nothing sent twice")
                .hasSize(flows.size());
    }

    @Test
    void shouldPublishPoliciesFromADirectoryWithTombstonesOnDelete() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("dev.yaml"), "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n"
                + "metadata:\n  name: app1-egress\n  namespace: dev\nspec:\n  endpointSelector:\n    matchLabels:\n"
                + "      app: app1\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        app: app2\n",
                StandardCharsets.UTF_8);
        Files.writeString(policies.resolve("base.yaml"), "apiVersion: cilium.io/v2\n"
                + "kind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: dns\nspec:\n  endpointSelector: {}\n",
                StandardCharsets.UTF_8);
        worker.put("policies", Map.of("connector.class", "io.flowaudit.connect.policy.PolicySourceConnector",
                "tasks.max", "1", "directory.path", policies.toString(), "directory.scan.interval.ms", "200"));

        List<ConsumerRecord<String, byte[]>> published = consume(Topics.POLICIES, 2);
        Deserializer<PolicyDocument> values = Topics.embedded().policies().valueSerde().deserializer();
        assertThat(published).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(
                "CiliumNetworkPolicy/dev/app1-egress", "CiliumClusterwideNetworkPolicy/dns");
        PolicyDocument document = values.deserialize(Topics.POLICIES, published.stream()
                .filter(r -> r.key().startsWith("CiliumNetworkPolicy/")).findFirst().orElseThrow().value());
        assertThat(document.getContent()).contains("app: app2");
        assertThat(document.getSource()).isEqualTo("dev.yaml");

        Files.delete(policies.resolve("base.yaml"));
        List<ConsumerRecord<String, byte[]>> after = consume(Topics.POLICIES, 3);
        assertThat(after).hasSize(3);
        assertThat(after.get(2).key()).isEqualTo("CiliumClusterwideNetworkPolicy/dns");
        assertThat(after.get(2).value()).as("tombstone").isNull();
    }

    /** A plugin metric of a connector's task 0, read from the platform MBean server as a JMX client would. */
    private static Object pluginMetric(String connector, String name) throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName bean : jmx.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null)) {
            if (connector.equals(bean.getKeyProperty("connector")) && "0".equals(bean.getKeyProperty("task"))) {
                try {
                    return jmx.getAttribute(bean, name);
                } catch (javax.management.AttributeNotFoundException e) {
                    // another bean of the same task
                }
            }
        }
        throw new AssertionError("no plugin metric " + name + " of " + connector + " in "
                + jmx.queryNames(new ObjectName("kafka.connect:*"), null));
    }

    /** Reads the topic from the start until {@code count} records arrived or the wait is over. */
    private List<ConsumerRecord<String, byte[]>> consume(String topic, int count) {
        return consume(topic, count, WAIT);
    }

    private List<ConsumerRecord<String, byte[]>> consume(String topic, int count, Duration wait) {
        Map<String, Object> props = Map.of("bootstrap.servers", broker.bootstrapServers(), "group.id",
                "it-" + UUID.randomUUID(), "auto.offset.reset", "earliest", "enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // a short extra look, so that a test expecting N records sees an (N+1)th one
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }
}
