package io.flowaudit.flow.hubble;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.L7Record;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;

import java.util.List;

/**
 * The fields of one flow while its JSON is being read, with protobuf's defaults (what Hubble omits), reused
 * from line to line. Also holds an envelope's {@code time} and {@code node_name}, which fill in for a flow
 * that lacks its own.
 */
final class MutableFlow {
    static final int IS_REPLY_ABSENT = -1;
    static final int IP_VERSION_ABSENT = -1;
    /** {@code event_type.type} of datapath drop notifications. */
    static final int DROP_EVENT_TYPE = 1;

    boolean hasTime;
    long timeNanos;
    String uuid;
    String nodeName;
    ObservedVerdict verdict;
    String dropReasonDesc;
    long dropReasonCode;
    FlowType type;
    int eventType;
    int eventSubType;
    TrafficDirection direction;
    /** {@code is_reply}: {@link #IS_REPLY_ABSENT}, 0 or 1. */
    int isReply;
    /** The deprecated plain {@code reply} bool. */
    boolean reply;
    String traceReason;
    int ipVersion;
    String sourceIp;
    String destinationIp;
    Protocol protocol;
    int sourcePort;
    int destinationPort;
    int icmpCode;
    List<String> tcpFlags;
    FlowEndpoint source;
    FlowEndpoint destination;
    List<String> destinationNames;
    String destinationService;
    List<String> nodeLabels;
    L7Record l7;

    MutableFlow() {
        reset();
    }

    /** Back to the state of an empty JSON object. */
    void reset() {
        hasTime = false;
        timeNanos = 0;
        uuid = "";
        nodeName = "";
        verdict = ObservedVerdict.VERDICT_UNKNOWN;
        dropReasonDesc = "";
        dropReasonCode = 0;
        type = FlowType.UNKNOWN_TYPE;
        eventType = 0;
        eventSubType = 0;
        direction = TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN;
        isReply = IS_REPLY_ABSENT;
        reply = false;
        traceReason = "";
        ipVersion = IP_VERSION_ABSENT;
        sourceIp = "";
        destinationIp = "";
        protocol = Protocol.NONE;
        sourcePort = 0;
        destinationPort = 0;
        icmpCode = 0;
        tcpFlags = List.of();
        source = FlowEndpoint.UNKNOWN;
        destination = FlowEndpoint.UNKNOWN;
        destinationNames = List.of();
        destinationService = "";
        nodeLabels = List.of();
        l7 = null;
    }

    void time(long nanos) {
        hasTime = true;
        timeNanos = nanos;
    }

    /**
     * Builds the flow.
     *
     * @param envelope the enclosing {@code GetFlowsResponse}/{@code ExportEvent}, whose {@code time} and
     *                 {@code node_name} are used when the flow has none; may be null
     */
    Flow toFlow(MutableFlow envelope) {
        long time = timeNanos;
        String node = nodeName;
        if (envelope != null) {
            time = hasTime || !envelope.hasTime ? timeNanos : envelope.timeNanos;
            node = node.isEmpty() ? envelope.nodeName : node;
        }
        return new Flow(time, uuid, node, verdict, dropReason(), type, eventType, direction, replyState(),
                traceReason, effectiveIpVersion(), sourceIp, destinationIp, protocol, sourcePort, destinationPort,
                icmpCode, tcpFlags, source, destination, destinationNames, destinationService, nodeLabels, l7);
    }

    /**
     * {@code drop_reason_desc}; else the deprecated numeric {@code drop_reason}; else, for a drop event
     * ({@code event_type.type} 1), its {@code sub_type}, which is the drop reason code.
     */
    private String dropReason() {
        if (!dropReasonDesc.isEmpty()) {
            return dropReasonDesc;
        }
        if (dropReasonCode != 0) {
            return DropReasons.nameOf(dropReasonCode);
        }
        return eventType == DROP_EVENT_TYPE && eventSubType > 0 ? DropReasons.nameOf(eventSubType) : "";
    }

    private ReplyState replyState() {
        if (isReply != IS_REPLY_ABSENT) {
            return isReply == 1 ? ReplyState.REPLY : ReplyState.REQUEST;
        }
        // the deprecated bool cannot say "request": false is its default and is never written
        return reply ? ReplyState.REPLY : ReplyState.UNKNOWN;
    }

    /** {@code ipVersion} as written; when absent but addresses are present, taken from the address form. */
    private int effectiveIpVersion() {
        if (ipVersion != IP_VERSION_ABSENT) {
            return ipVersion;
        }
        String address = sourceIp.isEmpty() ? destinationIp : sourceIp;
        if (address.isEmpty()) {
            return 0;
        }
        return address.indexOf(':') >= 0 ? 6 : 4;
    }
}
