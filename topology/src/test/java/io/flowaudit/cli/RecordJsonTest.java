package io.flowaudit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.streams.AvroFlows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON lines {@code flowaudit consume} prints for flows, policy documents, tombstones and dead letters. */
class RecordJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String DNS_QUERY = "{\"flow\":{\"time\":\"2026-05-12T08:14:03.155046564Z\","
            + "\"uuid\":\"32833106-536e-45df-80b2-d002cc92d33d\",\"verdict\":\"TRACED\","
            + "\"IP\":{\"source\":\"10.0.0.23\","
            + "\"destination\":\"10.96.0.10\",\"ipVersion\":\"IPv4\"},\"l4\":{\"UDP\":{\"destination_port\":53}},"
            + "\"source\":{\"ID\":1187,\"identity\":24581,\"namespace\":\"dev\",\"labels\":[\"k8s:app=app1\"],"
            + "\"pod_name\":\"app1-6d8f7c9b5-kx2vq\"},\"destination\":{\"identity\":2,\"labels\":[\"reserved:world\"]},"
            + "\"Type\":\"SOCK\",\"node_name\":\"k8s-worker-1\",\"destination_service\":{\"name\":\"kube-dns\","
            + "\"namespace\":\"kube-system\"}},\"node_name\":\"k8s-worker-1\","
            + "\"time\":\"2026-05-12T08:14:03.155046564Z\"}";

    @Test
    void shouldWriteAFlowFieldByFieldWithUnionsUnwrapped() throws IOException {
        Flow flow = AvroFlows.toAvro(parse(DNS_QUERY));

        JsonNode json = MAPPER.readTree(RecordJson.avro(flow));

        assertThat(json.get("uuid").asText()).isEqualTo("32833106-536e-45df-80b2-d002cc92d33d");
        assertThat(json.get("nodeName").asText()).isEqualTo("k8s-worker-1");
        assertThat(json.get("timeNanos").asLong()).isEqualTo(Instant.parse("2026-05-12T08:14:03.155046564Z")
                .getEpochSecond() * 1_000_000_000L + 155_046_564L);
        assertThat(json.get("verdict").asText()).isEqualTo("TRACED");
        assertThat(json.get("l4Protocol").asText()).isEqualTo("UDP");
        assertThat(json.get("destinationPort").asInt()).isEqualTo(53);
        assertThat(json.get("source").get("namespace").asText()).isEqualTo("dev");
        assertThat(json.get("source").get("podName").asText()).isEqualTo("app1-6d8f7c9b5-kx2vq");
        assertThat(json.get("source").get("labels").get(0).asText()).isEqualTo("k8s:app=app1");
        assertThat(json.get("destinationService").get("name").asText()).isEqualTo("kube-dns");
        assertThat(json.get("l7").isNull()).isTrue();
        assertThat(json.size()).isEqualTo(flow.getSchema().getFields().size());
    }

    @Test
    void shouldWriteAPolicyDocumentWithItsKeyAndText() throws IOException {
        PolicyDocument doc = PolicyDocument.newBuilder().setKind(PolicyKind.CiliumNetworkPolicy).setNamespace("dev")
                .setName("allow-dns").setContent("kind: CiliumNetworkPolicy\n").setSource("policies/dns.yaml")
                .setObservedAt(Instant.parse("2026-05-12T08:00:00Z")).build();

        JsonNode json = MAPPER.readTree(RecordJson.policyDocument("CiliumNetworkPolicy/dev/allow-dns", doc));

        assertThat(json.get("key").asText()).isEqualTo("CiliumNetworkPolicy/dev/allow-dns");
        assertThat(json.get("kind").asText()).isEqualTo("CiliumNetworkPolicy");
        assertThat(json.get("namespace").asText()).isEqualTo("dev");
        assertThat(json.get("name").asText()).isEqualTo("allow-dns");
        assertThat(json.get("source").asText()).isEqualTo("policies/dns.yaml");
        assertThat(json.get("content").asText()).isEqualTo("kind: CiliumNetworkPolicy\n");
        assertThat(json.get("observed_at").asText()).isEqualTo("2026-05-12T08:00:00Z");
    }

    @Test
    void shouldLeaveOutTheNamespaceOfAClusterwidePolicy() throws IOException {
        PolicyDocument doc = PolicyDocument.newBuilder().setKind(PolicyKind.CiliumClusterwideNetworkPolicy)
                .setName("deny-all").setContent("{}").setSource("p.yaml").setObservedAt(Instant.EPOCH).build();

        JsonNode json = MAPPER.readTree(RecordJson.policyDocument("CiliumClusterwideNetworkPolicy/deny-all", doc));

        assertThat(json.has("namespace")).isFalse();
    }

    @Test
    void shouldMarkATombstoneAsDeleted() {
        assertThat(RecordJson.tombstone("CiliumNetworkPolicy/dev/allow-dns"))
                .isEqualTo("{\"key\":\"CiliumNetworkPolicy/dev/allow-dns\",\"deleted\":true}");
    }

    @Test
    void shouldWriteADeadLetterWithItsOriginalBytesInBase64() throws IOException {
        DeadLetter letter = DeadLetter.newBuilder()
                .setOriginalKey(ByteBuffer.wrap("node-1".getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff})).setSourceTopic("flowaudit.flows")
                .setPartition(1).setOffset(42).setReason("not an Avro single-object encoded Flow")
                .setErrorClass("org.apache.kafka.common.errors.SerializationException")
                .setTime(Instant.parse("2026-05-12T08:00:00Z")).setApplicationId("flowaudit").build();

        JsonNode json = MAPPER.readTree(RecordJson.deadLetter("flowaudit.flows/1/42", letter));

        assertThat(json.get("key").asText()).isEqualTo("flowaudit.flows/1/42");
        assertThat(json.get("topic").asText()).isEqualTo("flowaudit.flows");
        assertThat(json.get("partition").asInt()).isEqualTo(1);
        assertThat(json.get("offset").asLong()).isEqualTo(42);
        assertThat(json.get("reason").asText()).isEqualTo("not an Avro single-object encoded Flow");
        assertThat(json.get("error_class").asText()).endsWith("SerializationException");
        assertThat(json.get("original_key").asText()).isEqualTo("bm9kZS0x");
        assertThat(json.get("original_value").asText()).isEqualTo("AAEC/w==");
        // the buffer is read without being consumed: a second rendering is the same
        assertThat(RecordJson.deadLetter("k", letter)).contains("\"original_value\":\"AAEC/w==\"");
    }

    private static io.flowaudit.flow.Flow parse(String line) throws IOException {
        List<io.flowaudit.flow.Flow> flows = new ArrayList<>();
        new HubbleJsonReader().read(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), ev -> {
            if (ev instanceof ReadEvent.ParsedFlow pf) {
                flows.add(pf.flow());
            }
        });
        assertThat(flows).hasSize(1);
        return flows.get(0);
    }
}
