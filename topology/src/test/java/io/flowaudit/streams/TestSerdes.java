package io.flowaudit.streams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Plain Avro binary serdes for topology tests. */
final class TestSerdes implements FlowauditTopology.SerdeFactory {
    @Override
    public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        var schema = SpecificData.get().getSchema(type);
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema);
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema);
        return Serdes.serdeFrom((topic, v) -> {
            if (v == null) {
                return null;
            }
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
                writer.write(v, enc);
                enc.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
