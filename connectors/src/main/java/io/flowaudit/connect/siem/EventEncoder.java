package io.flowaudit.connect.siem;

import org.apache.kafka.connect.sink.SinkRecord;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.Verdict;

/** Turns an alert or a denial into what one transport sends. Implementations are stateless apart from settings. */
interface EventEncoder {

    EncodedEvent encode(SinkRecord record, Alert alert);

    EncodedEvent encode(SinkRecord record, Verdict denial);
}
