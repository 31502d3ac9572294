/**
 * Kafka serdes for flowaudit's Avro records, with and without a schema registry.
 *
 * <ul>
 *   <li>{@link io.flowaudit.schemas.serde.AvroSerdes} picks one from the configuration
 *       ({@link io.flowaudit.schemas.serde.SerdeConfig}).</li>
 *   <li>{@link io.flowaudit.schemas.serde.RegistryAvroSerde}: the schema-registry wire format (magic byte 0,
 *       4-byte big-endian schema id, Avro binary), subjects {@code <topic>-value} / {@code <topic>-key}, through
 *       {@link io.flowaudit.schemas.serde.SchemaRegistryClient}, a small client of the Confluent REST API built on
 *       {@code java.net.http} and Jackson.</li>
 *   <li>{@link io.flowaudit.schemas.serde.EmbeddedAvroSerde}: Avro single-object encoding, no server; older
 *       schema versions decode when registered with it.</li>
 * </ul>
 *
 * <p>Decoding generated classes requires the JVM property
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES=io.flowaudit.schemas.avro} (Avro's class trust check); the serdes'
 * error messages say so when it is missing.
 *
 * <p>Everything is non-null unless documented as nullable ("may be null").
 */
package io.flowaudit.schemas.serde;
