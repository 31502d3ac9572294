package io.flowaudit.benchmarks.workload;

import io.flowaudit.benchmarks.workload.Cluster.Pod;
import io.flowaudit.flow.Flow;

/**
 * One generated Hubble event: the engine's {@link Flow} plus what only the JSON line carries (MACs, interface,
 * observation point, policy correlation, socket cookies...). Both the {@link HubbleJsonWriter} and the
 * in-memory flow arrays of the benchmarks are made from these, so they describe the same traffic.
 */
final class FlowEvent {
    /** Which Hubble event this is (flow-format §6). */
    enum Kind { TRACE, POLICY_VERDICT, DROP, L7, SOCK }

    Flow flow;
    Kind kind;
    /** The pods behind source and destination, null for non-pod peers. */
    Pod srcPod;
    Pod dstPod;
    /** Whether the pod is on the observing node: then Hubble adds {@code ID} and {@code workloads}. */
    boolean srcLocal;
    boolean dstLocal;
    /** Trace events: the observation point name and its datapath code ({@code event_type.sub_type}). */
    String point;
    int pointCode;
    /** Drops: the reason code ({@code drop_reason} and {@code sub_type}) and the BPF source line. */
    int dropCode;
    int dropLine;
    /** {@code interface}, when {@code ifName} is non-null. */
    String ifName;
    int ifIndex;
    /** {@code ethernet}, when non-null. */
    String macSrc;
    String macDst;
    String sourceXlated;
    int proxyPort;
    /** Policy verdicts: match type and the policy that allowed or denied it (name null when none). */
    int policyMatchType;
    String policyName;
    String policyNamespace;
    boolean policyClusterwide;
    /** SOCK events. */
    int sockPoint;
    long socketCookie;
    long cgroupId;
    /** L7: HTTP latency of responses, request id header, DNS answer types. */
    long latencyNs;
    String requestId;
}
