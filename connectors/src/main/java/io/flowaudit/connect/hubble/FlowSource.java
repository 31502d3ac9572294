package io.flowaudit.connect.hubble;

import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;

/** Where a {@link HubbleSourceTask} gets its records: the gRPC streams or the exporter files. */
interface FlowSource extends AutoCloseable {
    /**
     * Records ready now, waiting up to {@code poll.timeout.ms} for the first; null when there are none.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException when the source failed for good
     */
    List<SourceRecord> poll() throws InterruptedException;

    /** Stops reading and frees what it holds; may be called from another thread than {@link #poll()}. */
    @Override
    void close();
}
