package io.flowaudit.benchmarks.workload;

import io.flowaudit.benchmarks.workload.Cluster.Pod;
import io.flowaudit.flow.DnsRecord;
import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.flow.HttpRecord;
import io.flowaudit.flow.L7Record;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Renders {@link FlowEvent}s as {@code hubble observe -o json} lines (flow-format §2): the
 * {@code GetFlowsResponse} envelope, proto field names in declaration order, defaults omitted, enums as names,
 * 64-bit integers as strings, timestamps with the shortest exact fraction, Go's escaping of {@code <>&}.
 * Exactly the shape of {@code testdata/flows/seed-scenarios.jsonl}.
 */
final class HubbleJsonWriter {
    private static final String EMITTER = "{\"name\":\"Hubble\",\"version\":\"1.19.4+g7d41e2b9\"}";

    private final StringBuilder sb = new StringBuilder(2048);
    private long cachedSecond = Long.MIN_VALUE;
    private String cachedSecondText = "";

    /** The event as one JSON line, without the trailing newline; the builder is reused by the next call. */
    CharSequence line(FlowEvent e) {
        Flow f = e.flow;
        sb.setLength(0);
        String time = time(f.timeNanos());
        sb.append("{\"flow\":{\"time\":\"").append(time).append("\",\"uuid\":\"").append(f.uuid())
                .append("\",\"emitter\":").append(EMITTER).append(",\"verdict\":\"").append(f.verdict().name())
                .append('"');
        if (e.dropCode != 0 && e.kind != FlowEvent.Kind.L7) {
            sb.append(",\"drop_reason\":").append(e.dropCode);
        }
        if (e.macSrc != null && e.kind != FlowEvent.Kind.L7 && e.kind != FlowEvent.Kind.SOCK) {
            sb.append(",\"ethernet\":{\"source\":\"").append(e.macSrc).append("\",\"destination\":\"")
                    .append(e.macDst).append("\"}");
        }
        sb.append(",\"IP\":{\"source\":\"").append(f.sourceIp()).append('"');
        if (e.sourceXlated != null) {
            sb.append(",\"source_xlated\":\"").append(e.sourceXlated).append('"');
        }
        sb.append(",\"destination\":\"").append(f.destinationIp()).append("\",\"ipVersion\":\"IPv4\"}");
        l4(f, e.kind == FlowEvent.Kind.L7);
        sb.append(",\"source\":");
        endpoint(f.source(), e.srcPod, e.srcLocal);
        sb.append(",\"destination\":");
        endpoint(f.destination(), e.dstPod, e.dstLocal);
        sb.append(",\"Type\":\"").append(f.type().name()).append("\",\"node_name\":\"").append(f.nodeName())
                .append('"');
        strings("node_labels", f.nodeLabels());
        if (!f.destinationNames().isEmpty()) {
            strings("destination_names", f.destinationNames());
        }
        if (f.l7() != null) {
            l7(f.l7(), e);
        }
        if (f.reply() == ReplyState.REPLY) {
            sb.append(",\"reply\":true");
        }
        sb.append(",\"event_type\":{\"type\":").append(f.eventType());
        int subType = switch (e.kind) {
            case TRACE -> e.pointCode;
            case DROP -> e.dropCode;
            case SOCK -> e.sockPoint;
            default -> 0;
        };
        if (subType != 0) {
            sb.append(",\"sub_type\":").append(subType);
        }
        sb.append('}');
        if (!f.destinationService().isEmpty()) {
            int slash = f.destinationService().indexOf('/');
            sb.append(",\"destination_service\":{\"name\":\"").append(f.destinationService(), slash + 1,
                    f.destinationService().length()).append("\",\"namespace\":\"")
                    .append(f.destinationService(), 0, slash).append("\"}");
        }
        if (f.direction() != TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN) {
            sb.append(",\"traffic_direction\":\"").append(f.direction().name()).append('"');
        }
        if (e.policyMatchType != 0) {
            sb.append(",\"policy_match_type\":").append(e.policyMatchType);
        }
        if (e.kind == FlowEvent.Kind.TRACE) {
            sb.append(",\"trace_observation_point\":\"").append(e.point).append('"');
            if (!f.traceReason().isEmpty()) {
                sb.append(",\"trace_reason\":\"").append(f.traceReason()).append('"');
            }
        }
        if (e.kind == FlowEvent.Kind.DROP) {
            sb.append(",\"file\":{\"name\":\"bpf_lxc.c\",\"line\":").append(e.dropLine).append('}');
        }
        if (!f.dropReason().isEmpty() && e.kind != FlowEvent.Kind.L7) {
            sb.append(",\"drop_reason_desc\":\"").append(f.dropReason()).append('"');
        }
        if (f.reply() != ReplyState.UNKNOWN) {
            sb.append(",\"is_reply\":").append(f.reply() == ReplyState.REPLY);
        }
        if (e.ifName != null) {
            sb.append(",\"interface\":{\"index\":").append(e.ifIndex).append(",\"name\":\"").append(e.ifName)
                    .append("\"}");
        }
        if (e.proxyPort != 0) {
            sb.append(",\"proxy_port\":").append(e.proxyPort);
        }
        if (e.kind == FlowEvent.Kind.SOCK) {
            sb.append(",\"sock_xlate_point\":\"SOCK_XLATE_POINT_PRE_DIRECTION_FWD\",\"socket_cookie\":\"")
                    .append(e.socketCookie).append("\",\"cgroup_id\":\"").append(e.cgroupId).append('"');
        }
        sb.append(",\"Summary\":\"");
        summary(f, e.latencyNs);
        sb.append('"');
        if (e.kind == FlowEvent.Kind.POLICY_VERDICT && e.policyName != null) {
            boolean denied = f.verdict() == io.flowaudit.flow.ObservedVerdict.DROPPED;
            boolean egress = f.direction() == TrafficDirection.EGRESS;
            sb.append(",\"").append(egress ? "egress" : "ingress").append(denied ? "_denied_by" : "_allowed_by")
                    .append("\":[");
            policy(e);
            sb.append(']');
        }
        sb.append("},\"node_name\":\"").append(f.nodeName()).append("\",\"time\":\"").append(time).append("\"}");
        return sb;
    }

