package io.flowaudit.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Avro serde that needs no server: Avro single-object encoding (two marker bytes {@code C3 01}, the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the writer schema's parsing canonical form, then the Avro binary
 * body), read back into the generated class {@code T}.
 *
 * <p>A record written with an older version of {@code T}'s schema decodes as long as that version is known to
 * the serde: from its {@linkplain #HISTORY_RESOURCE_PREFIX history resource} (found on the classpath when the
 * serde is built), added with {@link #addWriterSchema(Schema)}, or returned by the {@link SchemaStore} given to
 * the constructor. Avro schema resolution then fills fields the old version lacked with their defaults. Doc-only
 * changes keep the fingerprint, so they need no history entry.
 *
 * <p>When a schema changes, append its previous version to
 * {@code src/main/resources/io/flowaudit/schemas/avro/history/<Record>.json} (a JSON array of schemas), or
 * records already on the topics stop decoding.
 *
 * <p>A null record serializes to null and null bytes deserialize to null, so tombstones pass through. The serde
 * is its own {@link Serializer} and {@link Deserializer}, is thread-safe, and ignores {@code configure}: nothing
 * about it is configurable, and choosing between this and the registry format is {@link AvroSerdes}' job.
 *
 * @param <T> the generated record class
 */
public final class EmbeddedAvroSerde<T extends SpecificRecord> extends AvroSerdeBase<T> {

    /**
     * Where older schema versions of a record are looked up on the classpath: this prefix, the record's simple
     * name, {@code .json}; the file holds a JSON array of complete Avro schemas of the same full name.
     */
    public static final String HISTORY_RESOURCE_PREFIX = "io/flowaudit/schemas/avro/history/";

    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedAvroSerde.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadLocal<SerdeSupport.Output> BUFFER = ThreadLocal.withInitial(SerdeSupport.Output::new);
    private static final int HEADER_SIZE = 10;

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    /** A serde for {@code type} that knows the class's schema and the versions in its history resource. */
    public EmbeddedAvroSerde(Class<T> type) {
        this(type, null);
    }

    /**
     * A serde for {@code type} that also asks {@code resolver} for writer schemas it does not know.
     *
     * @param resolver looked up by fingerprint on the first record of each unknown schema; may be null
     */
    public EmbeddedAvroSerde(Class<T> type, SchemaStore resolver) {
        this.type = Objects.requireNonNull(type, "type can't be null");
        // The class's own model carries its logical-type conversions (Instant for timestamp-millis);
        // SpecificData.get() does not.
        SpecificData model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema, resolver);
        for (Schema older : history(type, schema)) {
            decoder.addSchema(older);
        }
    }

    /** The reader (and writer) schema: the generated class's. */
    public Schema schema() {
        return schema;
    }

    /**
     * Lets the serde decode records written with {@code writerSchema}, an earlier (or later) version of
     * {@code T}'s schema. Safe to call while the serde is in use.
     */
    public void addWriterSchema(Schema writerSchema) {
        Objects.requireNonNull(writerSchema, "writerSchema can't be null");
        if (!writerSchema.getFullName().equals(schema.getFullName())) {
            throw new IllegalArgumentException("a writer schema for " + schema.getFullName() + " must have that name,"
                    + " not " + writerSchema.getFullName());
        }
        decoder.addSchema(writerSchema);
    }

    /** Nothing to configure; a registry URL here means the caller wanted {@link AvroSerdes}, so say so. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (configs != null && new SerdeConfig(configs).hasRegistry()) {
            LOGGER.warn("{} ignores {}: records of {} are written with single-object encoding, which registry-aware"
                    + " consumers cannot read; build serdes with AvroSerdes or Topics to use the registry",
                    this, SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, type.getSimpleName());
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        SerdeSupport.Output out = BUFFER.get();
        out.reset();
        try {
            encoder.encode(data, out);
        } catch (IOException | RuntimeException e) {
            // Avro reports a missing required field as a NullPointerException or AvroRuntimeException; Kafka's
            // contract is a SerializationException, which the production exception handler knows how to treat.
            throw new SerializationException("cannot serialize " + type.getSimpleName() + " for topic " + topic
                    + ": " + SerdeSupport.reason(e), e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String toString() {
        return "EmbeddedAvroSerde[" + type.getSimpleName() + "]";
    }

    @Override
    T decode(String topic, byte[] data, int offset, int length) {
        SerdeSupport.Input in = new SerdeSupport.Input(data, offset, length);
        T value;
        try {
            value = decoder.decode(in, null);
        } catch (MissingSchemaException e) {
            long fingerprint = length >= HEADER_SIZE
                    ? ByteBuffer.wrap(data, offset + 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() : 0;
            throw new SerializationException(topic + ": record written with an unknown schema of "
                    + type.getSimpleName() + " (fingerprint " + String.format(Locale.ROOT, "0x%016x", fingerprint)
                    + "); register that schema version with the serde or add it to its history resource", e);
        } catch (BadHeaderException e) {
            throw new SerializationException(topic + ": not an Avro single-object encoded " + type.getSimpleName()
                    + " (" + e.getMessage() + "; starts with " + SerdeSupport.leadingBytes(data, offset, length, 5)
                    + ")" + (length > 0 && data[offset] == RegistryAvroSerde.MAGIC_BYTE
                            ? ": a leading 00 is the schema-registry wire format; set "
                                    + SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG
                            : ""), e);
        } catch (IOException | RuntimeException e) {
            // Corrupt bytes can surface as almost any runtime exception inside Avro's decoder (EOF, negative
            // lengths, enum ordinals out of range); all mean the same thing to the caller.
            throw new SerializationException(topic + ": cannot deserialize " + type.getSimpleName() + ": "
                    + SerdeSupport.reason(e), e);
        }
        if (in.available() > 0) {
            throw new SerializationException(topic + ": " + in.available() + " bytes left after a "
                    + type.getSimpleName() + "; the record is corrupt or was written with a different schema");
        }
        return value;
    }

    private static List<Schema> history(Class<?> type, Schema current) {
        String resource = HISTORY_RESOURCE_PREFIX + type.getSimpleName() + ".json";
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader()
                : ClassLoader.getSystemClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return List.of();
            }
            JsonNode versions = JSON.readTree(in);
            if (versions == null || !versions.isArray()) {
                throw new IllegalStateException(resource + ": expected a JSON array of older " + current.getName()
                        + " schemas");
            }
            List<Schema> schemas = new ArrayList<>();
            for (int i = 0; i < versions.size(); i++) {
                Schema older = parseHistoryEntry(resource, i, versions.get(i));
                if (!older.getFullName().equals(current.getFullName())) {
                    throw new IllegalStateException(resource + "[" + i + "]: schema of " + older.getFullName()
                            + ", expected " + current.getFullName());
                }
                schemas.add(older);
            }
            return schemas;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Schema parseHistoryEntry(String resource, int index, JsonNode entry) {
        try {
            // One parser per entry: every version defines the same names, which a shared parser would reject.
            return SchemaParser.parseSingle(entry.toString());
        } catch (SchemaParseException e) {
            throw new IllegalStateException(resource + "[" + index + "]: " + e.getMessage(), e);
        }
    }
}
