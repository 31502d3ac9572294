package io.flowaudit.flow.hubble;

import java.util.Locale;

/**
 * Non-flow events that share a stream with flows: the other members of the {@code GetFlowsResponse} /
 * {@code ExportEvent} oneof. The reader skips and counts them.
 */
public enum SkippedKind {
    /** Relay's {@code node_status}: a node connected, became unavailable, ... */
    NODE_STATUS,
    /** {@code lost_events}: Hubble or the perf ring buffer dropped events. */
    LOST_EVENTS,
    /** {@code agent_event} (exporter files only). */
    AGENT_EVENT,
    /** {@code debug_event} (exporter files only). */
    DEBUG_EVENT;

    /** The envelope key as Hubble writes it, e.g. {@code lost_events}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
