package io.flowaudit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.streams.FlowauditTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unreadable flow records go to the dead-letter topic with the reason, the original bytes and where they came
 * from, and the application keeps judging the flows after them.
 */
@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeadLetterIT {
    @RegisterExtension
    static final EmbeddedBrokerExtension KAFKA = new EmbeddedBrokerExtension();

    private static final Topics SERDES = Topics.embedded();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldDeadLetterCorruptAndMalformedRecordsAndKeepJudging() throws Exception {
        SeedCase seed = SeedCase.of("s06-egress-default-deny-breaks-dns");
        FlowauditTopology.TopicNames topics = ItTopics.create(KAFKA.admin(), "dead", 2);
        try (KafkaProducer<String, PolicyDocument> p = ItClients.producer(KAFKA.bootstrapServers(),
                SERDES.policies().valueSerde().serializer())) {
            for (var e : seed.policies().entrySet()) {
                p.send(new ProducerRecord<>(topics.policies(), e.getKey(), e.getValue())).get(30, TimeUnit.SECONDS);
            }
        }
        Flow good = seed.flows().get(2);
        Outcome goodExpected = seed.expected().get(2);
        byte[] goodBytes = SERDES.flows().valueSerde().serializer().serialize(topics.flows(), good);
        byte[] garbage = {1, 2, 3, (byte) 0xff, 0, 42};
        byte[] truncated = Arrays.copyOf(goodBytes, goodBytes.length / 2);
        byte[] malformedJson = "{\"flow\": {\"IP\": \"not an object\"}}".getBytes(StandardCharsets.UTF_8);
        List<byte[]> bad = List.of(garbage, truncated, malformedJson);
        String key = good.getNodeName();

        try (StreamsApp app = StreamsApp.start(KAFKA, "dead-letter-it", topics, Map.of());
             TopicReader<DeadLetter> deadLetters = TopicReader.committed(KAFKA.bootstrapServers(), topics.deadLetter(),
                     SERDES.deadLetter().valueSerde().deserializer());
             TopicReader<Verdict> verdicts = TopicReader.committed(KAFKA.bootstrapServers(), topics.verdicts(),
                     SERDES.verdicts().valueSerde().deserializer());
             KafkaProducer<String, byte[]> flows = ItClients.producer(KAFKA.bootstrapServers(), new ByteArraySerializer())) {
            // Given bad records, then a good flow, on the same key (so the same partition and task, in this order)
            RecordMetadata[] where = new RecordMetadata[bad.size()];
            for (int i = 0; i < bad.size(); i++) {
                where[i] = flows.send(new ProducerRecord<>(topics.flows(), key, bad.get(i))).get(30, TimeUnit.SECONDS);
            }
            RecordMetadata goodAt = flows.send(new ProducerRecord<>(topics.flows(), key, goodBytes)).get(30, TimeUnit.SECONDS);

            // Then each bad record is a dead letter with the reason, its bytes, topic, partition and offset
            List<DeadLetter> dl = deadLetters.awaitValues(bad.size(), WAIT);
            assertThat(dl).hasSize(bad.size());
            for (int i = 0; i < bad.size(); i++) {
                DeadLetter d = dl.get(i);
                assertThat(d.getSourceTopic()).isEqualTo(topics.flows());
                assertThat(d.getPartition()).isEqualTo(where[i].partition());
                assertThat(d.getOffset()).isEqualTo(where[i].offset());
                assertThat(bytes(d.getOriginalValue())).containsExactly(bad.get(i));
                assertThat(bytes(d.getOriginalKey())).containsExactly(key.getBytes(StandardCharsets.UTF_8));
                assertThat(d.getReason()).isNotBlank();
                assertThat(d.getErrorClass()).isNotBlank();
                assertThat(d.getApplicationId()).isEqualTo(app.applicationId());
                System.out.printf("DeadLetterIT: %s/%d/%d (dead-letter key '%s') -> %s: %s%n", d.getSourceTopic(),
                        d.getPartition(), d.getOffset(), deadLetters.records().get(i).key(), d.getErrorClass(),
                        d.getReason());
            }
            assertThat(dl.get(2).getReason()).contains("IP");

            // and the application is still running and judges the good flow that followed them
            List<Verdict> v = verdicts.awaitValues(1, WAIT);
            assertThat(v).singleElement().satisfies(x -> {
                assertThat(x.getFlowUuid()).isEqualTo(good.getUuid());
                assertThat(x.getVerdict()).isEqualTo(goodExpected);
            });
            assertThat(goodAt.offset()).isGreaterThan(where[bad.size() - 1].offset());
            assertThat(deadLetters.drain(Duration.ofMillis(500), WAIT)).hasSize(bad.size());
            assertThat(app.metrics().deadLetters()).isEqualTo(bad.size());
            app.assertHealthy();
        }
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        java.nio.ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
