package io.flowaudit.connect.siem;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where records the SIEM rejected for good go, so that none is lost silently.
 *
 * <ul>
 * <li>With Connect's errant record reporter (the connector sets {@code errors.deadletterqueue.topic.name} or
 * {@code errors.log.enable}): the record is reported, and Connect writes it to the dead letter queue and/or its
 * log, with the reason in the headers, before it commits the record's offset. Under
 * {@code errors.tolerance=none} Connect then fails the task, as it does for its own errors.
 * <li>Without a reporter and with {@code errors.tolerance=all}: an ERROR log line with the record's topic,
 * partition and offset and the reason, and the record is skipped.
 * <li>Without a reporter and with {@code errors.tolerance=none} (Connect's default): the task fails, naming the
 * record; its offset is not committed.
 * </ul>
 */
final class DeadLetters {

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private final ErrantRecordReporter reporter;
    private final boolean toleratesAll;
    private long count;

    /** @param reporter Connect's reporter; may be null when the connector configures none */
    DeadLetters(ErrantRecordReporter reporter, boolean toleratesAll) {
        this.reporter = reporter;
        this.toleratesAll = toleratesAll;
    }

    void report(SinkRecord record, SiemRejectedException error) {
        count++;
        String coordinates = EncodedEvent.coordinates(record);
        if (reporter != null) {
            LOGGER.warn("Record {} goes to the dead letter: {}", coordinates, error.getMessage());
            reporter.report(record, error);
        } else if (toleratesAll) {
            LOGGER.error("Record {} is skipped (errors.tolerance=all, no dead letter queue configured): {}",
                    coordinates, error.getMessage());
        } else {
            throw new ConnectException("record " + coordinates + " was rejected: " + error.getMessage()
                    + ". Set errors.tolerance=all with errors.deadletterqueue.topic.name to set such records aside"
                    + " instead of stopping", error);
        }
    }

    /** How many records were set aside since the task started. */
    long count() {
        return count;
    }

    boolean hasReporter() {
        return reporter != null;
    }
}
