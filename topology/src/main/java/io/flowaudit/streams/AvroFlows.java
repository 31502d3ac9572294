package io.flowaudit.streams;

import io.flowaudit.flow.DnsRecord;
import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.HttpRecord;
import io.flowaudit.flow.L7Record;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;
import io.flowaudit.schemas.avro.Dns;
import io.flowaudit.schemas.avro.Endpoint;
import io.flowaudit.schemas.avro.Http;
import io.flowaudit.schemas.avro.HttpHeader;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.IpVersion;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.L7FlowType;
import io.flowaudit.schemas.avro.Layer7;
import io.flowaudit.schemas.avro.Service;
import io.flowaudit.schemas.avro.TraceReason;
import io.flowaudit.schemas.avro.Workload;
import java.util.ArrayList;
import java.util.List;

/** Converts between the engine's {@link Flow} and the Avro {@code Flow} record on the flows topic. */
public final class AvroFlows {
    private static final String[] TCP_FLAGS = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"};

    private AvroFlows() {
    }

    public static io.flowaudit.schemas.avro.Flow toAvro(Flow f) {
        io.flowaudit.schemas.avro.Flow.Builder b = io.flowaudit.schemas.avro.Flow.newBuilder()
                .setUuid(f.uuid()).setTimeNanos(f.timeNanos()).setNodeName(f.nodeName())
                .setVerdict(HubbleVerdict.valueOf(f.verdict().name())).setDropReasonName(f.dropReason())
                .setDropReasonCode(0).setFlowType(io.flowaudit.schemas.avro.FlowType.valueOf(f.type().name()))
                .setEventType(f.eventType())
                .setTrafficDirection(io.flowaudit.schemas.avro.TrafficDirection.valueOf(f.direction().name()))
                .setIsReply(f.reply() == ReplyState.UNKNOWN ? null : f.reply() == ReplyState.REPLY)
                .setTraceReason(traceReason(f.traceReason()))
                .setIpVersion(f.ipVersion() == 4 ? IpVersion.IPv4 : f.ipVersion() == 6 ? IpVersion.IPv6 : IpVersion.IP_NOT_USED)
                .setSourceIp(f.sourceIp()).setDestinationIp(f.destinationIp())
                .setL4Protocol(L4Protocol.valueOf(f.protocol().name())).setSourcePort(f.sourcePort())
                .setDestinationPort(f.protocol().isIcmp() ? 0 : f.destinationPort())
                .setIcmpType(f.protocol().isIcmp() ? f.destinationPort() : 0).setIcmpCode(f.icmpCode())
                .setTcpFlags(tcpFlags(f.tcpFlags())).setSource(endpoint(f.source()))
                .setDestination(endpoint(f.destination())).setDestinationNames(f.destinationNames())
                .setDestinationService(service(f.destinationService())).setNodeLabels(f.nodeLabels())
                .setL7(l7(f.l7()));
        return b.build();
    }

    public static Flow fromAvro(io.flowaudit.schemas.avro.Flow a) {
        Protocol proto = Protocol.valueOf(a.getL4Protocol().name());
        Boolean reply = a.getIsReply();
        return new Flow(a.getTimeNanos(), a.getUuid(), a.getNodeName(), ObservedVerdict.valueOf(a.getVerdict().name()),
                a.getDropReasonName(), FlowType.valueOf(a.getFlowType().name()), a.getEventType(),
                TrafficDirection.valueOf(a.getTrafficDirection().name()),
                reply == null ? ReplyState.UNKNOWN : reply ? ReplyState.REPLY : ReplyState.REQUEST,
                a.getTraceReason() == TraceReason.TRACE_REASON_UNKNOWN ? "" : a.getTraceReason().name(),
                a.getIpVersion() == IpVersion.IPv4 ? 4 : a.getIpVersion() == IpVersion.IPv6 ? 6 : 0,
                a.getSourceIp(), a.getDestinationIp(), proto, a.getSourcePort(),
                proto.isIcmp() ? a.getIcmpType() : a.getDestinationPort(), a.getIcmpCode(), tcpFlags(a.getTcpFlags()),
                endpoint(a.getSource()), endpoint(a.getDestination()), a.getDestinationNames(),
                a.getDestinationService() == null ? "" : a.getDestinationService().getNamespace().isEmpty()
                        ? a.getDestinationService().getName()
                        : a.getDestinationService().getNamespace() + "/" + a.getDestinationService().getName(),
                a.getNodeLabels(), l7(a.getL7()));
    }

