package io.flowaudit.connect.common;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import io.flowaudit.schemas.Topic;
import io.flowaudit.schemas.Topics;

/**
 * Encodes record values exactly as flowaudit's topology reads them: with the value serde of the flowaudit
 * {@link Topic} (schema-registry wire format when {@code schema.registry.url} is set, else Avro single-object
 * encoding). The sources hand Connect these bytes with {@code Schema.BYTES_SCHEMA}, so the worker must pass
 * them through unchanged: {@code value.converter=org.apache.kafka.connect.converters.ByteArrayConverter}
 * (and {@code key.converter=org.apache.kafka.connect.storage.StringConverter}, keys being plain strings).
 *
 * @param <T> the Avro record type
 */
public final class AvroValueEncoder<T extends SpecificRecord> implements AutoCloseable {
    private final String topic;
    private final Serializer<T> serializer;

    private AvroValueEncoder(String topic, Serializer<T> serializer) {
        this.topic = topic;
        this.serializer = serializer;
    }

    /**
     * An encoder of {@code io.flowaudit.schemas.avro.Flow} values.
     *
     * @param serdeConfig the connector configuration; its serde keys ({@code schema.registry.url}, ...) choose
     *                    the encoding, other keys are ignored
     * @param topic the topic written to (the registry subject is {@code <topic>-value})
     */
    public static AvroValueEncoder<io.flowaudit.schemas.avro.Flow> flows(Map<String, ?> serdeConfig, String topic) {
        return of(Topics.of(serdeConfig).flows(), topic);
    }

    /** An encoder of {@code PolicyDocument} values; see {@link #flows(Map, String)}. */
    public static AvroValueEncoder<io.flowaudit.schemas.avro.PolicyDocument> policies(Map<String, ?> serdeConfig,
                                                                                       String topic) {
        return of(Topics.of(serdeConfig).policies(), topic);
    }

    private static <T extends SpecificRecord> AvroValueEncoder<T> of(Topic<String, T> catalogue, String topic) {
        Objects.requireNonNull(topic, "topic can't be null");
        return new AvroValueEncoder<>(topic, catalogue.valueSerde().serializer());
    }

    /** The encoded value; null (a tombstone) stays null. */
    public byte[] encode(T value) {
        return value == null ? null : serializer.serialize(topic, value);
    }

    @Override
    public void close() {
        serializer.close();
    }
}
