/**
 * What flowaudit's Kafka Connect plugins share: the plugin {@link io.flowaudit.connect.common.Version}, config
 * validators, the reconnect backoff and the encoding of record values with flowaudit's Avro serdes.
 *
 * <p>Non-null is the default in this package; the few nullable parameters and returns say so.
 */
package io.flowaudit.connect.common;
