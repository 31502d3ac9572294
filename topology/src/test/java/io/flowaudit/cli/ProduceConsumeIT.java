package io.flowaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.flowaudit.broker.EmbeddedKafkaBroker;
import io.flowaudit.flow.Flow;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.schemas.Topic;
import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.streams.AvroFlows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code flowaudit produce} and {@code consume} against a real single-node KRaft broker in this JVM: files go onto
 * the topics as Avro and come back as JSON lines.
 */
@Tag("integration")
class ProduceConsumeIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SHARED = sharedDir();
    private static final Path SEED_FLOWS = SHARED.resolve("testdata/flows/seed-scenarios.jsonl");
    private static final Path S07_POLICIES =
            SHARED.resolve("conformance/seed/s07-allow-dns-for-app1-fixes-dns/policies");
    private static final List<String> S07_KEYS = List.of("CiliumNetworkPolicy/dev/allow-dns-for-app1",
            "CiliumNetworkPolicy/dev/app1-to-app2-port-80");

    private static EmbeddedKafkaBroker broker;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
        bootstrap = broker.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldProduceTheSeedFlowsAndConsumeThemBackAsJson() throws IOException {
        List<Flow> expected = flowsOf(SEED_FLOWS);

        CliRun produced = CliRun.of("produce", "-b", bootstrap, "--flows", SEED_FLOWS.toString());

        assertThat(produced.exitCode()).as(produced.toString()).isZero();
        assertThat(produced.err()).contains("created topic " + Topics.FLOWS + " (2 partitions)")
                .contains(expected.size() + " flows written to " + Topics.FLOWS)
                .contains("0 bad lines");
        assertThat(produced.out()).isEmpty();

        CliRun consumed = CliRun.of("consume", "-b", bootstrap, "--topic", Topics.FLOWS, "--from-beginning",
                "--max", String.valueOf(expected.size()), "--timeout-ms", "20000");

        assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
        assertThat(consumed.err())
                .contains(expected.size() + " records read from " + Topics.FLOWS + " (--max reached)");
        List<JsonNode> lines = json(consumed);
        assertThat(lines).hasSize(expected.size());
        // keyed by node: each node's flows come back in file order, whatever the partitions interleave
        assertThat(uuidsByNode(lines)).isEqualTo(expectedUuidsByNode(expected));
        JsonNode first = lines.stream().filter(l -> l.get("uuid").asText().equals(expected.get(0).uuid()))
                .findFirst().orElseThrow();
        Flow want = expected.get(0);
        assertThat(first.get("nodeName").asText()).isEqualTo(want.nodeName()).isEqualTo("k8s-worker-1");
        assertThat(first.get("timeNanos").asLong()).isEqualTo(want.timeNanos());
        assertThat(first.get("sourceIp").asText()).isEqualTo(want.sourceIp()).isEqualTo("10.0.0.23");
        assertThat(first.get("destinationPort").asInt()).isEqualTo(want.destinationPort()).isEqualTo(53);
        assertThat(first.get("l4Protocol").asText()).isEqualTo("UDP");
        assertThat(first.get("source").get("podName").asText()).isEqualTo(want.source().podName());
        assertThat(first.get("destinationService").get("name").asText()).isEqualTo("kube-dns");

        // without --max it stops once nothing new arrives
        CliRun timedOut = CliRun.of("consume", "-b", bootstrap, "--topic", Topics.FLOWS, "--from-beginning",
                "--timeout-ms", "1500");

        assertThat(timedOut.exitCode()).as(timedOut.toString()).isZero();
        assertThat(json(timedOut)).hasSize(expected.size());
        assertThat(timedOut.err()).contains("(nothing new for 1500 ms)");
    }

    @Test
    void shouldProducePolicyDocumentsKeyedByKindNamespaceAndName() throws IOException {
        CliRun produced = CliRun.of("produce", "-b", bootstrap, "--policies", S07_POLICIES.toString());

        assertThat(produced.exitCode()).as(produced.toString()).isZero();
        assertThat(produced.err()).contains("created topic " + Topics.POLICIES + " (compacted, 1 partition)")
                .contains("2 policy documents written to " + Topics.POLICIES);

        CliRun consumed = CliRun.of("consume", "-b", bootstrap, "--topic", Topics.POLICIES, "--from-beginning",
                "--timeout-ms", "2000");

        assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
        List<JsonNode> lines = json(consumed);
        assertThat(lines).extracting(l -> l.get("key").asText()).containsExactlyElementsOf(S07_KEYS);
        JsonNode dns = lines.get(0);
        assertThat(dns.get("kind").asText()).isEqualTo("CiliumNetworkPolicy");
        assertThat(dns.get("namespace").asText()).isEqualTo("dev");
        assertThat(dns.get("name").asText()).isEqualTo("allow-dns-for-app1");
        assertThat(dns.get("source").asText()).endsWith("allow-dns-for-app1.yaml");
        // the policy object itself (PolicyDocumentFiles writes it out again as YAML, so compare the tree)
        JsonNode content = new ObjectMapper(new YAMLFactory())
                .readTree(dns.get("content").asText());
        assertThat(content.at("/metadata/name").asText()).isEqualTo("allow-dns-for-app1");
        assertThat(content.at("/spec/egress/0/toPorts/0/ports/0/port").asText()).isEqualTo("53");
    }

    @Test
    void shouldPublishATombstoneForADeletedCandidatePolicy() throws IOException {
        CliRun produced = CliRun.of("produce", "-b", bootstrap, "--policies", S07_POLICIES.toString(), "--candidate");
        assertThat(produced.exitCode()).as(produced.toString()).isZero();

        CliRun deleted = CliRun.of("produce", "-b", bootstrap, "--candidate", "--delete",
                "CiliumNetworkPolicy/dev/app1-to-app2-port-80");

        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.err()).contains("1 tombstones written to " + Topics.CANDIDATE_POLICIES
                + ": CiliumNetworkPolicy/dev/app1-to-app2-port-80");

        CliRun consumed = CliRun.of("consume", "-b", bootstrap, "--topic", Topics.CANDIDATE_POLICIES,
                "--from-beginning", "--timeout-ms", "2000");

        assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
        List<String> lines = consumed.lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2))
                .isEqualTo("{\"key\":\"CiliumNetworkPolicy/dev/app1-to-app2-port-80\",\"deleted\":true}");
    }

    @Test
    void shouldPrintDeadLettersWithTheirOriginalBytes() throws Exception {
        createTopic(Topics.DEAD_LETTER);
        Topic<String, DeadLetter> t = Topics.embedded().deadLetter();
        DeadLetter letter = DeadLetter.newBuilder().setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setSourceTopic(Topics.FLOWS).setPartition(0).setOffset(7).setReason("not a Flow")
                .setTime(Instant.parse("2026-05-12T08:00:00Z")).build();
        try (KafkaProducer<String, DeadLetter> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), t.valueSerde().serializer())) {
            p.send(new ProducerRecord<>(t.name(), Topics.deadLetterKey(Topics.FLOWS, 0, 7), letter)).get();
        }

        CliRun consumed = CliRun.of("consume", "-b", bootstrap, "--topic", Topics.DEAD_LETTER, "--from-beginning",
                "--max", "1");

        assertThat(consumed.exitCode()).as(consumed.toString()).isZero();
        JsonNode line = json(consumed).get(0);
        assertThat(line.get("key").asText()).isEqualTo("flowaudit.flows/0/7");
        assertThat(line.get("topic").asText()).isEqualTo(Topics.FLOWS);
        assertThat(line.get("offset").asLong()).isEqualTo(7);
        assertThat(line.get("reason").asText()).isEqualTo("not a Flow");
        assertThat(line.get("original_value").asText()).isEqualTo("AQID");
    }

    @Test
    void shouldReportUndecodableRecordsAndGoOn() throws Exception {
        String topic = "it.garbage";
        createTopic(topic);
        Flow flow = flowsOf(SEED_FLOWS).get(0);
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, "k", "not avro".getBytes(StandardCharsets.UTF_8))).get();
            byte[] good = Topics.embedded().flows().valueSerde().serializer()
                    .serialize(topic, AvroFlows.toAvro(flow));
            p.send(new ProducerRecord<>(topic, "k", good)).get();
        }

        CliRun consumed = CliRun.of("consume", "-b", bootstrap, "--topic", topic, "--type", "flow",
                "--from-beginning", "--timeout-ms", "1500");

        assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(1);
        assertThat(consumed.err()).contains(topic + "/0@0: cannot decode as flow, skipped")
                .contains("2 records read from " + topic).contains("1 could not be decoded as flow");
        assertThat(json(consumed)).singleElement().satisfies(l -> assertThat(l.get("uuid").asText())
                .isEqualTo(flow.uuid()));
    }

    @Test
    void shouldSayWhenTheTopicDoesNotExist() {
        CliRun consumed = CliRun.of("consume", "-b", bootstrap, "--topic", "it.missing", "--type", "flow");

        assertThat(consumed.exitCode()).as(consumed.toString()).isEqualTo(1);
        assertThat(consumed.err()).contains("consume: error: topic it.missing does not exist on " + bootstrap);
    }

    private static void createTopic(String name) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + name, e.getCause());
            }
        }
    }

    private static List<Flow> flowsOf(Path file) throws IOException {
        List<Flow> flows = new ArrayList<>();
        new HubbleJsonReader().read(file, ev -> {
            if (ev instanceof ReadEvent.ParsedFlow pf) {
                flows.add(pf.flow());
            }
        });
        return flows;
    }

    private static Map<String, List<String>> expectedUuidsByNode(List<Flow> flows) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        flows.forEach(f -> m.computeIfAbsent(f.nodeName(), k -> new ArrayList<>()).add(f.uuid()));
        return m;
    }

    private static Map<String, List<String>> uuidsByNode(List<JsonNode> lines) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        lines.forEach(l -> m.computeIfAbsent(l.get("nodeName").asText(), k -> new ArrayList<>())
                .add(l.get("uuid").asText()));
        return m;
    }

    private static List<JsonNode> json(CliRun run) {
        return run.lines().stream().map(l -> {
            try {
                return MAPPER.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException("not a JSON line: " + l, e);
            }
        }).toList();
    }

    /** {@code flowaudit.shared.dir} when set, else the {@code shared} directory next to the project root. */
    private static Path sharedDir() {
        Optional<Path> configured = Optional.ofNullable(System.getProperty("flowaudit.shared.dir")).map(Path::of)
                .filter(Files::isDirectory);
        if (configured.isPresent()) {
            return configured.get();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("shared/testdata"))) {
                return d.resolve("shared");
            }
        }
        throw new IllegalStateException("cannot find the shared test data: set -Dflowaudit.shared.dir");
    }
}
