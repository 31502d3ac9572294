package io.flowaudit.connect.siem;

import java.util.List;

/** Sends encoded events to the SIEM. Used by one task thread; not thread-safe. */
interface Transport extends AutoCloseable {

    /**
     * Sends {@code events}, retrying transient failures with backoff up to the configured number of times, and
     * reports every event that reached an outcome to {@code listener}.
     *
     * @throws org.apache.kafka.connect.errors.RetriableException when transient failures outlasted the retries;
     *         events not reported to the listener were not (known to be) delivered
     * @throws org.apache.kafka.connect.errors.ConnectException when the receiver refuses the connector itself
     *         (bad credentials, wrong URL), which no retry and no dead letter can fix
     * @throws InterruptedException when the task is stopped while waiting to retry
     */
    void send(List<EncodedEvent> events, DeliveryListener listener) throws InterruptedException;

    @Override
    void close();
}