    private void l4(Flow f, boolean l7) {
        if (f.protocol() == Protocol.ICMPV4) {
            // type 0 (echo reply) and code 0 are defaults: an echo reply is "ICMPv4":{}
            sb.append(",\"l4\":{\"ICMPv4\":{");
            if (f.destinationPort() != 0) {
                sb.append("\"type\":").append(f.destinationPort());
            }
            sb.append("}}");
            return;
        }
        String proto = f.protocol() == Protocol.UDP ? "UDP" : "TCP";
        sb.append(",\"l4\":{\"").append(proto).append("\":{");
        boolean first = true;
        if (f.sourcePort() != 0) {
            sb.append("\"source_port\":").append(f.sourcePort());
            first = false;
        }
        if (f.destinationPort() != 0) {
            sb.append(first ? "" : ",").append("\"destination_port\":").append(f.destinationPort());
        }
        if (f.protocol() == Protocol.TCP && !l7 && !f.tcpFlags().isEmpty()) {
            // declaration order of TCPFlags: FIN SYN RST PSH ACK
            sb.append(",\"flags\":{");
            boolean firstFlag = true;
            for (String flag : List.of("FIN", "SYN", "RST", "PSH", "ACK")) {
                if (f.tcpFlags().contains(flag)) {
                    sb.append(firstFlag ? "" : ",").append('"').append(flag).append("\":true");
                    firstFlag = false;
                }
            }
            sb.append('}');
        }
        sb.append("}}");
    }

    private void endpoint(FlowEndpoint ep, Pod pod, boolean local) {
        sb.append('{');
        if (ep.endpointId() != 0) {
            sb.append("\"ID\":").append(ep.endpointId()).append(',');
        }
        sb.append("\"identity\":").append(ep.identity());
        if (pod != null) {
            sb.append(",\"cluster_name\":\"").append(Cluster.CLUSTER_NAME).append("\",\"namespace\":\"")
                    .append(ep.namespace()).append('"');
        }
        strings("labels", ep.labels());
        if (!ep.podName().isEmpty()) {
            sb.append(",\"pod_name\":\"").append(ep.podName()).append('"');
        }
        if (!ep.workloads().isEmpty()) {
            sb.append(",\"workloads\":[{\"name\":\"").append(ep.workloads().get(0))
                    .append("\",\"kind\":\"Deployment\"}]");
        }
        sb.append('}');
    }

