package io.flowaudit.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serde in the schema-registry wire format that Confluent-compatible producers and consumers share: one
 * magic byte {@code 0x00}, the writer schema's registry id as a 4-byte big-endian int, then the Avro binary body.
 *
 * <p>Writing, the schema of {@code T} is registered (or, with {@code auto.register.schemas=false}, looked up)
 * under the subject {@code <topic>-value}, or {@code <topic>-key} for a key serde (the registry's
 * TopicNameStrategy), once per topic. Reading, the writer schema is fetched by id once and resolved against
 * {@code T}'s schema, so records written with older (or newer, compatible) versions decode into the current
 * class. The compatibility check happens once per id and an incompatible writer is reported with the fields
 * at fault.
 *
 * <p>A null record serializes to null and null bytes deserialize to null without contacting the registry, so
 * tombstones pass through. Failures are Kafka {@link SerializationException}s; when the registry itself failed,
 * the cause chain holds a {@link SchemaRegistryException} (see {@link SchemaRegistryException#findIn}).
 *
 * <p>Build it ready to use with a shared {@link SchemaRegistryClient}, or with {@link #RegistryAvroSerde(Class)}
 * and then {@link #configure(Map, boolean)} from the serde settings in {@link SerdeConfig} (the Kafka way).
 * Thread-safe once configured.
 *
 * @param <T> the generated record class
 */
public final class RegistryAvroSerde<T extends SpecificRecord> extends AvroSerdeBase<T> {

    /** First byte of every record in the registry wire format. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus the 4-byte schema id. */
    public static final int HEADER_SIZE = 5;

    private static final ThreadLocal<SerdeSupport.Output> BUFFER = ThreadLocal.withInitial(SerdeSupport.Output::new);
    private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();
    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    private final Class<T> type;
    private final SpecificData model;
    private final Schema schema;
    private final DatumWriter<T> writer;
    private final ConcurrentMap<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Reader<T>> readersById = new ConcurrentHashMap<>();
    private volatile Settings settings;

    private record Settings(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
    }

    /** The reader for one writer schema id, or why that writer cannot be read into {@code T}. */
    private record Reader<T>(DatumReader<T> reader, String incompatibility) {
    }

    /** An unconfigured serde: call {@link #configure(Map, boolean)} before use. */
    public RegistryAvroSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type can't be null");
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    /**
     * A ready serde.
     *
     * @param client       the registry client, typically shared by all serdes of an application
     * @param isKey        whether records are keys (subject {@code <topic>-key}) or values ({@code <topic>-value})
     * @param autoRegister whether to register the schema, or only look it up
     */
    public RegistryAvroSerde(Class<T> type, SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        this(type);
        this.settings = new Settings(Objects.requireNonNull(client, "client can't be null"), isKey, autoRegister);
    }

    /**
     * Configures the serde from Kafka-style properties (see {@link SerdeConfig}): builds a registry client for
     * {@value SerdeConfig#SCHEMA_REGISTRY_URL_CONFIG}, which must be set, and reads
     * {@value SerdeConfig#AUTO_REGISTER_SCHEMAS_CONFIG}. Replaces any earlier configuration and its caches.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        SerdeConfig config = new SerdeConfig(Objects.requireNonNull(configs, "configs can't be null"));
        if (!config.hasRegistry()) {
            throw new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " is not set: " + this
                    + " needs a schema registry (AvroSerdes falls back to the embedded encoding when there is none)");
        }
        Settings configured = new Settings(new SchemaRegistryClient(config), isKey, config.autoRegisterSchemas());
        idsByTopic.clear();
        readersById.clear();
        this.settings = configured;
    }

    /** The registry subject for {@code topic}: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        Objects.requireNonNull(topic, "topic can't be null");
        return topic + (isKey ? "-key" : "-value");
    }

    /** The schema written: the generated class's. */
    public Schema schema() {
        return schema;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (topic == null) {
            throw new SerializationException("cannot serialize " + type.getSimpleName() + " without a topic: the"
                    + " registry subject is named after it");
        }
        int id = schemaId(topic);
        SerdeSupport.Output out = BUFFER.get();
        out.reset();
        out.write(MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODER.get());
            ENCODER.set(encoder);
            writer.write(data, encoder);
            encoder.flush();
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
        // The client may be shared with other serdes and holds nothing that needs closing.
    }

    @Override
    public String toString() {
        Settings current = settings;
        return "RegistryAvroSerde[" + type.getSimpleName()
                + (current == null ? ", unconfigured]"
                        : (current.isKey() ? ", key, " : ", value, ") + current.client() + "]");
    }

    private Settings settings() {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException(this + " was used before configure(Map, boolean) gave it a schema"
                    + " registry");
        }
        return current;
    }

    private int schemaId(String topic) {
        Integer cached = idsByTopic.get(topic);
        if (cached != null) {
            return cached;
        }
        Settings current = settings();
        String subject = subject(topic, current.isKey());
        int id;
        try {
            id = current.autoRegister() ? current.client().register(subject, schema)
                    : current.client().lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            boolean notRegistered = !current.autoRegister() && e.status() == 404;
            throw new SerializationException("cannot get a schema id for " + type.getSimpleName() + " under subject "
                    + subject + (notRegistered ? ": the schema is not registered there and "
                            + SerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG + " is false" : "")
                    + ": " + e.getMessage(), e);
        }
        idsByTopic.putIfAbsent(topic, id);
        return id;
    }

    @Override
    T decode(String topic, byte[] data, int offset, int length) {
        if (length < HEADER_SIZE) {
            throw new SerializationException(topic + ": " + length + " bytes cannot be a " + type.getSimpleName()
                    + " in the schema-registry wire format, which starts with a magic byte and a 4-byte schema id");
        }
        if (data[offset] != MAGIC_BYTE) {
            throw new SerializationException(topic + ": unknown magic byte " + SerdeSupport.leadingBytes(data, offset,
                    length, 1) + " (expected 00) before a " + type.getSimpleName()
                    + ((data[offset] & 0xff) == 0xC3 ? "; C3 01 starts Avro single-object encoding, written by a"
                            + " producer without " + SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG : ""));
        }
        int id = ((data[offset + 1] & 0xff) << 24) | ((data[offset + 2] & 0xff) << 16)
                | ((data[offset + 3] & 0xff) << 8) | (data[offset + 4] & 0xff);
        Reader<T> reader = readerFor(topic, id);
        if (reader.incompatibility() != null) {
            throw new SerializationException(topic + ": writer schema " + id + " cannot be read as "
                    + schema.getFullName() + ": " + reader.incompatibility());
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset + HEADER_SIZE,
                length - HEADER_SIZE, DECODER.get());
        DECODER.set(decoder);
        T value;
        try {
            value = reader.reader().read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException(topic + ": bytes left after a " + type.getSimpleName()
                        + " written with schema " + id + "; the record is corrupt");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException serializationError) {
                throw serializationError;
            }
            // Corrupt bytes can surface as almost any runtime exception inside Avro's decoder (EOF, negative
            // lengths, enum ordinals out of range); all mean the same thing to the caller.
            throw new SerializationException(topic + ": cannot deserialize " + type.getSimpleName()
                    + " written with schema " + id + ": " + SerdeSupport.reason(e), e);
        }
        return value;
    }

    private Reader<T> readerFor(String topic, int id) {
        Reader<T> cached = readersById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema writerSchema;
        try {
            writerSchema = settings().client().schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(topic + ": cannot get writer schema " + id + " of a "
                    + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
        Reader<T> reader;
        if (compatibility.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            reader = new Reader<>(new SpecificDatumReader<>(writerSchema, schema, model), null);
        } else {
            reader = new Reader<>(null, compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getLocation() + ": " + i.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        Reader<T> raced = readersById.putIfAbsent(id, reader);
        return raced != null ? raced : reader;
    }
}
