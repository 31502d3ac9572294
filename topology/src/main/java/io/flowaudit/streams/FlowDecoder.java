package io.flowaudit.streams;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes a flow record value: Avro (the topology's own format) or, when the value is a JSON object, a Hubble
 * JSON line as {@code hubble observe -o json} prints it, so Hubble output can be piped onto the topic as is.
 */
public final class FlowDecoder {
    private final Deserializer<io.flowaudit.schemas.avro.Flow> avro;
    private final HubbleJsonReader json = new HubbleJsonReader();

    public FlowDecoder(Deserializer<io.flowaudit.schemas.avro.Flow> avro) {
        this.avro = avro;
    }

    /** @throws RuntimeException with a message saying what is wrong, for the dead-letter record */
    public Flow decode(String topic, byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty record value");
        }
        int i = 0;
        while (i < value.length && Character.isWhitespace(value[i])) {
            i++;
        }
        if (i < value.length && value[i] == '{') {
            return json.parseFlow(value);
        }
        io.flowaudit.schemas.avro.Flow f = avro.deserialize(topic, value);
        if (f == null) {
            throw new IllegalArgumentException("record value decodes to null");
        }
        return AvroFlows.fromAvro(f);
    }
}
