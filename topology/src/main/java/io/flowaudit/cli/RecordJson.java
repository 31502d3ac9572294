package io.flowaudit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.PolicyDocument;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Records read back from flowaudit's topics as one-line JSON objects ({@code flowaudit consume}). Verdicts and
 * alerts have their own writers ({@link VerdictLineWriter}, {@link FindingWriter}); this class renders the rest.
 *
 * <p>Any Avro record ({@link #avro}) is written compactly: one member per schema field, under its Avro name,
 * unions as their value (no {@code {"string": ...}} wrapper as Avro's JSON encoding has), enums as names,
 * timestamps as ISO-8601 text and bytes as base64.
 */
final class RecordJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private RecordJson() {
    }

    /** Any Avro record (a Flow, a WhatIfDiff, ...), field by field. */
    static String avro(IndexedRecord record) {
        return write(g -> value(g, record));
    }

    /** A policy document with its topic key. */
    static String policyDocument(String key, PolicyDocument d) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("key", key);
            g.writeStringField("kind", d.getKind().name());
            if (d.getNamespace() != null) {
                g.writeStringField("namespace", d.getNamespace());
            }
            g.writeStringField("name", d.getName());
            g.writeStringField("source", d.getSource());
            g.writeStringField("observed_at", d.getObservedAt().toString());
            g.writeStringField("content", d.getContent());
            g.writeEndObject();
        });
    }

    /** A dead letter: where the original record was, why it was set aside, and its bytes in base64. */
    static String deadLetter(String key, DeadLetter d) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("key", key);
            g.writeStringField("topic", d.getSourceTopic());
            g.writeNumberField("partition", d.getPartition());
            g.writeNumberField("offset", d.getOffset());
            g.writeStringField("reason", d.getReason());
            if (d.getErrorClass() != null) {
                g.writeStringField("error_class", d.getErrorClass());
            }
            g.writeStringField("time", d.getTime().toString());
            if (d.getApplicationId() != null) {
                g.writeStringField("application_id", d.getApplicationId());
            }
            if (d.getOriginalKey() != null) {
                g.writeStringField("original_key", base64(d.getOriginalKey()));
            }
            g.writeStringField("original_value", base64(d.getOriginalValue()));
            g.writeEndObject();
        });
    }

    /** A record with no value: on the compacted policy topics, the deletion of {@code key}. */
    static String tombstone(String key) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("key", key);
            g.writeBooleanField("deleted", true);
            g.writeEndObject();
        });
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof IndexedRecord r) {
            g.writeStartObject();
            for (Schema.Field f : r.getSchema().getFields()) {
                g.writeFieldName(f.name());
                value(g, r.get(f.pos()));
            }
            g.writeEndObject();
        } else if (v instanceof CharSequence || v instanceof Enum<?>) {
            g.writeString(v.toString());
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof ByteBuffer b) {
            g.writeString(base64(b));
        } else if (v instanceof byte[] b) {
            g.writeString(BASE64.encodeToString(b));
        } else if (v instanceof GenericFixed f) {
            g.writeString(BASE64.encodeToString(f.bytes()));
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            // enum symbols of generic records, java.time values of logical types, UUIDs: their text form
            g.writeString(v.toString());
        }
    }

    private static String base64(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] bytes = new byte[d.remaining()];
        d.get(bytes);
        return BASE64.encodeToString(bytes);
    }

    private static String write(Body body) {
        StringWriter sw = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            body.write(g);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return sw.toString();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }
}
