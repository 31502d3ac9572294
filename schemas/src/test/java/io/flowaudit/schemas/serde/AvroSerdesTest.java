package io.flowaudit.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import io.flowaudit.schemas.Samples;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.Verdict;

class AvroSerdesTest {

    @Test
    void shouldChooseTheEmbeddedSerdeWithoutARegistryUrl() {
        assertThat(AvroSerdes.serde(Flow.class, Map.of("application.id", "flowaudit"), false))
                .isInstanceOf(EmbeddedAvroSerde.class);
        assertThat(AvroSerdes.serde(Flow.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, " "), false))
                .as("a blank URL is no registry").isInstanceOf(EmbeddedAvroSerde.class);
        assertThat(AvroSerdes.of(Map.of()).registryClient()).isEmpty();
    }

    @Test
    void shouldChooseTheRegistrySerdeWhenARegistryUrlIsSet() throws IOException {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start()) {
            Serde<Flow> serde = AvroSerdes.serde(Flow.class,
                    Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url().toString()), true);

            assertThat(serde).isInstanceOf(RegistryAvroSerde.class);
            serde.serializer().serialize("flowaudit.flows", Samples.minimalFlow());
            assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path)
                    .as("isKey picks the key subject").containsExactly("/subjects/flowaudit.flows-key/versions");
        }
    }

    @Test
    void shouldShareOneRegistryClientAndItsCacheAmongTheSerdesOfAFactory() throws IOException {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start()) {
            AvroSerdes serdes = AvroSerdes.of(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url().toString()));
            Serde<Verdict> producer = serdes.serde(Verdict.class, false);
            Serde<Verdict> consumer = serdes.serde(Verdict.class, false);

            byte[] bytes = producer.serializer().serialize("flowaudit.verdicts", Samples.deniedVerdict());
            Verdict read = consumer.deserializer().deserialize("flowaudit.verdicts", bytes);

            assertThat(read).isEqualTo(Samples.deniedVerdict());
            assertThat(registry.requests()).as("the consumer finds the id in the shared cache").hasSize(1);
            assertThat(serdes.usesRegistry()).isTrue();
        }
    }

    @Test
    void shouldHonourAutoRegisterSchemasFromTheConfiguration() throws IOException {
        try (FakeSchemaRegistry registry = FakeSchemaRegistry.start()) {
            Serde<Flow> serde = AvroSerdes.serde(Flow.class, Map.of(
                    SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url().toString(),
                    SerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);
            registry.register("flowaudit.flows-value", Flow.getClassSchema());

            serde.serializer().serialize("flowaudit.flows", Samples.minimalFlow());

            assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path)
                    .containsExactly("/subjects/flowaudit.flows-value");
        }
    }

    @Test
    void shouldRejectAnInvalidSettingNamingTheKey() {
        assertThatThrownBy(() -> AvroSerdes.of(Map.of(SerdeConfig.HTTP_READ_TIMEOUT_MS_CONFIG, "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SerdeConfig.HTTP_READ_TIMEOUT_MS_CONFIG);
        assertThatThrownBy(() -> AvroSerdes.of(Map.of(SerdeConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG, 0)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SerdeConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG);
    }
}
