/**
 * The Hubble source connector: Hubble flows into the flows topic as Avro {@code Flow} records keyed by the node
 * that observed them. Two modes: {@code grpc} streams {@code observer.Observer/GetFlows} from Hubble Relay or an
 * agent; {@code file} tails Hubble exporter files. The Observer API messages are generated from
 * {@code src/main/proto} into {@code io.flowaudit.connect.hubble.api}.
 *
 * <p>Non-null is the default in this package; the few nullable parameters and returns say so.
 */
package io.flowaudit.connect.hubble;
