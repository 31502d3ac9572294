package io.flowaudit.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParser;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.flowaudit.schemas.AvroCodec;
import io.flowaudit.schemas.Samples;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.WhatIfDiff;

class EmbeddedAvroSerdeTest {

    private static final String TOPIC = "flowaudit.test";

    static Stream<Arguments> everyRecordType() {
        return Stream.of(
                Arguments.of(Flow.class, Samples.tcpDeniedAtIngress()),
                Arguments.of(Flow.class, Samples.httpRequestThroughProxy()),
                Arguments.of(Flow.class, Samples.dnsAnswer()),
                Arguments.of(Flow.class, Samples.minimalFlow()),
                Arguments.of(PolicyDocument.class, Samples.policyFromKubernetes()),
                Arguments.of(PolicyDocument.class, Samples.minimalPolicyDocument()),
                Arguments.of(Verdict.class, Samples.deniedVerdict()),
                Arguments.of(Verdict.class, Samples.minimalVerdict()),
                Arguments.of(Alert.class, Samples.missingDnsRuleAlert()),
                Arguments.of(Alert.class, Samples.driftAlert()),
                Arguments.of(Alert.class, Samples.minimalAlert()),
                Arguments.of(WhatIfDiff.class, Samples.newlyDeniedDiff()),
                Arguments.of(WhatIfDiff.class, Samples.minimalWhatIfDiff()),
                Arguments.of(DeadLetter.class, Samples.truncatedFlowDeadLetter()),
                Arguments.of(DeadLetter.class, Samples.minimalDeadLetter()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyRecordType")
    <T extends SpecificRecord> void shouldRoundTripEveryRecordType(Class<T> type, T record) {
        EmbeddedAvroSerde<T> serde = new EmbeddedAvroSerde<>(type);

        byte[] bytes = serde.serializer().serialize(TOPIC, record);
        T decoded = serde.deserializer().deserialize(TOPIC, bytes);

        assertThat(decoded).isNotSameAs(record).isEqualTo(record);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyRecordType")
    <T extends SpecificRecord> void shouldWriteSingleObjectEncodingThatAvroItselfReads(Class<T> type, T record) {
        byte[] bytes = new EmbeddedAvroSerde<>(type).serialize(TOPIC, record);

        ByteBuffer message = ByteBuffer.wrap(bytes);
        assertThat(AvroCodec.singleObjectMarker(message)).containsExactly(AvroCodec.SINGLE_OBJECT_MARKER);
        assertThat(AvroCodec.singleObjectFingerprint(message))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(record.getSchema()));
        assertThat(Arrays.copyOfRange(bytes, 10, bytes.length))
                .as("the body is plain Avro binary").isEqualTo(AvroCodec.encode(record, type));
    }

    @Test
    void shouldMapNullToNullBothWaysForTombstones() {
        EmbeddedAvroSerde<PolicyDocument> serde = new EmbeddedAvroSerde<>(PolicyDocument.class);

        assertThat(serde.serialize("flowaudit.policies", null)).isNull();
        assertThat(serde.deserialize("flowaudit.policies", (byte[]) null)).isNull();
        assertThat(serde.deserialize("flowaudit.policies", new RecordHeaders(), (ByteBuffer) null)).isNull();
    }

    @Test
    void shouldDecodeAFlowWrittenWithAnOlderSchemaOnceThatSchemaIsRegistered() throws IOException {
        Schema older = fixture("Flow-v0.avsc");
        byte[] written = writeWith(older, oldFlow(older));
        EmbeddedAvroSerde<Flow> serde = new EmbeddedAvroSerde<>(Flow.class);

        serde.addWriterSchema(older);
        Flow flow = serde.deserialize("flowaudit.flows", written);

        assertThat(flow.getUuid()).isEqualTo(Samples.FLOW_UUID);
        assertThat(flow.getTimeNanos()).isEqualTo(Samples.FLOW_TIME_NANOS);
        assertThat(flow.getNodeName()).isEqualTo(Samples.NODE);
        assertThat(flow.getVerdict()).isEqualTo(HubbleVerdict.DROPPED);
        assertThat(flow.getL4Protocol()).isEqualTo(L4Protocol.TCP);
        assertThat(flow.getDestinationPort()).isEqualTo(8080);
        // fields the old version lacked take their defaults
        assertThat(flow.getNodeLabels()).isEmpty();
        assertThat(flow.getIsReply()).isNull();
        assertThat(flow.getL7()).isNull();
        assertThat(flow.getSource().getIdentity()).isZero();
        assertThat(flow.getEgressDeniedBy()).isEmpty();
    }

    @Test
    void shouldAskTheSuppliedSchemaStoreForAnUnknownWriterSchema() throws IOException {
        Schema older = fixture("Flow-v0.avsc");
        SchemaStore.Cache store = new SchemaStore.Cache();
        store.addSchema(older);

        Flow flow = new EmbeddedAvroSerde<>(Flow.class, store).deserialize("flowaudit.flows",
                writeWith(older, oldFlow(older)));

        assertThat(flow.getSourceIp()).isEqualTo("10.244.1.17");
        assertThat(flow.getDestinationNames()).isEmpty();
    }

    @Test
    void shouldDecodeAnOlderVersionListedInTheSchemaHistoryResource() throws IOException {
        Schema older = historyEntry("PolicyDocument.json", 0);
        GenericRecord old = new GenericData.Record(older);
        old.put("kind", new GenericData.EnumSymbol(older.getField("kind").schema(), "CiliumNetworkPolicy"));
        old.put("namespace", "shop");
        old.put("name", "web-egress");
        old.put("content", Samples.WEB_EGRESS_YAML);
        old.put("source", "policies/shop.yaml#0");
        old.put("observedAt", 1_718_035_200_250L);

        PolicyDocument document = new EmbeddedAvroSerde<>(PolicyDocument.class)
                .deserialize("flowaudit.policies", writeWith(older, old));

        assertThat(document.getKind()).isEqualTo(PolicyKind.CiliumNetworkPolicy);
        assertThat(document.getNamespace()).isEqualTo("shop");
        assertThat(document.getContent()).isEqualTo(Samples.WEB_EGRESS_YAML);
        assertThat(document.getObservedAt()).isEqualTo(Instant.parse("2024-06-10T16:00:00.250Z"));
        assertThat(document.getUid()).isNull();
        assertThat(document.getResourceVersion()).isNull();
    }

    @Test
    void shouldRejectARecordWrittenWithAnUnknownSchemaNamingItsFingerprint() throws IOException {
        Schema older = fixture("Flow-v0.avsc");
        byte[] written = writeWith(older, oldFlow(older));

        assertThatThrownBy(() -> new EmbeddedAvroSerde<>(Flow.class).deserialize("flowaudit.flows", written))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("flowaudit.flows")
                .hasMessageContaining("unknown schema of Flow")
                .hasMessageContaining(String.format("0x%016x", SchemaNormalization.parsingFingerprint64(older)));
    }

    @Test
    void shouldPointAtTheRegistryWhenGivenRegistryWireFormat() {
        byte[] registryFormat = {0, 0, 0, 0, 1, 2, 'a', 'b'};

        assertThatThrownBy(() -> new EmbeddedAvroSerde<>(Flow.class).deserialize("flowaudit.flows", registryFormat))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not an Avro single-object encoded Flow")
                .hasMessageContaining("starts with 00 00 00 00 01")
                .hasMessageContaining("set schema.registry.url");
    }

    @Test
    void shouldRejectATruncatedRecord() {
        EmbeddedAvroSerde<Flow> serde = new EmbeddedAvroSerde<>(Flow.class);
        byte[] whole = serde.serialize("flowaudit.flows", Samples.tcpDeniedAtIngress());

        assertThatThrownBy(() -> serde.deserialize("flowaudit.flows", Arrays.copyOf(whole, whole.length / 2)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("flowaudit.flows: cannot deserialize Flow");
    }

    @Test
    void shouldRejectBytesLeftAfterTheRecord() {
        EmbeddedAvroSerde<Verdict> serde = new EmbeddedAvroSerde<>(Verdict.class);
        byte[] whole = serde.serialize("flowaudit.verdicts", Samples.minimalVerdict());

        assertThatThrownBy(() -> serde.deserialize("flowaudit.verdicts", Arrays.copyOf(whole, whole.length + 3)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes left after a Verdict");
    }

    @Test
    void shouldReportARecordMissingARequiredFieldAsASerializationException() {
        Flow incomplete = Samples.minimalFlow();
        incomplete.setUuid(null);

        assertThatThrownBy(() -> new EmbeddedAvroSerde<>(Flow.class).serialize("flowaudit.flows", incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot serialize Flow for topic flowaudit.flows");
    }

    @Test
    void shouldReadFromAByteBufferSliceWithoutCopyingWrongBytes() {
        EmbeddedAvroSerde<Alert> serde = new EmbeddedAvroSerde<>(Alert.class);
        byte[] bytes = serde.serialize("flowaudit.alerts", Samples.driftAlert());
        byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 4, bytes.length);

        ByteBuffer slice = ByteBuffer.wrap(padded, 4, bytes.length).slice();

        assertThat(serde.deserialize("flowaudit.alerts", new RecordHeaders(), slice)).isEqualTo(Samples.driftAlert());
    }

    @Test
    void shouldAcceptConfigureAndHeadersAsKafkaCallsThem() {
        EmbeddedAvroSerde<Flow> serde = new EmbeddedAvroSerde<>(Flow.class);
        serde.configure(Map.of("application.id", "flowaudit", "auto.register.schemas", "false"), false);

        byte[] bytes = serde.serialize("flowaudit.flows", new RecordHeaders(), Samples.dnsAnswer());

        assertThat(serde.deserialize("flowaudit.flows", new RecordHeaders(), bytes)).isEqualTo(Samples.dnsAnswer());
        assertThat(serde.serializer()).isSameAs(serde);
        assertThat(serde.deserializer()).isSameAs(serde);
        assertThat(serde).hasToString("EmbeddedAvroSerde[Flow]");
    }

    @Test
    void shouldRefuseAWriterSchemaOfAnotherRecord() {
        assertThatThrownBy(() -> new EmbeddedAvroSerde<>(Flow.class).addWriterSchema(Verdict.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("io.flowaudit.schemas.avro.Verdict");
    }

    static Schema fixture(String name) throws IOException {
        try (InputStream in = EmbeddedAvroSerdeTest.class.getResourceAsStream(name)) {
            return new SchemaParser().parse(in).mainSchema();
        }
    }

    static GenericRecord oldFlow(Schema older) {
        GenericRecord flow = new GenericData.Record(older);
        flow.put("uuid", Samples.FLOW_UUID);
        flow.put("timeNanos", Samples.FLOW_TIME_NANOS);
        flow.put("nodeName", Samples.NODE);
        flow.put("verdict", new GenericData.EnumSymbol(older.getField("verdict").schema(), "DROPPED"));
        flow.put("sourceIp", "10.244.1.17");
        flow.put("destinationIp", "10.244.2.33");
        flow.put("l4Protocol", new GenericData.EnumSymbol(older.getField("l4Protocol").schema(), "TCP"));
        flow.put("destinationPort", 8080);
        return flow;
    }

    /** Single-object encoding of {@code record} with {@code writer}, as an older flowaudit would have written it. */
    static byte[] writeWith(Schema writer, GenericRecord record) throws IOException {
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static Schema historyEntry(String file, int index) throws IOException {
        try (InputStream in = EmbeddedAvroSerdeTest.class.getClassLoader()
                .getResourceAsStream(EmbeddedAvroSerde.HISTORY_RESOURCE_PREFIX + file)) {
            return SchemaParser.parseSingle(new ObjectMapper().readTree(in).get(index).toString());
        }
    }
}
