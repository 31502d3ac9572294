package io.flowaudit.connect.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import io.flowaudit.schemas.Topics;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.Verdict;

class FlowauditAvroConverterTest {

    private final Topics topics = Topics.embedded();

    @Test
    void shouldHandTheDecodedAlertToConnectWithAnOpaqueSchema() {
        FlowauditAvroConverter converter = converter(Map.of());
        Alert alert = SiemFixtures.missingDnsAlert();
        byte[] bytes = topics.alerts().valueSerde().serializer().serialize(Topics.ALERTS, alert);

        SchemaAndValue data = converter.toConnectData(Topics.ALERTS, bytes);

        assertThat(data.schema()).isNull();
        assertThat(data.value()).isEqualTo(alert);
    }

    @Test
    void shouldReadDenialsAsVerdictsAndRoundTripThem() {
        FlowauditAvroConverter converter = converter(Map.of());
        Verdict denial = SiemFixtures.denial();

        byte[] bytes = converter.fromConnectData(Topics.DENIALS, null, denial);

        assertThat(converter.toConnectData(Topics.DENIALS, bytes).value()).isEqualTo(denial);
        assertThat(bytes).isEqualTo(topics.denials().valueSerde().serializer().serialize(Topics.DENIALS, denial));
    }

    @Test
    void shouldMapTopicsUnderOtherNamesThroughAliases() {
        FlowauditAvroConverter converter = converter(Map.of(FlowauditAvroConverter.TOPIC_ALIASES_CONFIG,
                "prod.alerts:flowaudit.alerts, prod.denials:flowaudit.denials"));
        byte[] bytes = topics.alerts().valueSerde().serializer().serialize(Topics.ALERTS, SiemFixtures.simpleAlert(1));

        assertThat(converter.toConnectData("prod.alerts", bytes).value()).isInstanceOf(Alert.class);
    }

    @Test
    void shouldNameTheSettingForAnUnknownTopic() {
        FlowauditAvroConverter converter = converter(Map.of());

        assertThatThrownBy(() -> converter.toConnectData("other.topic", new byte[] {1}))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("value.converter.topic.aliases=other.topic:<flowaudit topic>");
    }

    @Test
    void shouldTurnUndecodableBytesIntoADataExceptionForConnectsErrorHandling() {
        FlowauditAvroConverter converter = converter(Map.of());

        assertThatThrownBy(() -> converter.toConnectData(Topics.ALERTS, new byte[] {1, 2, 3}))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("cannot decode the value of a record on flowaudit.alerts");
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(converter(Map.of()).toConnectData(Topics.ALERTS, null)).isEqualTo(SchemaAndValue.NULL);
    }

    @Test
    void shouldRefuseToConvertKeysAndBadAliases() {
        assertThatThrownBy(() -> new FlowauditAvroConverter().configure(Map.of(), true))
                .isInstanceOf(ConfigException.class).hasMessageContaining("StringConverter");
        assertThatThrownBy(() -> converter(Map.of(FlowauditAvroConverter.TOPIC_ALIASES_CONFIG, "a:b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("\"b\" is not a flowaudit topic");
    }

    private static FlowauditAvroConverter converter(Map<String, ?> configs) {
        FlowauditAvroConverter converter = new FlowauditAvroConverter();
        converter.configure(configs, false);
        return converter;
    }
}