    private static TraceReason traceReason(String r) {
        if (r.isEmpty()) {
            return TraceReason.TRACE_REASON_UNKNOWN;
        }
        try {
            return TraceReason.valueOf(r);
        } catch (IllegalArgumentException e) {
            return TraceReason.TRACE_REASON_UNKNOWN;
        }
    }

    private static int tcpFlags(List<String> flags) {
        int bits = 0;
        for (String f : flags) {
            for (int i = 0; i < TCP_FLAGS.length; i++) {
                if (TCP_FLAGS[i].equals(f)) {
                    bits |= 1 << i;
                }
            }
        }
        return bits;
    }

    private static List<String> tcpFlags(int bits) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < TCP_FLAGS.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(TCP_FLAGS[i]);
            }
        }
        return out;
    }

    private static Endpoint endpoint(FlowEndpoint e) {
        List<Workload> ws = new ArrayList<>(e.workloads().size());
        for (String w : e.workloads()) {
            ws.add(new Workload(w, ""));
        }
        return Endpoint.newBuilder().setId((int) e.endpointId()).setIdentity((int) e.identity())
                .setNamespace(e.namespace()).setPodName(e.podName()).setLabels(e.labels()).setWorkloads(ws).build();
    }

    private static FlowEndpoint endpoint(Endpoint e) {
        List<String> ws = new ArrayList<>(e.getWorkloads().size());
        for (Workload w : e.getWorkloads()) {
            ws.add(w.getName());
        }
        return new FlowEndpoint(e.getId(), Integer.toUnsignedLong(e.getIdentity()), e.getNamespace(), e.getPodName(),
                e.getLabels(), ws);
    }

    private static Service service(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int slash = s.indexOf('/');
        return slash < 0 ? new Service(s, "") : new Service(s.substring(slash + 1), s.substring(0, slash));
    }

    private static Layer7 l7(L7Record r) {
        if (r == null) {
            return null;
        }
        L7FlowType type;
        try {
            type = L7FlowType.valueOf(r.type());
        } catch (IllegalArgumentException e) {
            type = L7FlowType.UNKNOWN_L7_TYPE;
        }
        Dns dns = r.dns() == null ? null : new Dns(r.dns().query(), r.dns().ips(), (int) r.dns().ttl(), r.dns().rcode(),
                r.dns().qtypes());
        Http http = null;
        if (r.http() != null) {
            List<HttpHeader> hs = new ArrayList<>();
            for (HttpRecord.HttpHeader h : r.http().headers()) {
                hs.add(new HttpHeader(h.key(), h.value()));
            }
            http = new Http(r.http().method(), r.http().url(), r.http().protocol(), r.http().code(), hs);
        }
        return new Layer7(type, dns, http);
    }

    private static L7Record l7(Layer7 a) {
        if (a == null) {
            return null;
        }
        DnsRecord dns = a.getDns() == null ? null : new DnsRecord(a.getDns().getQuery(), a.getDns().getIps(),
                Integer.toUnsignedLong(a.getDns().getTtl()), a.getDns().getRcode(), a.getDns().getQtypes());
        HttpRecord http = null;
        if (a.getHttp() != null) {
            List<HttpRecord.HttpHeader> hs = new ArrayList<>();
            for (HttpHeader h : a.getHttp().getHeaders()) {
                hs.add(new HttpRecord.HttpHeader(h.getKey(), h.getValue()));
            }
            http = new HttpRecord(a.getHttp().getMethod(), a.getHttp().getUrl(), a.getHttp().getProtocol(),
                    a.getHttp().getCode(), hs);
        }
        return new L7Record(a.getType().name(), dns, http);
    }
}
