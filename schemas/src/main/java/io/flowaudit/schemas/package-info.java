/**
 * flowaudit's Kafka contract: the topics ({@link io.flowaudit.schemas.Topics}) with their key and value types,
 * over the Avro records generated into {@code io.flowaudit.schemas.avro} from {@code src/main/avro}. The serdes
 * live in {@code io.flowaudit.schemas.serde}.
 *
 * <p>Everything is non-null unless documented as nullable ("may be null").
 */
package io.flowaudit.schemas;
