package io.flowaudit.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Plain Avro binary encoding of generated records, as the serdes will do it, for the tests. */
public final class AvroCodec {

    /** The two bytes every Avro single-object encoded message starts with. */
    public static final byte[] SINGLE_OBJECT_MARKER = {(byte) 0xC3, (byte) 0x01};

    private AvroCodec() {
    }

    public static <T extends SpecificRecord> byte[] encode(T record, Class<T> type) {
        // The class-based writer uses the record's own SpecificData, which carries the
        // logical-type conversions (Instant for timestamp-millis); SpecificData.get() does not.
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type) {
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IllegalStateException("decoding " + type.getSimpleName() + " left bytes unread");
            }
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T extends SpecificRecord> T roundTrip(T record, Class<T> type) {
        return decode(encode(record, type), type);
    }

    /** The schema fingerprint in a single-object encoded message: little-endian, after the marker. */
    public static long singleObjectFingerprint(ByteBuffer message) {
        return message.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(SINGLE_OBJECT_MARKER.length);
    }

    public static byte[] singleObjectMarker(ByteBuffer message) {
        byte[] marker = new byte[SINGLE_OBJECT_MARKER.length];
        message.duplicate().get(marker);
        return marker;
    }
}
