package io.flowaudit.connect.hubble;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * Counters of one Hubble source task, registered as Connect plugin metrics when the worker offers them (KIP-877:
 * JMX {@code kafka.connect:type=plugins,connector=<name>,task=<id>}, attributes named as below). Thread-safe: the
 * gRPC stream threads and the task thread update them.
 */
final class HubbleSourceMetrics {
    /** Flows turned into records. */
    final AtomicLong flows = new AtomicLong();
    /** Sum of {@code lost_events.num_events_lost}: events Hubble reported it could not deliver. */
    final AtomicLong lostEvents = new AtomicLong();
    /** {@code lost_events} notices received. */
    final AtomicLong lostEventNotices = new AtomicLong();
    /** {@code node_status} notices received from Relay. */
    final AtomicLong nodeStatusEvents = new AtomicLong();
    /** Times a GetFlows stream was opened again after it failed or ended. */
    final AtomicLong reconnects = new AtomicLong();
    /** Exporter-file lines that were well-formed events other than flows (lost_events, agent_event, ...). */
    final AtomicLong skippedNonFlowLines = new AtomicLong();
    /** Exporter-file lines that could not be read, and flows that could not be converted. */
    final AtomicLong badRecords = new AtomicLong();

    /**
     * Registers the counters with the worker.
     *
     * @param metrics the task context's plugin metrics; may be null (a worker or test context without them)
     */
    void register(PluginMetrics metrics) {
        if (metrics == null) {
            return;
        }
        add(metrics, "hubble-flows-total", "Flows turned into records", flows);
        add(metrics, "hubble-lost-events-total", "Events Hubble reported lost (sum of num_events_lost)",
                lostEvents);
        add(metrics, "hubble-lost-event-notices-total", "lost_events notices received", lostEventNotices);
        add(metrics, "hubble-node-status-events-total", "node_status notices received", nodeStatusEvents);
        add(metrics, "hubble-reconnects-total", "GetFlows streams reopened after a failure or end", reconnects);
        add(metrics, "hubble-skipped-non-flow-lines-total", "Exporter-file lines that were not flows",
                skippedNonFlowLines);
        add(metrics, "hubble-bad-records-total", "Unreadable lines and unconvertible flows, skipped", badRecords);
    }

    private static void add(PluginMetrics metrics, String name, String description, AtomicLong counter) {
        Measurable value = (config, now) -> counter.get();
        metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()), value);
    }
}
