package io.flowaudit.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.flowaudit.schemas.AvroCodec;
import io.flowaudit.schemas.Samples;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.WhatIfDiff;

/** The registry serde through a fake registry on 127.0.0.1. */
class RegistryAvroSerdeTest {

    // Four distinct bytes, so a little-endian or shifted id cannot pass for the right one.
    private static final int FIRST_ID = 0x01020304;

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = FakeSchemaRegistry.start(FIRST_ID);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private SchemaRegistryClient client() {
        return SchemaRegistryClient.of(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url().toString()));
    }

    private <T extends SpecificRecord> RegistryAvroSerde<T> serde(Class<T> type) {
        return new RegistryAvroSerde<>(type, client(), false, true);
    }

    @Test
    void shouldWriteMagicByteThenBigEndianSchemaIdThenAvroBinary() {
        Flow flow = Samples.tcpDeniedAtIngress();

        byte[] bytes = serde(Flow.class).serialize("flowaudit.flows", flow);

        byte[] avro = AvroCodec.encode(flow, Flow.class);
        byte[] expected = new byte[5 + avro.length];
        expected[0] = 0x00;
        expected[1] = 0x01;
        expected[2] = 0x02;
        expected[3] = 0x03;
        expected[4] = 0x04;
        System.arraycopy(avro, 0, expected, 5, avro.length);
        assertThat(bytes).isEqualTo(expected);
    }

    @Test
    void shouldRegisterTheClassSchemaUnderTheTopicValueSubject() throws IOException {
        serde(Verdict.class).serialize("flowaudit.verdicts", Samples.deniedVerdict());

        assertThat(registry.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/subjects/flowaudit.verdicts-value/versions");
            assertThat(SchemaParser.parseSingle(request.jsonBody().get("schema").asText()))
                    .isEqualTo(Verdict.getClassSchema());
        });
    }

    @Test
    void shouldRegisterUnderTheTopicKeySubjectForAKeySerde() {
        new RegistryAvroSerde<>(Flow.class, client(), true, true).serialize("flowaudit.flows", Samples.minimalFlow());

        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path)
                .containsExactly("/subjects/flowaudit.flows-key/versions");
        assertThat(RegistryAvroSerde.subject("flowaudit.flows", true)).isEqualTo("flowaudit.flows-key");
        assertThat(RegistryAvroSerde.subject("flowaudit.flows", false)).isEqualTo("flowaudit.flows-value");
    }

    @Test
    void shouldServeLaterSerializationsFromTheCacheWithoutHttpCalls() {
        RegistryAvroSerde<Flow> serde = serde(Flow.class);
        byte[] first = serde.serialize("flowaudit.flows", Samples.tcpDeniedAtIngress());
        int callsAfterFirst = registry.requests().size();

        byte[] second = serde.serialize("flowaudit.flows", Samples.tcpDeniedAtIngress());
        serde.serialize("flowaudit.flows", Samples.dnsAnswer());

        assertThat(callsAfterFirst).isEqualTo(1);
        assertThat(registry.requests()).hasSize(1);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldRegisterOncePerTopic() {
        RegistryAvroSerde<Verdict> serde = serde(Verdict.class);

        serde.serialize("flowaudit.verdicts", Samples.deniedVerdict());
        serde.serialize("flowaudit.denials", Samples.deniedVerdict());
        serde.serialize("flowaudit.denials", Samples.deniedVerdict());

        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path).containsExactly(
                "/subjects/flowaudit.verdicts-value/versions", "/subjects/flowaudit.denials-value/versions");
    }

    static Stream<Arguments> everyRecordType() {
        return Stream.of(
                Arguments.of(Flow.class, Samples.httpRequestThroughProxy()),
                Arguments.of(PolicyDocument.class, Samples.policyFromKubernetes()),
                Arguments.of(Verdict.class, Samples.deniedVerdict()),
                Arguments.of(Alert.class, Samples.missingDnsRuleAlert()),
                Arguments.of(WhatIfDiff.class, Samples.newlyDeniedDiff()),
                Arguments.of(DeadLetter.class, Samples.truncatedFlowDeadLetter()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecordType")
    <T extends SpecificRecord> void shouldRoundTripThroughTheRegistryWithAFreshConsumer(Class<T> type, T record) {
        byte[] bytes = serde(type).serialize("flowaudit.test", record);
        RegistryAvroSerde<T> consumer = serde(type);

        T first = consumer.deserialize("flowaudit.test", bytes);
        T second = consumer.deserialize("flowaudit.test", bytes);

        assertThat(first).isEqualTo(record);
        assertThat(second).isEqualTo(record).isNotSameAs(first);
        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::method, FakeSchemaRegistry.Request::path)
                .as("the consumer fetches the writer schema once")
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POST", "/subjects/flowaudit.test-value/versions"),
                        org.assertj.core.groups.Tuple.tuple("GET", "/schemas/ids/" + FIRST_ID));
    }

    @Test
    void shouldResolveAnOlderWriterSchemaFetchedByIdToTheCurrentClass() throws IOException {
        Schema older = EmbeddedAvroSerdeTest.fixture("Flow-v0.avsc");
        int id = registry.register("flowaudit.flows-value", older);
        byte[] bytes = registryFormat(id, older, EmbeddedAvroSerdeTest.oldFlow(older));

        Flow flow = serde(Flow.class).deserialize("flowaudit.flows", bytes);

        assertThat(flow.getUuid()).isEqualTo(Samples.FLOW_UUID);
        assertThat(flow.getVerdict()).isEqualTo(HubbleVerdict.DROPPED);
        assertThat(flow.getDestinationPort()).isEqualTo(8080);
        assertThat(flow.getNodeLabels()).as("default of a field the writer lacked").isEmpty();
    }

    @Test
    void shouldNameTheFieldsAtFaultWhenAWriterSchemaCannotBeRead() throws IOException {
        Schema unrelated = SchemaParser.parseSingle("{\"type\":\"record\",\"name\":\"Flow\",\"namespace\":"
                + "\"io.flowaudit.schemas.avro\",\"fields\":[{\"name\":\"uuid\",\"type\":\"long\"}]}");
        int id = registry.register("flowaudit.flows-value", unrelated);
        GenericRecord record = new GenericData.Record(unrelated);
        record.put("uuid", 42L);
        byte[] bytes = registryFormat(id, unrelated, record);
        RegistryAvroSerde<Flow> serde = serde(Flow.class);

        assertThatThrownBy(() -> serde.deserialize("flowaudit.flows", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("writer schema " + id + " cannot be read as io.flowaudit.schemas.avro.Flow")
                .hasMessageContaining("/fields/0/type");
        assertThatThrownBy(() -> serde.deserialize("flowaudit.flows", bytes))
                .isInstanceOf(SerializationException.class);
        assertThat(registry.requests()).as("the verdict on an id is cached too").hasSize(1);
    }

    @Test
    void shouldMapNullToNullWithoutContactingTheRegistry() {
        RegistryAvroSerde<PolicyDocument> serde = serde(PolicyDocument.class);

        assertThat(serde.serialize("flowaudit.policies", null)).isNull();
        assertThat(serde.deserialize("flowaudit.policies", (byte[]) null)).isNull();
        assertThat(serde.deserialize("flowaudit.policies", new RecordHeaders(), (ByteBuffer) null)).isNull();
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void shouldRejectAnUnknownMagicByteAndRecogniseSingleObjectEncoding() {
        byte[] singleObject = new EmbeddedAvroSerde<>(Flow.class).serialize("flowaudit.flows", Samples.minimalFlow());

        assertThatThrownBy(() -> serde(Flow.class).deserialize("flowaudit.flows", singleObject))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte c3")
                .hasMessageContaining("single-object encoding");
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void shouldRejectARecordShorterThanTheHeader() {
        assertThatThrownBy(() -> serde(Flow.class).deserialize("flowaudit.flows", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes cannot be a Flow");
    }

    @Test
    void shouldCarryTheRegistryErrorWhenTheWriterSchemaIdIsUnknown() {
        byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'x'};

        SerializationException error = catchThrowableOfType(SerializationException.class,
                () -> serde(Flow.class).deserialize("flowaudit.flows", bytes));

        assertThat(error).hasMessageContaining("cannot get writer schema 12345");
        SchemaRegistryException cause = SchemaRegistryException.findIn(error).orElseThrow();
        assertThat(cause.status()).isEqualTo(404);
        assertThat(cause.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(cause.isRetriable()).as("bad data, fit for the dead-letter topic").isFalse();
    }

    @Test
    void shouldRejectBytesLeftAfterTheRecord() {
        RegistryAvroSerde<Verdict> serde = serde(Verdict.class);
        byte[] bytes = serde.serialize("flowaudit.verdicts", Samples.minimalVerdict());

        assertThatThrownBy(() -> serde.deserialize("flowaudit.verdicts", Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left after a Verdict");
    }

    @Test
    void shouldOnlyLookUpTheSchemaWhenAutoRegisterIsOff() {
        int id = registry.register("flowaudit.alerts-value", Alert.getClassSchema());
        RegistryAvroSerde<Alert> serde = new RegistryAvroSerde<>(Alert.class, client(), false, false);

        byte[] bytes = serde.serialize("flowaudit.alerts", Samples.driftAlert());

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path)
                .containsExactly("/subjects/flowaudit.alerts-value");
    }

    @Test
    void shouldSayTheSchemaIsNotRegisteredWhenAutoRegisterIsOff() {
        RegistryAvroSerde<Alert> serde = new RegistryAvroSerde<>(Alert.class, client(), false, false);

        SerializationException error = catchThrowableOfType(SerializationException.class,
                () -> serde.serialize("flowaudit.alerts", Samples.driftAlert()));

        assertThat(error).hasMessageContaining("not registered there and auto.register.schemas is false");
        assertThat(SchemaRegistryException.findIn(error)).get()
                .extracting(SchemaRegistryException::errorCode).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
    }

    @Test
    void shouldTurnAnIncompatibleRegistrationIntoASerializationException() {
        registry.failNext(409, 409, "Schema being registered is incompatible with an earlier schema");

        SerializationException error = catchThrowableOfType(SerializationException.class,
                () -> serde(Flow.class).serialize("flowaudit.flows", Samples.minimalFlow()));

        assertThat(error).hasMessageContaining("cannot get a schema id for Flow under subject flowaudit.flows-value");
        assertThat(SchemaRegistryException.findIn(error)).get().extracting(SchemaRegistryException::status)
                .isEqualTo(409);
    }

    @Test
    void shouldBeConfigurableFromStreamsStyleProperties() {
        Map<String, Object> streamsProperties = new HashMap<>();
        streamsProperties.put("application.id", "flowaudit");
        streamsProperties.put("bootstrap.servers", "127.0.0.1:9092");
        streamsProperties.put(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url().toString());
        streamsProperties.put(SerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "true");
        RegistryAvroSerde<Flow> serde = new RegistryAvroSerde<>(Flow.class);

        serde.configure(streamsProperties, true);
        byte[] bytes = serde.serializer().serialize("flowaudit.flows", new RecordHeaders(), Samples.dnsAnswer());

        assertThat(serde.deserializer().deserialize("flowaudit.flows", new RecordHeaders(), bytes))
                .isEqualTo(Samples.dnsAnswer());
        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path)
                .containsExactly("/subjects/flowaudit.flows-key/versions");
        assertThat(serde.toString()).contains("Flow", "key", registry.url().toString());
    }

    @Test
    void shouldRefuseUseBeforeConfigure() {
        RegistryAvroSerde<Flow> serde = new RegistryAvroSerde<>(Flow.class);

        assertThatThrownBy(() -> serde.serialize("flowaudit.flows", Samples.minimalFlow()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before configure");
    }

    @Test
    void shouldRefuseConfigurationWithoutARegistryUrl() {
        assertThatThrownBy(() -> new RegistryAvroSerde<>(Flow.class).configure(Map.of("application.id", "x"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url is not set");
    }

    /** The registry wire format written by hand: what another Confluent-compatible producer would send. */
    private static byte[] registryFormat(int id, Schema writer, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
