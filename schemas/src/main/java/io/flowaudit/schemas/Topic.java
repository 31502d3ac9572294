package io.flowaudit.schemas;

import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic with the serdes of its keys and values, so that the name and the types cannot drift apart
 * between producers, the topology and consumers.
 *
 * @param name       the topic name, e.g. {@value Topics#FLOWS}
 * @param keySerde   serde of the record keys
 * @param valueSerde serde of the record values; maps a null value (tombstone) to null both ways
 * @param compacted  whether the topic is meant to be created with {@code cleanup.policy=compact}: its latest
 *                   value per key is the state, and a tombstone deletes the key
 * @param doc        what the topic holds and what its key is, for people
 * @param <K>        key type
 * @param <V>        value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted, String doc) {

    public Topic {
        Objects.requireNonNull(name, "name can't be null");
        Objects.requireNonNull(keySerde, "keySerde can't be null");
        Objects.requireNonNull(valueSerde, "valueSerde can't be null");
        Objects.requireNonNull(doc, "doc can't be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a topic name can't be blank");
        }
    }

    @Override
    public String toString() {
        // Name and serde kinds only: the doc is long, and serdes print no credentials but need not be repeated.
        return "Topic[" + name + ", key " + keySerde.getClass().getSimpleName() + ", value " + valueSerde
                + (compacted ? ", compacted" : "") + "]";
    }
}
