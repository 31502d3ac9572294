/** Judges flows against compiled policy tables: {@code decide(flow) -> Decision}. No I/O, no Kafka. */
package io.flowaudit.policy.eval;
