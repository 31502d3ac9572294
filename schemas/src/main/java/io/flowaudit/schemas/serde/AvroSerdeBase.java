package io.flowaudit.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka serde plumbing both Avro serdes share: one object is serde, serializer and deserializer; header
 * and buffer overloads delegate to the encoding's own {@link #serialize(String, Object)} and {@link #decode}.
 */
abstract class AvroSerdeBase<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    // Serde, Serializer and Deserializer each default these: the subclass decides.
    @Override
    public abstract void configure(java.util.Map<String, ?> configs, boolean isKey);

    @Override
    public abstract void close();

    /** Decodes {@code length} bytes at {@code offset}; never called with null. */
    abstract T decode(String topic, byte[] data, int offset, int length);

    @Override
    public final byte[] serialize(String topic, Headers headers, T data) {
        return serialize(topic, data);
    }

    @Override
    public final T deserialize(String topic, byte[] data) {
        return data == null ? null : decode(topic, data, 0, data.length);
    }

    @Override
    public final T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public final T deserialize(String topic, Headers headers, ByteBuffer data) {
        if (data == null) {
            return null;
        }
        if (data.hasArray()) {
            return decode(topic, data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return decode(topic, copy, 0, copy.length);
    }

    @Override
    public final Serializer<T> serializer() {
        return this;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return this;
    }
}
