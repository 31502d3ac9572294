/**
 * The Kafka Streams topology: flows joined with compiled policy tables held in state stores, emitting
 * verdicts, denials, alerts and dead letters. Built by {@link io.flowaudit.streams.FlowauditTopology}, the one
 * factory production and tests share.
 */
package io.flowaudit.streams;
