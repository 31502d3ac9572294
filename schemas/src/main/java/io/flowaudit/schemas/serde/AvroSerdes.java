package io.flowaudit.schemas.serde;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Chooses the Avro serde for a configuration: the {@linkplain RegistryAvroSerde registry wire format} when
 * {@value SerdeConfig#SCHEMA_REGISTRY_URL_CONFIG} is set, otherwise the {@linkplain EmbeddedAvroSerde embedded
 * single-object encoding}, which needs no server.
 *
 * <p>An instance ({@link #of(Map)}) reads the configuration once and shares one {@link SchemaRegistryClient},
 * and so one HTTP connection pool and one id/schema cache, among all the serdes it builds; prefer it (or
 * {@link io.flowaudit.schemas.Topics#of(Map)}) to the static {@link #serde(Class, Map, boolean)} when building
 * several serdes.
 */
public final class AvroSerdes {

    private final SerdeConfig config;
    private final SchemaRegistryClient client;

    private AvroSerdes(SerdeConfig config) {
        this.config = config;
        this.client = config.hasRegistry() ? new SchemaRegistryClient(config) : null;
    }

    /**
     * Serde factory for {@code config}; keys other than {@link SerdeConfig}'s are ignored, so a whole Streams
     * configuration may be passed.
     *
     * @throws org.apache.kafka.common.config.ConfigException when a serde setting is invalid
     */
    public static AvroSerdes of(Map<String, ?> config) {
        return new AvroSerdes(new SerdeConfig(Objects.requireNonNull(config, "config can't be null")));
    }

    /**
     * One serde for {@code type}, chosen by {@code config}; shorthand for {@code of(config).serde(type, isKey)}.
     *
     * @param isKey whether the serde is for record keys (registry subject {@code <topic>-key}) or values
     */
    public static <T extends SpecificRecord> Serde<T> serde(Class<T> type, Map<String, ?> config, boolean isKey) {
        return of(config).serde(type, isKey);
    }

    /**
     * A configured serde for {@code type}: a {@link RegistryAvroSerde} on this factory's shared client when a
     * registry is configured, else an {@link EmbeddedAvroSerde}.
     */
    public <T extends SpecificRecord> Serde<T> serde(Class<T> type, boolean isKey) {
        Objects.requireNonNull(type, "type can't be null");
        if (client != null) {
            return new RegistryAvroSerde<>(type, client, isKey, config.autoRegisterSchemas());
        }
        return new EmbeddedAvroSerde<>(type);
    }

    /** Whether the serdes use a schema registry. */
    public boolean usesRegistry() {
        return client != null;
    }

    /** The shared registry client, when a registry is configured. */
    public Optional<SchemaRegistryClient> registryClient() {
        return Optional.ofNullable(client);
    }

    @Override
    public String toString() {
        return "AvroSerdes[" + (client != null ? client : "embedded single-object encoding") + "]";
    }
}
