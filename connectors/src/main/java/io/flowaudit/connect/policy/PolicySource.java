package io.flowaudit.connect.policy;

import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;

/** Where a {@link PolicySourceTask} gets its records: the directory or the Kubernetes API. */
interface PolicySource extends AutoCloseable {
    /** Records of changed and deleted objects, waiting up to {@code poll.timeout.ms}; null when none. */
    List<SourceRecord> poll() throws InterruptedException;

    /** Stops and frees what it holds; may be called from another thread than {@link #poll()}. */
    @Override
    void close();
}
