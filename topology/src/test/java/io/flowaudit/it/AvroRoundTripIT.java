package io.flowaudit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.AlertType;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.streams.FlowauditTopology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end through a real broker with the embedded Avro encoding (single-object encoding, no registry):
 * PolicyDocuments and Flows produced with the {@link Topics} serdes, the production topology in a real
 * KafkaStreams, verdicts, denials and alerts read back by plain consumers (read_committed).
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AvroRoundTripIT {
    @RegisterExtension
    static final EmbeddedBrokerExtension KAFKA = new EmbeddedBrokerExtension();

    private static final Topics SERDES = Topics.embedded();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"s04-app1-to-app2-tcp-80-only", "s06-egress-default-deny-breaks-dns"})
    void shouldJudgeEverySeedFlowAsExpectedThroughTheBroker(String caseName) throws Exception {
        SeedCase seed = SeedCase.of(caseName);
        FlowauditTopology.TopicNames topics = ItTopics.create(KAFKA.admin(), "avro-" + caseName.substring(0, 3), 2);
        publishPolicies(topics, seed.policies());
        Map<String, Outcome> expected = seed.expectedByUuid();
        Map<String, String> nodeByUuid = seed.flows().stream().collect(Collectors.toMap(Flow::getUuid, Flow::getNodeName));

        try (StreamsApp app = StreamsApp.start(KAFKA, "avro-it-" + caseName.substring(0, 3), topics, Map.of());
             TopicReader<Verdict> verdicts = TopicReader.committed(KAFKA.bootstrapServers(), topics.verdicts(),
                     SERDES.verdicts().valueSerde().deserializer());
             TopicReader<Verdict> denials = TopicReader.committed(KAFKA.bootstrapServers(), topics.denials(),
                     SERDES.denials().valueSerde().deserializer())) {
            publishFlows(topics, seed.flows());

            List<Verdict> out = verdicts.awaitValues(expected.size(), WAIT);
            Map<String, Outcome> actual = out.stream().collect(Collectors.toMap(Verdict::getFlowUuid, Verdict::getVerdict));
            assertThat(out).hasSize(expected.size());
            assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(out).allSatisfy(v -> {
                assertThat(v.getPolicyRevision()).isNotZero();
                assertThat(v.getNodeName()).isEqualTo(nodeByUuid.get(v.getFlowUuid()));
            });
            assertThat(out).extracting(Verdict::getPolicyRevision).containsOnly(out.get(0).getPolicyRevision());

            long denied = expected.values().stream().filter(o -> o == Outcome.DENIED).count();
            List<Verdict> deniedOut = denials.awaitValues((int) denied, WAIT);
            assertThat(deniedOut).hasSize((int) denied).allSatisfy(v -> assertThat(v.getVerdict()).isEqualTo(Outcome.DENIED));
            assertThat(deniedOut).extracting(Verdict::getFlowUuid).containsExactlyInAnyOrderElementsOf(
                    expected.entrySet().stream().filter(e -> e.getValue() == Outcome.DENIED).map(Map.Entry::getKey).toList());
            app.assertHealthy();
        }
    }

    @Test
    void shouldAlertOnAMissingDnsRuleWithTheFix() throws Exception {
        SeedCase seed = SeedCase.of("s06-egress-default-deny-breaks-dns");
        FlowauditTopology.TopicNames topics = ItTopics.create(KAFKA.admin(), "avro-dns", 2);
        publishPolicies(topics, seed.policies());
        List<Flow> flows = seed.flows();

        try (StreamsApp app = StreamsApp.start(KAFKA, "avro-it-dns", topics, Map.of());
             TopicReader<Alert> alerts = TopicReader.committed(KAFKA.bootstrapServers(), topics.alerts(),
                     SERDES.alerts().valueSerde().deserializer());
             TopicReader<Verdict> verdicts = TopicReader.committed(KAFKA.bootstrapServers(), topics.verdicts(),
                     SERDES.verdicts().valueSerde().deserializer())) {
            publishFlows(topics, flows);
            verdicts.awaitValues(flows.size(), WAIT);

            Alert dns = alerts.awaitValue("a flow-derived MISSING_DNS_RULE alert",
                    a -> a.getAlertType() == AlertType.MISSING_DNS_RULE && a.getSampleFlowUuid() != null, WAIT);
            assertThat(dns.getSubject().getNamespace()).isEqualTo("dev");
            assertThat(dns.getSuggestedFix()).contains("k8s:k8s-app: kube-dns");
            assertThat(dns.getSampleFlowUuid()).isIn(flows.stream().map(Flow::getUuid).toList());
            assertThat(dns.getDedupKey()).isNotBlank();

            // deduplicated per window of flow time: the second DNS flow of the same pod raises no second alert
            List<Alert> all = alerts.drain(Duration.ofSeconds(1), WAIT);
            assertThat(all).filteredOn(a -> a.getAlertType() == AlertType.MISSING_DNS_RULE && a.getSampleFlowUuid() != null)
                    .hasSize(1);
            app.assertHealthy();
        }
    }

    private static void publishPolicies(FlowauditTopology.TopicNames topics, Map<String, PolicyDocument> docs)
            throws Exception {
        try (KafkaProducer<String, PolicyDocument> p = ItClients.producer(KAFKA.bootstrapServers(),
                SERDES.policies().valueSerde().serializer())) {
            for (var e : docs.entrySet()) {
                p.send(new ProducerRecord<>(topics.policies(), e.getKey(), e.getValue())).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void publishFlows(FlowauditTopology.TopicNames topics, List<Flow> flows) throws Exception {
        try (KafkaProducer<String, Flow> p = ItClients.producer(KAFKA.bootstrapServers(),
                SERDES.flows().valueSerde().serializer())) {
            for (Flow f : flows) {
                p.send(new ProducerRecord<>(topics.flows(), f.getNodeName(), f));
            }
            p.flush();
        }
    }
}
