package io.flowaudit.policy.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.DnsRecord;
import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.HttpRecord;
import io.flowaudit.flow.L7Record;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.parse.ParseResult;
import io.flowaudit.policy.parse.PolicyParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Given/When/Then helper for engine tests: policies as YAML, flows built from endpoints, a decision out.
 * Pods get the labels Cilium derives (R8) in cluster "default".
 */
final class Scenario {
    private final List<String> yaml = new ArrayList<>();
    private EngineOptions options = EngineOptions.defaults();
    private FlowEvaluator evaluator;

    static Scenario given(String... policies) {
        Scenario s = new Scenario();
        s.yaml.addAll(Arrays.asList(policies));
        return s;
    }

    Scenario with(EngineOptions o) {
        this.options = o;
        this.evaluator = null;
        return this;
    }

    FlowEvaluator evaluator() {
        if (evaluator == null) {
            List<io.flowaudit.policy.model.Policy> all = new ArrayList<>();
            for (int i = 0; i < yaml.size(); i++) {
                ParseResult r = new PolicyParser(options.version()).parse("policy-" + i + ".yaml", yaml.get(i));
                assertThat(r.errors()).as("policy %d parses", i).isEmpty();
                all.addAll(r.policies());
            }
            evaluator = new FlowEvaluator(new PolicyCompiler(options).compile(all, 1), new IdentityCache(),
                    new LearnedNames());
        }
        return evaluator;
    }

    Decision decide(Flow f) {
        return evaluator().decide(f);
    }

    Verdict verdict(Flow f) {
        return decide(f).verdict();
    }

    // ---- endpoints ----

    static FlowEndpoint pod(String namespace, String... labels) {
        List<String> l = new ArrayList<>();
        for (String x : labels) {
            l.add(x.contains(":") ? x : "k8s:" + x);
        }
        l.add("k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=" + namespace);
        l.add("k8s:io.cilium.k8s.policy.cluster=default");
        l.add("k8s:io.cilium.k8s.policy.serviceaccount=default");
        l.add("k8s:io.kubernetes.pod.namespace=" + namespace);
        l.sort(null);
        return new FlowEndpoint(0, 1000 + Math.abs(l.hashCode() % 60000), namespace, namespace + "-pod", l, List.of());
    }

    static FlowEndpoint podInCluster(String namespace, String cluster, String... labels) {
        FlowEndpoint p = pod(namespace, labels);
        List<String> l = new ArrayList<>(p.labels());
        l.replaceAll(x -> x.startsWith("k8s:io.cilium.k8s.policy.cluster=") ? "k8s:io.cilium.k8s.policy.cluster=" + cluster : x);
        return new FlowEndpoint(0, p.identity() + 1, namespace, p.podName(), l, List.of());
    }

    static FlowEndpoint reserved(long id, String... labels) {
        return new FlowEndpoint(0, id, "", "", List.of(labels), List.of());
    }

    static final FlowEndpoint WORLD = reserved(2, "reserved:world");
    static final FlowEndpoint HOST = reserved(1, "reserved:host");
    static final FlowEndpoint REMOTE_NODE = reserved(6, "reserved:remote-node");
    static final FlowEndpoint HEALTH = reserved(4, "reserved:health");
    static final FlowEndpoint KUBE_APISERVER = reserved(7, "reserved:kube-apiserver", "reserved:remote-node");
    static final FlowEndpoint CLIENT = pod("app", "role=client");
    static final FlowEndpoint SERVER = pod("app", "role=server");
    static final FlowEndpoint KUBE_DNS = pod("kube-system", "k8s-app=kube-dns");

    static FlowEndpoint cidr(String prefix) {
        return reserved(16777217, "cidr:" + prefix, "reserved:world");
    }

    // ---- flows ----

    static Flow tcp(FlowEndpoint src, FlowEndpoint dst, int port) {
        return flow(src, ip(src), dst, ip(dst), Protocol.TCP, port);
    }

    static Flow udp(FlowEndpoint src, FlowEndpoint dst, int port) {
        return flow(src, ip(src), dst, ip(dst), Protocol.UDP, port);
    }

    static Flow to(FlowEndpoint src, FlowEndpoint dst, String dstIp, Protocol proto, int port) {
        return flow(src, ip(src), dst, dstIp, proto, port);
    }

    static Flow from(FlowEndpoint src, String srcIp, FlowEndpoint dst, Protocol proto, int port) {
        return flow(src, srcIp, dst, ip(dst), proto, port);
    }