    private void l7(L7Record l7, FlowEvent e) {
        sb.append(",\"l7\":{\"type\":\"").append(l7.type()).append('"');
        if (e.latencyNs != 0) {
            sb.append(",\"latency_ns\":\"").append(e.latencyNs).append('"');
        }
        if (l7.dns() != null) {
            DnsRecord d = l7.dns();
            sb.append(",\"dns\":{\"query\":\"").append(d.query()).append('"');
            if (!d.ips().isEmpty()) {
                strings("ips", d.ips());
                sb.append(",\"ttl\":").append(d.ttl());
            }
            sb.append(",\"observation_source\":\"proxy\"");
            strings("qtypes", d.qtypes());
            if (!d.ips().isEmpty()) {
                sb.append(",\"rrtypes\":[\"A\"]");
            }
            sb.append('}');
        } else if (l7.http() != null) {
            HttpRecord h = l7.http();
            sb.append(",\"http\":{");
            if (h.code() != 0) {
                sb.append("\"code\":").append(h.code()).append(',');
            }
            sb.append("\"method\":\"").append(h.method()).append("\",\"url\":\"");
            escaped(h.url());
            sb.append("\",\"protocol\":\"").append(h.protocol()).append("\",\"headers\":[");
            for (int i = 0; i < h.headers().size(); i++) {
                HttpRecord.HttpHeader hd = h.headers().get(i);
                sb.append(i == 0 ? "" : ",").append("{\"key\":\"").append(hd.key()).append("\",\"value\":\"");
                escaped(hd.value());
                sb.append("\"}");
            }
            sb.append("]}");
        }
        sb.append('}');
    }

    private void policy(FlowEvent e) {
        String kind = e.policyClusterwide ? "CiliumClusterwideNetworkPolicy" : "CiliumNetworkPolicy";
        String name = e.policyName;
        sb.append("{\"name\":\"").append(name).append('"');
        if (!e.policyClusterwide) {
            sb.append(",\"namespace\":\"").append(e.policyNamespace).append('"');
        }
        sb.append(",\"labels\":[\"k8s:io.cilium.k8s.policy.derived-from=").append(kind)
                .append("\",\"k8s:io.cilium.k8s.policy.name=").append(name).append('"');
        if (!e.policyClusterwide) {
            sb.append(",\"k8s:io.cilium.k8s.policy.namespace=").append(e.policyNamespace).append('"');
        }
        String key = (e.policyClusterwide ? "" : e.policyNamespace) + "/" + name;
        sb.append(",\"k8s:io.cilium.k8s.policy.uid=")
                .append(UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .append("\"],\"revision\":\"27\",\"kind\":\"").append(kind).append("\"}");
    }

    private void summary(Flow f, long latencyNs) {
        L7Record l7 = f.l7();
        if (l7 != null && l7.dns() != null) {
            DnsRecord d = l7.dns();
            if (l7.isResponse()) {
                sb.append("DNS Answer \\\"").append(String.join(",", d.ips())).append("\\\" TTL: ").append(d.ttl())
                        .append(" (Proxy ").append(d.query()).append(" A)");
            } else {
                sb.append("DNS Query ").append(d.query()).append(" A");
            }
            return;
        }
        if (l7 != null && l7.http() != null) {
            HttpRecord h = l7.http();
            if (l7.isResponse()) {
                sb.append("HTTP/1.1 ").append(h.code()).append(' ').append(latencyNs / 1_000_000).append("ms (").append(h.method())
                        .append(' ');
                escaped(h.url());
                sb.append(')');
            } else {
                sb.append("HTTP/1.1 ").append(h.method()).append(' ');
                escaped(h.url());
            }
            return;
        }
        if (f.protocol() == Protocol.ICMPV4) {
            sb.append(f.destinationPort() == 8 ? "ICMPv4 EchoRequest" : "ICMPv4 EchoReply");
            return;
        }
        if (f.protocol() != Protocol.TCP) {
            sb.append("UDP");
            return;
        }
        sb.append("TCP Flags: ");
        boolean first = true;
        for (String flag : List.of("SYN", "ACK", "RST", "FIN", "PSH")) {
            if (f.tcpFlags().contains(flag)) {
                sb.append(first ? "" : ", ").append(flag);
                first = false;
            }
        }
    }

    private void strings(String field, List<String> values) {
        sb.append(",\"").append(field).append("\":[");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(values.get(i)).append('"');
        }
        sb.append(']');
    }

    /** Go's encoder escapes {@code <}, {@code >} and {@code &} (flow-format §2 rule 9). */
    private void escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(c);
            }
        }
    }

    /** RFC 3339 UTC with the shortest of 0, 3, 6 or 9 fractional digits that is exact (protojson). */
    private String time(long nanos) {
        long second = Math.floorDiv(nanos, 1_000_000_000L);
        int frac = (int) Math.floorMod(nanos, 1_000_000_000L);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedSecondText = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC).toString();
            if (cachedSecondText.length() == 16) {
                cachedSecondText += ":00"; // LocalDateTime drops ":00" seconds
            }
        }
        if (frac == 0) {
            return cachedSecondText + "Z";
        }
        String digits = String.format(java.util.Locale.ROOT, "%09d", frac);
        int len = frac % 1_000_000 == 0 ? 3 : frac % 1_000 == 0 ? 6 : 9;
        return cachedSecondText + "." + digits.substring(0, len) + "Z";
    }
}
