package io.flowaudit.connect.siem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Objects;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.Verdict;
import org.apache.kafka.connect.sink.SinkRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/** Base of the JSON encoders: a compact one-line document per event, null and empty values left out. */
abstract class JsonEncoder implements EventEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    /** The connector version the documents carry. */
    protected final String version;
    protected final SiemSinkConnectorConfig config;

    JsonEncoder(String version, SiemSinkConnectorConfig config) {
        this.version = Objects.requireNonNull(version, "version can't be null");
        this.config = Objects.requireNonNull(config, "config can't be null");
    }

    @Override
    public final EncodedEvent encode(SinkRecord record, Alert alert) {
        byte[] doc = document(json -> writeAlert(json, alert));
        return new EncodedEvent(record, doc, alert.getLastSeen(), "", EncodedEvent.idOf(record));
    }

    @Override
    public final EncodedEvent encode(SinkRecord record, Verdict denial) {
        byte[] doc = document(json -> writeDenial(json, denial));
        return new EncodedEvent(record, doc, SiemEvents.flowTime(denial), denial.getNodeName(),
                EncodedEvent.idOf(record));
    }

    /** The alert document's fields in this format. */
    abstract void writeAlert(Json json, Alert alert) throws IOException;

    /** The denial document's fields in this format. */
    abstract void writeDenial(Json json, Verdict denial) throws IOException;

    /** Writes one document's fields (the caller has opened and will close the object). */
    @FunctionalInterface
    interface Body {
        void write(Json json) throws IOException;
    }

    static byte[] document(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            Json json = new Json(generator);
            generator.writeStartObject();
            body.write(json);
            generator.writeEndObject();
        } catch (IOException e) {
            // A generator on a byte array only fails on a bug, never on I/O.
            throw new UncheckedIOException("cannot write a JSON document", e);
        }
        return out.toByteArray();
    }

    /** A thin JsonGenerator wrapper whose writers skip null and empty values. */
    static final class Json {
        private final JsonGenerator out;

        Json(JsonGenerator out) {
            this.out = out;
        }

        Json string(String name, String value) throws IOException {
            if (value != null && !value.isEmpty()) {
                out.writeStringField(name, value);
            }
            return this;
        }

        Json number(String name, long value) throws IOException {
            out.writeNumberField(name, value);
            return this;
        }

        Json bool(String name, boolean value) throws IOException {
            out.writeBooleanField(name, value);
            return this;
        }

        /** Writes a string array; skips an empty one. */
        Json strings(String name, Collection<String> values) throws IOException {
            if (values.isEmpty()) {
                return this;
            }
            out.writeArrayFieldStart(name);
            for (String value : values) {
                out.writeString(value);
            }
            out.writeEndArray();
            return this;
        }

        Json startObject(String name) throws IOException {
            out.writeObjectFieldStart(name);
            return this;
        }

        Json startArray(String name) throws IOException {
            out.writeArrayFieldStart(name);
            return this;
        }

        Json startObject() throws IOException {
            out.writeStartObject();
            return this;
        }

        Json end() throws IOException {
            if (out.getOutputContext().inArray()) {
                out.writeEndArray();
            } else {
                out.writeEndObject();
            }
            return this;
        }
    }
}