    static Flow flow(FlowEndpoint src, String srcIp, FlowEndpoint dst, String dstIp, Protocol proto, int port) {
        return Flow.builder().nodeName("node-1").source(src).sourceIp(srcIp).destination(dst).destinationIp(dstIp)
                .protocol(proto).sourcePort(proto.hasPorts() ? 40000 : 0).destinationPort(port)
                .direction(TrafficDirection.EGRESS).reply(ReplyState.REQUEST).timeNanos(1_000_000_000_000L).build();
    }

    static Flow ping(FlowEndpoint src, FlowEndpoint dst) {
        return flow(src, ip(src), dst, ip(dst), Protocol.ICMPV4, 8);
    }

    static Flow reply(Flow f) {
        return Flow.builder().nodeName(f.nodeName()).source(f.destination()).sourceIp(f.destinationIp())
                .destination(f.source()).destinationIp(f.sourceIp()).protocol(f.protocol())
                .sourcePort(f.destinationPort()).destinationPort(f.sourcePort()).reply(ReplyState.REPLY).build();
    }

    static Flow http(FlowEndpoint src, FlowEndpoint dst, int port, String method, String url, String... headers) {
        List<HttpRecord.HttpHeader> hs = new ArrayList<>();
        for (String h : headers) {
            int c = h.indexOf(':');
            hs.add(new HttpRecord.HttpHeader(h.substring(0, c).trim(), h.substring(c + 1).trim()));
        }
        return Flow.builder().nodeName("node-1").type(FlowType.L7).eventType(129).source(src).sourceIp(ip(src))
                .destination(dst).destinationIp(ip(dst)).protocol(Protocol.TCP).sourcePort(40000)
                .destinationPort(port).reply(ReplyState.REQUEST).direction(TrafficDirection.INGRESS)
                .l7(new L7Record("REQUEST", null, new HttpRecord(method, url, "HTTP/1.1", 0, hs))).build();
    }

    static Flow dnsQuery(FlowEndpoint src, FlowEndpoint server, Protocol proto, String name) {
        return Flow.builder().nodeName("node-1").type(FlowType.L7).eventType(129).source(src).sourceIp(ip(src))
                .destination(server).destinationIp(ip(server)).protocol(proto).sourcePort(40000).destinationPort(53)
                .reply(ReplyState.REQUEST).direction(TrafficDirection.EGRESS)
                .l7(new L7Record("REQUEST", new DnsRecord(name, List.of(), 0, 0, List.of("A")), null)).build();
    }

    static Flow dnsAnswer(FlowEndpoint client, FlowEndpoint server, String name, long ttl, long timeNanos,
                          String... ips) {
        return Flow.builder().nodeName("node-1").type(FlowType.L7).eventType(129).source(server).sourceIp(ip(server))
                .destination(client).destinationIp(ip(client)).protocol(Protocol.UDP).sourcePort(53)
                .destinationPort(40000).reply(ReplyState.REPLY).direction(TrafficDirection.EGRESS)
                .timeNanos(timeNanos)
                .l7(new L7Record("RESPONSE", new DnsRecord(name, List.of(ips), ttl, 0, List.of("A")), null)).build();
    }

    static Flow at(Flow f, long timeNanos) {
        return new Flow(timeNanos, f.uuid(), f.nodeName(), f.verdict(), f.dropReason(), f.type(), f.eventType(),
                f.direction(), f.reply(), f.traceReason(), f.ipVersion(), f.sourceIp(), f.destinationIp(),
                f.protocol(), f.sourcePort(), f.destinationPort(), f.icmpCode(), f.tcpFlags(), f.source(),
                f.destination(), f.destinationNames(), f.destinationService(), f.nodeLabels(), f.l7());
    }

    /** A stable made-up address per endpoint: pods in 10.0.0.0/16, world in 203.0.113.0/24, nodes 172.18.0.x. */
    static String ip(FlowEndpoint e) {
        if (!e.namespace().isEmpty()) {
            int h = Math.abs(e.labels().hashCode());
            return "10.0." + (h % 250) + "." + (1 + (h / 250) % 250);
        }
        if (e.labels().contains("reserved:host")) {
            return "172.18.0.3";
        }
        if (e.labels().contains("reserved:remote-node")) {
            return "172.18.0.4";
        }
        return "203.0.113.45";
    }
}
