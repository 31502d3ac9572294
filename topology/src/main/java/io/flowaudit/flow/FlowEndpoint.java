package io.flowaudit.flow;

import java.util.List;
import java.util.Objects;

/**
 * One side of a flow as Hubble recorded it.
 *
 * @param endpointId Cilium endpoint id, 0 when absent (only set for endpoints local to the node)
 * @param identity numeric security identity, 0 when unknown
 * @param namespace pod namespace, empty for non-pods
 * @param podName pod name, empty for non-pods
 * @param labels identity labels, {@code source:key=value} strings as Hubble prints them
 * @param workloads workload names (Deployment etc.), may be empty
 */
public record FlowEndpoint(long endpointId, long identity, String namespace, String podName, List<String> labels,
                           List<String> workloads) {
    public static final FlowEndpoint UNKNOWN = new FlowEndpoint(0, 0, "", "", List.of(), List.of());

    public FlowEndpoint {
        Objects.requireNonNull(namespace, "namespace can't be null");
        Objects.requireNonNull(podName, "podName can't be null");
        labels = List.copyOf(labels);
        workloads = List.copyOf(workloads);
    }
}
