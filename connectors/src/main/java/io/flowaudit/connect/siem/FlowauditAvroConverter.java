package io.flowaudit.connect.siem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

import io.flowaudit.connect.common.Version;
import io.flowaudit.schemas.Topic;
import io.flowaudit.schemas.Topics;

/**
 * Converts between flowaudit's Avro values and Connect data, with the same serdes as the topology
 * ({@link Topics#of(Map)}): the schema-registry wire format when {@code schema.registry.url} is set, else Avro
 * single-object encoding. The record type follows from the topic ({@code flowaudit.alerts} holds {@code Alert},
 * {@code flowaudit.denials} {@code Verdict}, and so on for every flowaudit topic); topics under other names are
 * mapped with {@value #TOPIC_ALIASES_CONFIG}.
 *
 * <p>{@code toConnectData} returns the generated SpecificRecord itself as the value, with a null (opaque)
 * schema: flowaudit's records are nested, with unions and arrays of records, and the SIEM sink wants the typed
 * record, not a Connect Struct it would have to map back. Decoding in a converter rather than in the task keeps
 * Connect's own error handling for undecodable bytes ({@code errors.tolerance}, the dead letter queue with the
 * original bytes and the exception in its headers) and leaves the task one job: delivering. SMTs that only touch
 * the topic, key or headers work; SMTs that inspect a Struct value do not.
 *
 * <p>Settings (after Connect strips {@code value.converter.}): the {@code schema.registry.*} and
 * {@code basic.auth.*} keys of flowaudit's serdes, and {@value #TOPIC_ALIASES_CONFIG}. Only for values: as a key
 * converter it refuses to configure (keys are strings: use StringConverter).
 */
public class FlowauditAvroConverter implements Converter {

    public static final String TOPIC_ALIASES_CONFIG = "topic.aliases";
    private static final String TOPIC_ALIASES_DOC = "Topics under names other than flowaudit's, as"
            + " topic:flowaudit-topic pairs, e.g. prod.alerts:flowaudit.alerts,prod.denials:flowaudit.denials: the"
            + " records of each are read as the records of the flowaudit topic it names.";

    private static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_ALIASES_CONFIG, Type.LIST, "", Importance.MEDIUM, TOPIC_ALIASES_DOC);

    private final Map<String, Serde<?>> serdes = new HashMap<>();

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (isKey) {
            throw new ConfigException("key.converter", getClass().getName(), "flowaudit's keys are strings: use"
                    + " org.apache.kafka.connect.storage.StringConverter as key.converter");
        }
        Topics topics = Topics.of(configs);
        serdes.clear();
        for (Topic<String, ?> topic : topics.all()) {
            serdes.put(topic.name(), topic.valueSerde());
        }
        Object aliases = configs.get(TOPIC_ALIASES_CONFIG);
        List<?> pairs = (List<?>) ConfigDef.parseType(TOPIC_ALIASES_CONFIG, aliases == null ? "" : aliases,
                Type.LIST);
        for (Object pair : pairs) {
            String text = pair.toString().strip();
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new ConfigException(TOPIC_ALIASES_CONFIG, aliases, "\"" + text
                        + "\" is not topic:flowaudit-topic");
            }
            String target = text.substring(colon + 1);
            Serde<?> serde = serdes.get(target);
            if (serde == null) {
                throw new ConfigException(TOPIC_ALIASES_CONFIG, aliases, "\"" + target + "\" is not a flowaudit topic;"
                        + " known: " + String.join(", ", topicNames(topics)));
            }
            serdes.put(text.substring(0, colon), serde);
        }
    }

    private static List<String> topicNames(Topics topics) {
        return topics.all().stream().map(Topic::name).toList();
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        return toConnectData(topic, null, value);
    }

    @Override
    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        try {
            Object record = headers == null ? serde(topic).deserializer().deserialize(topic, value)
                    : serde(topic).deserializer().deserialize(topic, headers, value);
            return new SchemaAndValue(null, record);
        } catch (SerializationException e) {
            throw new DataException("cannot decode the value of a record on " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        return fromConnectData(topic, null, schema, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        Serde<Object> serde = (Serde<Object>) serde(topic);
        try {
            return headers == null ? serde.serializer().serialize(topic, value)
                    : serde.serializer().serialize(topic, headers, value);
        } catch (ClassCastException | SerializationException e) {
            throw new DataException("cannot encode a " + value.getClass().getName() + " for " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private Serde<?> serde(String topic) {
        Serde<?> serde = serdes.get(topic);
        if (serde == null) {
            throw new DataException("topic " + topic + " is not a flowaudit topic, so its record type is unknown: map"
                    + " it with value.converter." + TOPIC_ALIASES_CONFIG + "=" + topic + ":<flowaudit topic>");
        }
        return serde;
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
