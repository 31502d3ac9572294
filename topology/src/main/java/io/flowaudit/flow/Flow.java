package io.flowaudit.flow;

import java.util.List;
import java.util.Objects;

/**
 * One Hubble flow, reduced to what flowaudit judges.
 *
 * @param timeNanos observation time in nanoseconds since the epoch, 0 when absent
 * @param uuid Hubble's flow uuid, empty when absent
 * @param nodeName the node that observed the flow, empty when absent
 * @param verdict what Hubble recorded
 * @param dropReason {@code drop_reason_desc} name (or the numeric code as text), empty when not a drop
 * @param type datapath, L7 or socket-LB record
 * @param eventType {@code event_type.type} (1 drop, 4 trace, 5 policy verdict, 7 trace-sock, 129 L7)
 * @param direction the connection direction relative to the observing endpoint
 * @param reply whether this is the reply direction of a connection
 * @param traceReason conntrack state of trace events ({@code NEW}, {@code REPLY}, ...), empty when absent
 * @param ipVersion 4, 6, or 0 when the flow has no IP header recorded
 * @param sourceIp source address, empty when absent
 * @param destinationIp destination address, empty when absent
 * @param protocol L4 protocol
 * @param sourcePort source port (0 when absent)
 * @param destinationPort destination port, or the ICMP type for ICMP flows
 * @param icmpCode ICMP code for ICMP flows
 * @param tcpFlags TCP flags as Hubble names them ({@code SYN}, {@code ACK}, ...)
 * @param source the sending endpoint
 * @param destination the receiving endpoint
 * @param destinationNames DNS names Hubble knows for the destination IP
 * @param destinationService {@code namespace/name} of the destination service frontend, empty when absent
 * @param nodeLabels labels of the observing node, {@code key=value}
 * @param l7 the L7 part, may be null
 */
public record Flow(long timeNanos, String uuid, String nodeName, ObservedVerdict verdict, String dropReason,
                   FlowType type, int eventType, TrafficDirection direction, ReplyState reply, String traceReason,
                   int ipVersion, String sourceIp, String destinationIp, Protocol protocol, int sourcePort,
                   int destinationPort, int icmpCode, List<String> tcpFlags, FlowEndpoint source,
                   FlowEndpoint destination, List<String> destinationNames, String destinationService,
                   List<String> nodeLabels, L7Record l7) {

    public Flow {
        Objects.requireNonNull(uuid, "uuid can't be null");
        Objects.requireNonNull(nodeName, "nodeName can't be null");
        Objects.requireNonNull(verdict, "verdict can't be null");
        Objects.requireNonNull(dropReason, "dropReason can't be null");
        Objects.requireNonNull(type, "type can't be null");
        Objects.requireNonNull(direction, "direction can't be null");
        Objects.requireNonNull(reply, "reply can't be null");
        Objects.requireNonNull(traceReason, "traceReason can't be null");
        Objects.requireNonNull(sourceIp, "sourceIp can't be null");
        Objects.requireNonNull(destinationIp, "destinationIp can't be null");
        Objects.requireNonNull(protocol, "protocol can't be null");
        Objects.requireNonNull(source, "source can't be null");
        Objects.requireNonNull(destination, "destination can't be null");
        Objects.requireNonNull(destinationService, "destinationService can't be null");
        tcpFlags = List.copyOf(tcpFlags);
        destinationNames = List.copyOf(destinationNames);
        nodeLabels = List.copyOf(nodeLabels);
    }

    /** A builder for tests and generators; the reader uses the canonical constructor. */
    public static FlowBuilder builder() {
        return new FlowBuilder();
    }
}
