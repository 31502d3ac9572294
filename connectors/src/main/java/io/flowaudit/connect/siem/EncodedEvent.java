package io.flowaudit.connect.siem;

import java.time.Instant;
import java.util.Objects;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One alert or denial, ready for its transport.
 *
 * @param record  the record it came from, for dead-lettering and logging
 * @param payload the bytes to send: an octet-counted syslog frame, or a JSON document
 * @param time    the event time (alert lastSeen, verdict flow time)
 * @param host    the node that observed the flow, or empty when the event has none (alerts)
 * @param id      a stable identity of the record: {@code topic-partition-offset} of the original Kafka record, so
 *                a redelivered record gets the same id (Elasticsearch {@code _id})
 */
record EncodedEvent(SinkRecord record, byte[] payload, Instant time, String host, String id) {

    EncodedEvent {
        Objects.requireNonNull(record, "record can't be null");
        Objects.requireNonNull(payload, "payload can't be null");
        Objects.requireNonNull(time, "time can't be null");
        Objects.requireNonNull(host, "host can't be null");
        Objects.requireNonNull(id, "id can't be null");
    }

    /** {@code topic-partition-offset} of the original record (before any SMT renamed it). */
    static String idOf(SinkRecord record) {
        return record.originalTopic() + "-" + record.originalKafkaPartition() + "-" + record.originalKafkaOffset();
    }

    /** {@code topic/partition/offset} of the original record, for log lines. */
    static String coordinates(SinkRecord record) {
        return record.originalTopic() + "/" + record.originalKafkaPartition() + "/" + record.originalKafkaOffset();
    }
}
