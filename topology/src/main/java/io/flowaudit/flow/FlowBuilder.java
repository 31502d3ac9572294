package io.flowaudit.flow;

import java.util.List;

/** Mutable builder of {@link Flow}, defaults chosen as Hubble omits them. */
public final class FlowBuilder {
    private long timeNanos;
    private String uuid = "";
    private String nodeName = "";
    private ObservedVerdict verdict = ObservedVerdict.FORWARDED;
    private String dropReason = "";
    private FlowType type = FlowType.L3_L4;
    private int eventType = 4;
    private TrafficDirection direction = TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN;
    private ReplyState reply = ReplyState.UNKNOWN;
    private String traceReason = "";
    private int ipVersion = 4;
    private String sourceIp = "";
    private String destinationIp = "";
    private Protocol protocol = Protocol.NONE;
    private int sourcePort;
    private int destinationPort;
    private int icmpCode;
    private List<String> tcpFlags = List.of();
    private FlowEndpoint source = FlowEndpoint.UNKNOWN;
    private FlowEndpoint destination = FlowEndpoint.UNKNOWN;
    private List<String> destinationNames = List.of();
    private String destinationService = "";
    private List<String> nodeLabels = List.of();
    private L7Record l7;

    FlowBuilder() {
    }

    public FlowBuilder timeNanos(long v) { this.timeNanos = v; return this; }
    public FlowBuilder uuid(String v) { this.uuid = v; return this; }
    public FlowBuilder nodeName(String v) { this.nodeName = v; return this; }
    public FlowBuilder verdict(ObservedVerdict v) { this.verdict = v; return this; }
    public FlowBuilder dropReason(String v) { this.dropReason = v; return this; }
    public FlowBuilder type(FlowType v) { this.type = v; return this; }
    public FlowBuilder eventType(int v) { this.eventType = v; return this; }
    public FlowBuilder direction(TrafficDirection v) { this.direction = v; return this; }
    public FlowBuilder reply(ReplyState v) { this.reply = v; return this; }
    public FlowBuilder traceReason(String v) { this.traceReason = v; return this; }
    public FlowBuilder ipVersion(int v) { this.ipVersion = v; return this; }
    public FlowBuilder sourceIp(String v) { this.sourceIp = v; return this; }
    public FlowBuilder destinationIp(String v) { this.destinationIp = v; return this; }
    public FlowBuilder protocol(Protocol v) { this.protocol = v; return this; }
    public FlowBuilder sourcePort(int v) { this.sourcePort = v; return this; }
    public FlowBuilder destinationPort(int v) { this.destinationPort = v; return this; }
    public FlowBuilder icmpCode(int v) { this.icmpCode = v; return this; }
    public FlowBuilder tcpFlags(List<String> v) { this.tcpFlags = v; return this; }
    public FlowBuilder source(FlowEndpoint v) { this.source = v; return this; }
    public FlowBuilder destination(FlowEndpoint v) { this.destination = v; return this; }
    public FlowBuilder destinationNames(List<String> v) { this.destinationNames = v; return this; }
    public FlowBuilder destinationService(String v) { this.destinationService = v; return this; }
    public FlowBuilder nodeLabels(List<String> v) { this.nodeLabels = v; return this; }
    public FlowBuilder l7(L7Record v) { this.l7 = v; return this; }

    public Flow build() {
        return new Flow(timeNanos, uuid, nodeName, verdict, dropReason, type, eventType, direction, reply,
                traceReason, ipVersion, sourceIp, destinationIp, protocol, sourcePort, destinationPort, icmpCode,
                tcpFlags, source, destination, destinationNames, destinationService, nodeLabels, l7);
    }
}
