package io.flowaudit.benchmarks.workload;

import io.flowaudit.benchmarks.workload.Cluster.App;
import io.flowaudit.benchmarks.workload.Cluster.External;
import io.flowaudit.benchmarks.workload.Cluster.Pod;
import io.flowaudit.benchmarks.workload.Cluster.Tier;
import io.flowaudit.flow.DnsRecord;
import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowBuilder;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.HttpRecord;
import io.flowaudit.flow.L7Record;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;
import io.flowaudit.policy.model.IpAddress;
import io.flowaudit.policy.model.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An endless, deterministic stream of Hubble events over a {@link Cluster}. Connection mix (per event):
 * pod to pod along the call graph 45%, pod to a random pod 4% (mostly denied), DNS to kube-dns 12% (socket-LB,
 * policy verdicts, L7 DNS requests and answers), pod to outside services 10%, Prometheus scrapes 4%, world to web
 * apps 3%, kubelet probes from the host 6%, the metadata service 2% (denied), HTTP through the L7 proxy 3%,
 * cilium-health probes between nodes 8%, the Kubernetes API 3%. Each connection yields one event: a policy
 * verdict, a trace on either side, a reply, or a drop.
 */
final class TrafficGenerator {
    private static final List<String> TCP_SYN = List.of("SYN");
    private static final List<String> TCP_SYN_ACK = List.of("SYN", "ACK");
    private static final List<String> TCP_ACK = List.of("ACK");
    private static final List<String> TCP_PSH_ACK = List.of("PSH", "ACK");
    private static final List<String> TCP_FIN_ACK = List.of("FIN", "ACK");
    private static final List<String> WORLD_LABELS = List.of("reserved:world");
    private static final List<String> HOST_LABELS = List.of("reserved:host");
    private static final List<String> REMOTE_NODE_LABELS = List.of("reserved:remote-node");
    private static final List<String> HEALTH_LABELS = List.of("reserved:health");
    private static final List<String> KUBE_APISERVER_LABELS = List.of("reserved:kube-apiserver", "reserved:remote-node");
    private static final long HEALTH_ENDPOINT_ID = 2_911;
    private static final String APISERVER_IP = "172.18.0.2";
    private static final String KUBE_DNS_SERVICE_IP = "10.96.0.10";
    private static final long CIDR_IDENTITY_BASE = 16_777_217L;

    private final Cluster cluster;
    private final CallGraph graph;
    private final PolicyGenerator policies;
    private final SplittableRandom rnd;
    private final List<IpPrefix> cidrs = new ArrayList<>();
    private final List<List<String>> cidrLabels = new ArrayList<>();
    private final FlowEndpoint[] localEndpoints;
    private final FlowEndpoint[] remoteEndpoints;
    private final List<App> httpServers = new ArrayList<>();
    private long timeNanos;

    TrafficGenerator(Cluster cluster, CallGraph graph, PolicyGenerator policies, long seed, long startNanos) {
        this.cluster = cluster;
        this.graph = graph;
        this.policies = policies;
        this.rnd = new SplittableRandom(seed);
        this.timeNanos = startNanos;
        for (String c : policies.namedCidrs()) {
            cidrs.add(IpPrefix.parse(c).orElseThrow());
            cidrLabels.add(List.of("cidr:" + c, "reserved:world"));
        }
        int n = cluster.pods().size() + 1;
        localEndpoints = new FlowEndpoint[n];
        remoteEndpoints = new FlowEndpoint[n];
        for (App a : cluster.apps()) {
            if (a.http() && a.role().port() != 0 && a.role().tier() != Tier.DATA) {
                httpServers.add(a);
            }
        }
    }

    /** The next event; its time is later than the previous one's. */
    FlowEvent next() {
        timeNanos += 1_000 + rnd.nextLong(1_999_000);
        int r = rnd.nextInt(100);
        if (r < 45) {
            return podToPod(true);
        } else if (r < 49) {
            return podToPod(false);
        } else if (r < 61) {
            return dns();
        } else if (r < 71) {
            return toWorld(randomExternalCaller());
        } else if (r < 75) {
            return scrape();
        } else if (r < 78) {
            return fromWorld();
        } else if (r < 84) {
            return probe();
        } else if (r < 86) {
            return metadata();
        } else if (r < 89) {
            return http();
        } else if (r < 97) {
            return health();
        }
        return apiserver();
    }

    /** cilium-health: every node probes the health endpoint of every other node (ICMP and TCP 4240). */
    private FlowEvent health() {
        Cluster.Node from = cluster.nodes().get(rnd.nextInt(cluster.nodes().size()));
        Cluster.Node to = cluster.nodes().get(rnd.nextInt(cluster.nodes().size()));
        boolean icmp = rnd.nextInt(3) == 0;
        boolean reply = rnd.nextInt(3) == 0;
        FlowEvent e = new FlowEvent();
        e.kind = FlowEvent.Kind.TRACE;
        e.point = reply ? "TO_OVERLAY" : "TO_ENDPOINT";
        e.pointCode = reply ? 4 : 0;
        e.ifName = reply ? "cilium_vxlan" : "lxc_health";
        e.ifIndex = reply ? 4 : 8;
        e.macSrc = "0a:58:0a:f4:00:01";
        e.macDst = "6a:1f:c2:3b:9d:0e";
        String healthIp = "10." + (to.index() / 64) + "." + (to.index() % 64 * 4 + 3) + ".250";
        FlowEndpoint remote = new FlowEndpoint(0, 6, "", "", REMOTE_NODE_LABELS, List.of());
        FlowEndpoint hep = new FlowEndpoint(HEALTH_ENDPOINT_ID, 4, "", "", HEALTH_LABELS, List.of());
        FlowBuilder b = Flow.builder().timeNanos(timeNanos).uuid(uuid()).nodeName(to.name()).type(FlowType.L3_L4)
                .verdict(ObservedVerdict.FORWARDED).eventType(4).ipVersion(4).nodeLabels(to.labels())
                .protocol(icmp ? Protocol.ICMPV4 : Protocol.TCP);
        int sport = ephemeral();
        if (reply) {
            b.sourceIp(healthIp).destinationIp(from.ip()).source(hep).destination(remote)
                    .direction(TrafficDirection.INGRESS).reply(ReplyState.REPLY).traceReason("REPLY");
            if (!icmp) {
                b.sourcePort(4240).destinationPort(sport).tcpFlags(TCP_PSH_ACK);
            }
        } else {
            b.sourceIp(from.ip()).destinationIp(healthIp).source(remote).destination(hep)
                    .direction(TrafficDirection.INGRESS).reply(ReplyState.REQUEST).traceReason("NEW");
            if (icmp) {
                b.destinationPort(8);
            } else {
                b.sourcePort(sport).destinationPort(4240).tcpFlags(TCP_SYN);
            }
        }
        e.flow = b.build();
        return e;
    }

    /** Pods talking to the Kubernetes API (operators, controllers, informers). */
    private FlowEvent apiserver() {
        Pod src = randomPod();
        FlowEvent e = new FlowEvent();
        int sport = ephemeral();
        FlowEndpoint api = new FlowEndpoint(0, 7, "", "", KUBE_APISERVER_LABELS, List.of());
        Cluster.Node node = src.node();
        e.srcPod = src;
        e.srcLocal = true;
        e.macSrc = src.mac();
        e.macDst = "0a:58:0a:f4:00:01";
        FlowBuilder b = Flow.builder().timeNanos(timeNanos).uuid(uuid()).nodeName(node.name()).type(FlowType.L3_L4)
                .verdict(ObservedVerdict.FORWARDED).ipVersion(4).sourceIp(src.ip()).destinationIp(APISERVER_IP)
                .protocol(Protocol.TCP).sourcePort(sport).destinationPort(6443).source(endpoint(src, true))
                .destination(api).nodeLabels(node.labels()).direction(TrafficDirection.EGRESS);
        int k = rnd.nextInt(10);
        if (k < 5) {
            e.kind = FlowEvent.Kind.TRACE;
            e.point = "TO_STACK";
            e.pointCode = 3;
            b.eventType(4).reply(ReplyState.REQUEST).traceReason("ESTABLISHED").tcpFlags(TCP_PSH_ACK);
        } else {
            e.kind = FlowEvent.Kind.TRACE;
            e.point = "TO_ENDPOINT";
            e.ifName = src.lxc();
            e.ifIndex = src.ifIndex();
            e.srcPod = null;
            e.dstPod = src;
            e.srcLocal = false;
            e.dstLocal = true;
            b.eventType(4).reply(ReplyState.REPLY).traceReason("REPLY").tcpFlags(TCP_PSH_ACK)
                    .sourceIp(APISERVER_IP).destinationIp(src.ip()).sourcePort(6443).destinationPort(sport)
                    .source(api).destination(endpoint(src, true));
        }
        e.flow = b.build();
        return e;
    }

    private FlowEvent podToPod(boolean inGraph) {
        Pod src = randomPod();
        Pod dst;
        if (inGraph) {
            List<App> callees = graph.callees(src.app());
            for (int tries = 0; callees.isEmpty() && tries < 20; tries++) {
                src = randomPod();
                callees = graph.callees(src.app());
            }
            dst = callees.isEmpty() ? randomPod() : randomPodOf(callees.get(rnd.nextInt(callees.size())));
        } else {
            dst = randomPod();
        }
        int port = dst.app().role().port() != 0 ? dst.app().role().port() : 8080;
        return connection(src, dst, Protocol.TCP, port, !inGraph && rnd.nextInt(4) != 0);
    }

    private FlowEvent scrape() {
        Pod dst = randomPod();
        return connection(cluster.prometheus(), dst, Protocol.TCP, Cluster.METRICS_PORT, false);
    }

    /** One event of a TCP/UDP connection between two pods. */
    private FlowEvent connection(Pod src, Pod dst, Protocol proto, int port, boolean denied) {
        int sport = ephemeral();
        int k = rnd.nextInt(100);
        FlowEvent e = new FlowEvent();
        boolean sameNode = src.node() == dst.node();
        if (denied) {
            boolean atEgress = policies.egressPolicy(src.app()) != null && rnd.nextBoolean();
            if (k < 40) {
                verdictEvent(e, src, dst, proto, sport, port, atEgress, ObservedVerdict.DROPPED);
            } else if (k < 85) {
                dropEvent(e, src, dst, proto, sport, port, atEgress, 133);
            } else {
                traceEvent(e, src, dst, proto, sport, port, src.node(), sameNode ? "TO_ENDPOINT" : "TO_OVERLAY",
                        sameNode ? 0 : 4, TrafficDirection.EGRESS, false, "NEW", TCP_SYN);
            }
            return e;
        }
        if (k < 12) {
            boolean atEgress = policies.egressPolicy(src.app()) != null && rnd.nextBoolean();
            verdictEvent(e, src, dst, proto, sport, port, atEgress, ObservedVerdict.FORWARDED);
        } else if (k < 55) {
            List<String> flags = k < 30 ? TCP_SYN : k < 45 ? TCP_PSH_ACK : k < 50 ? TCP_ACK : TCP_FIN_ACK;
            traceEvent(e, src, dst, proto, sport, port, src.node(), sameNode ? "TO_ENDPOINT" : "TO_OVERLAY",
                    sameNode ? 0 : 4, TrafficDirection.EGRESS, false, k < 30 ? "NEW" : "ESTABLISHED", flags);
        } else if (k < 92) {
            // reply packets, seen at the client's endpoint: the connection is still EGRESS there
            List<String> flags = k < 65 ? TCP_SYN_ACK : k < 85 ? TCP_PSH_ACK : TCP_ACK;
            traceEvent(e, dst, src, proto, port, sport, src.node(), "TO_ENDPOINT", 0, TrafficDirection.EGRESS, true,
                    "REPLY", flags);
        } else {
            traceEvent(e, src, dst, proto, sport, port, dst.node(), "TO_ENDPOINT", 0, TrafficDirection.INGRESS, false,
                    "NEW", TCP_SYN);
        }
        return e;
    }

    private void verdictEvent(FlowEvent e, Pod src, Pod dst, Protocol proto, int sport, int dport, boolean atEgress,
                              ObservedVerdict verdict) {
        Pod observer = atEgress ? src : dst;
        e.kind = FlowEvent.Kind.POLICY_VERDICT;
        e.macSrc = src.mac();
        e.macDst = dst.mac();
        boolean dropped = verdict == ObservedVerdict.DROPPED;
        String policy = atEgress ? policies.egressPolicy(src.app()) : policies.ingressPolicy(dst.app());
        if (!dropped) {
            e.policyMatchType = 2;
            e.policyName = policy != null ? policy : atEgress ? null : "allow-same-namespace";
            e.policyNamespace = atEgress ? src.app().namespace() : dst.app().namespace();
        }
        FlowBuilder b = base(e, src, dst, proto, sport, dport, observer.node(), verdict, 5)
                .direction(atEgress ? TrafficDirection.EGRESS : TrafficDirection.INGRESS)
                .reply(dropped ? ReplyState.UNKNOWN : ReplyState.REQUEST)
                .tcpFlags(proto == Protocol.TCP ? TCP_SYN : List.of());
        if (dropped) {
            b.dropReason("POLICY_DENIED");
            e.dropCode = 133;
        }
        e.flow = b.build();
    }

    private void dropEvent(FlowEvent e, Pod src, Pod dst, Protocol proto, int sport, int dport, boolean atEgress,
                           int code) {
        Pod observer = atEgress ? src : dst;
        e.kind = FlowEvent.Kind.DROP;
        e.macSrc = src.mac();
        e.macDst = dst.mac();
        e.dropCode = code;
        e.dropLine = atEgress ? 1365 : 2092;
        e.flow = base(e, src, dst, proto, sport, dport, observer.node(), ObservedVerdict.DROPPED, 1)
                .direction(atEgress ? TrafficDirection.EGRESS : TrafficDirection.INGRESS)
                .dropReason(code == 181 ? "POLICY_DENY" : "POLICY_DENIED")
                .tcpFlags(proto == Protocol.TCP ? TCP_SYN : List.of()).build();
    }

    private void traceEvent(FlowEvent e, Pod src, Pod dst, Protocol proto, int sport, int dport, Cluster.Node observer,
                            String point, int code, TrafficDirection dir, boolean reply, String reason,
                            List<String> flags) {
        e.kind = FlowEvent.Kind.TRACE;
        e.point = point;
        e.pointCode = code;
        e.macSrc = src.mac();
        e.macDst = dst.mac();
        if (point.equals("TO_OVERLAY")) {
            e.ifName = "cilium_vxlan";
            e.ifIndex = 4;
        } else if (point.equals("TO_ENDPOINT")) {
            Pod local = dst.node() == observer ? dst : src;
            e.ifName = local.lxc();
            e.ifIndex = local.ifIndex();
        }
        e.flow = base(e, src, dst, proto, sport, dport, observer, ObservedVerdict.FORWARDED, 4).direction(dir)
                .reply(reply ? ReplyState.REPLY : ReplyState.REQUEST).traceReason(reason)
                .tcpFlags(proto == Protocol.TCP ? flags : List.of()).build();
    }

    private FlowBuilder base(FlowEvent e, Pod src, Pod dst, Protocol proto, int sport, int dport, Cluster.Node observer,
                             ObservedVerdict verdict, int eventType) {
        e.srcPod = src;
        e.dstPod = dst;
        e.srcLocal = src.node() == observer;
        e.dstLocal = dst.node() == observer;
        return Flow.builder().timeNanos(timeNanos).uuid(uuid()).nodeName(observer.name()).verdict(verdict)
                .type(FlowType.L3_L4).eventType(eventType).ipVersion(4).sourceIp(src.ip()).destinationIp(dst.ip())
                .protocol(proto).sourcePort(sport).destinationPort(dport).source(endpoint(src, e.srcLocal))
                .destination(endpoint(dst, e.dstLocal)).nodeLabels(observer.labels());
    }

    /** DNS to kube-dns: socket-LB translation, the egress verdict, and L7 DNS requests and answers. */
    private FlowEvent dns() {
        Pod client = randomPod();
        Pod dns = cluster.coreDns();
        int sport = ephemeral();
        FlowEvent e = new FlowEvent();
        int k = rnd.nextInt(100);
        String name;
        List<String> answer;
        External ext = null;
        if (rnd.nextInt(3) == 0) {
            ext = cluster.externals().get(rnd.nextInt(cluster.externals().size() - 1));
            name = ext.dnsName() + ".";
            answer = new ArrayList<>();
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                answer.add(ext.ip(rnd));
            }
        } else {
            App target = cluster.apps().get(rnd.nextInt(cluster.apps().size()));
            name = target.name() + "." + target.namespace() + ".svc.cluster.local.";
            answer = List.of("10.96." + (target.index() / 250) + "." + (target.index() % 250 + 1));
        }
        if (k < 25) {
            e.kind = FlowEvent.Kind.SOCK;
            e.srcPod = client;
            e.srcLocal = true;
            e.sockPoint = 1;
            e.socketCookie = 40_000 + client.index();
            e.cgroupId = 10_000 + client.index();
            e.flow = Flow.builder().timeNanos(timeNanos).uuid(uuid()).nodeName(client.node().name())
                    .verdict(ObservedVerdict.TRACED).type(FlowType.SOCK).eventType(7).ipVersion(4)
                    .sourceIp(client.ip()).destinationIp(KUBE_DNS_SERVICE_IP).protocol(Protocol.UDP)
                    .destinationPort(53).source(endpoint(client, true))
                    .destination(new FlowEndpoint(0, 2, "", "", WORLD_LABELS, List.of()))
                    .destinationService("kube-system/kube-dns").nodeLabels(client.node().labels()).build();
        } else if (k < 45) {
            verdictEvent(e, client, dns, Protocol.UDP, sport, 53, true, ObservedVerdict.REDIRECTED);
            if (e.policyName == null) {
                e.policyName = "cluster-allow-kube-dns";
                e.policyClusterwide = true;
            }
        } else if (k < 72) {
            e.kind = FlowEvent.Kind.L7;
            L7Record l7 = new L7Record("REQUEST", new DnsRecord(name, List.of(), 0, 0, List.of("A")), null);
            e.flow = base(e, client, dns, Protocol.UDP, sport, 53, client.node(), ObservedVerdict.FORWARDED, 129)
                    .type(FlowType.L7).direction(TrafficDirection.EGRESS).reply(ReplyState.REQUEST).l7(l7).build();
        } else {
            e.kind = FlowEvent.Kind.L7;
            long ttl = ext != null ? 30 + rnd.nextInt(271) : 5;
            L7Record l7 = new L7Record("RESPONSE", new DnsRecord(name, answer, ttl, 0, List.of("A")), null);
            e.flow = base(e, dns, client, Protocol.UDP, 53, sport, client.node(), ObservedVerdict.FORWARDED, 129)
                    .type(FlowType.L7).direction(TrafficDirection.EGRESS).reply(ReplyState.REPLY).l7(l7).build();
        }
        return e;
    }

    private Pod randomExternalCaller() {
        for (int tries = 0; tries < 50; tries++) {
            Pod p = randomPod();
            if (!graph.externals(p.app()).isEmpty()) {
                return p;
            }
        }
        return randomPod();
    }

    /** A pod calls an outside service: trace at the stack, masquerading at the network, verdict, reply, drop. */
    private FlowEvent toWorld(Pod src) {
        List<External> exts = graph.externals(src.app());
        External ext = exts.isEmpty() || rnd.nextInt(10) == 0
                ? cluster.externals().get(rnd.nextInt(cluster.externals().size() - 1)) : exts.get(rnd.nextInt(exts.size()));
        return world(src, ext, ext.ip(rnd), policies.egressPolicy(src.app()) != null && exts.isEmpty());
    }

    private FlowEvent metadata() {
        External md = cluster.externals().get(cluster.externals().size() - 1);
        return world(randomPod(), md, "169.254.169.254", true);
    }

    private FlowEvent world(Pod src, External ext, String ip, boolean denied) {
        FlowEvent e = new FlowEvent();
        FlowEndpoint dst = worldEndpoint(ip);
        int sport = ephemeral();
        int k = rnd.nextInt(100);
        e.srcPod = src;
        e.srcLocal = true;
        e.macSrc = src.mac();
        e.macDst = "0a:58:0a:f4:00:01";
        Cluster.Node node = src.node();
        FlowBuilder b = Flow.builder().timeNanos(timeNanos).uuid(uuid()).nodeName(node.name()).type(FlowType.L3_L4)
                .ipVersion(4).sourceIp(src.ip()).destinationIp(ip).protocol(Protocol.TCP).sourcePort(sport)
                .destinationPort(ext.port()).source(endpoint(src, true)).destination(dst).nodeLabels(node.labels())
                .direction(TrafficDirection.EGRESS).tcpFlags(TCP_SYN);
        if (rnd.nextInt(3) == 0) {
            b.destinationNames(List.of(ext.dnsName()));
        }
        if (denied) {
            boolean deny = ip.startsWith("169.254.");
            e.dropCode = deny ? 181 : 133;
            b.verdict(ObservedVerdict.DROPPED).dropReason(deny ? "POLICY_DENY" : "POLICY_DENIED");
            if (k < 50) {
                e.kind = FlowEvent.Kind.POLICY_VERDICT;
                b.eventType(5);
                if (deny) {
                    e.policyMatchType = 1;
                    e.policyName = "cluster-deny-metadata";
                    e.policyClusterwide = true;
                }
            } else {
                e.kind = FlowEvent.Kind.DROP;
                e.dropLine = 1365;
                b.eventType(1);
            }
        } else if (k < 20) {
            e.kind = FlowEvent.Kind.POLICY_VERDICT;
            e.policyMatchType = 1;
            e.policyName = policies.egressPolicy(src.app());
            e.policyNamespace = src.app().namespace();
            b.verdict(ObservedVerdict.FORWARDED).eventType(5).reply(ReplyState.REQUEST);
        } else if (k < 45) {
            e.kind = FlowEvent.Kind.TRACE;
            e.point = "TO_STACK";
            e.pointCode = 3;
            b.verdict(ObservedVerdict.FORWARDED).eventType(4).reply(ReplyState.REQUEST).traceReason("NEW");
        } else if (k < 65) {
            e.kind = FlowEvent.Kind.TRACE;
            e.point = "TO_NETWORK";
            e.pointCode = 11;
            e.ifName = "eth0";
            e.ifIndex = 2;
            e.sourceXlated = node.ip();
            b.verdict(ObservedVerdict.FORWARDED).eventType(4).reply(ReplyState.REQUEST).traceReason("NEW");
        } else {
            // the reply, seen at the pod
            e.kind = FlowEvent.Kind.TRACE;
            e.point = "TO_ENDPOINT";
            e.pointCode = 0;
            e.ifName = src.lxc();
            e.ifIndex = src.ifIndex();
            e.macSrc = "0a:58:0a:f4:00:01";
            e.macDst = src.mac();
            e.srcPod = null;
            e.dstPod = src;
            e.srcLocal = false;
            e.dstLocal = true;
            b.verdict(ObservedVerdict.FORWARDED).eventType(4).reply(ReplyState.REPLY).traceReason("REPLY")
                    .sourceIp(ip).destinationIp(src.ip()).sourcePort(ext.port()).destinationPort(sport)
                    .source(dst).destination(endpoint(src, true)).tcpFlags(TCP_SYN_ACK).destinationNames(List.of());
        }
        e.flow = b.build();
        return e;
    }

    /** The world reaches a web app, directly or from the partner range. */
    private FlowEvent fromWorld() {
        App web;
        do {
            web = cluster.apps().get(rnd.nextInt(cluster.apps().size()));
        } while (web.role().tier() != Tier.WEB);
        Pod dst = randomPodOf(web);
        String ip = rnd.nextInt(4) == 0 ? "198.51.100." + rnd.nextInt(1, 255)
                : "203.0." + rnd.nextInt(113, 115) + "." + rnd.nextInt(1, 255);
        FlowEndpoint src = worldEndpoint(ip);
        FlowEvent e = new FlowEvent();
        e.dstPod = dst;
        e.dstLocal = true;
        e.macSrc = "0a:58:0a:f4:00:01";
        e.macDst = dst.mac();
        int port = web.role().port();
        FlowBuilder b = Flow.builder().timeNanos(timeNanos).uuid(uuid()).nodeName(dst.node().name())
                .type(FlowType.L3_L4).ipVersion(4).sourceIp(ip).destinationIp(dst.ip()).protocol(Protocol.TCP)
                .sourcePort(ephemeral()).destinationPort(port).source(src).destination(endpoint(dst, true))
                .nodeLabels(dst.node().labels()).direction(TrafficDirection.INGRESS).tcpFlags(TCP_SYN)
                .verdict(ObservedVerdict.FORWARDED);
        if (rnd.nextBoolean()) {
            e.kind = FlowEvent.Kind.POLICY_VERDICT;
            e.policyMatchType = 2;
            e.policyName = policies.ingressPolicy(web);
            e.policyNamespace = web.namespace();
            b.eventType(5).reply(ReplyState.REQUEST);
        } else {
            e.kind = FlowEvent.Kind.TRACE;
            e.point = "TO_ENDPOINT";
            e.ifName = dst.lxc();
            e.ifIndex = dst.ifIndex();
            b.eventType(4).reply(ReplyState.REQUEST).traceReason("NEW");
        }
        e.flow = b.build();
        return e;
    }

    /** kubelet probes: the node itself reaches its pods (allow-localhost, or the health CCNP). */
    private FlowEvent probe() {
        Pod dst = randomPod();
        int port = dst.app().role().port() != 0 ? dst.app().role().port() : 8080;
        FlowEvent e = new FlowEvent();
        e.kind = FlowEvent.Kind.TRACE;
        e.dstPod = dst;
        e.dstLocal = true;
        e.point = "TO_ENDPOINT";
        e.ifName = dst.lxc();
        e.ifIndex = dst.ifIndex();
        e.macSrc = "0a:58:0a:f4:00:01";
        e.macDst = dst.mac();
        e.flow = Flow.builder().timeNanos(timeNanos).uuid(uuid()).nodeName(dst.node().name()).type(FlowType.L3_L4)
                .verdict(ObservedVerdict.FORWARDED).eventType(4).ipVersion(4).sourceIp(dst.node().ip())
                .destinationIp(dst.ip()).protocol(Protocol.TCP).sourcePort(ephemeral()).destinationPort(port)
                .source(new FlowEndpoint(0, 1, "", "", HOST_LABELS, List.of())).destination(endpoint(dst, true))
                .nodeLabels(dst.node().labels()).direction(TrafficDirection.INGRESS).reply(ReplyState.REQUEST)
                .traceReason("NEW").tcpFlags(TCP_SYN).build();
        return e;
    }

    /** HTTP through the ingress proxy of an HTTP server: requests and responses. */
    private FlowEvent http() {
        App server = httpServers.get(rnd.nextInt(httpServers.size()));
        List<App> callers = graph.callers(server);
        Pod client = callers.isEmpty() ? randomPod() : randomPodOf(callers.get(rnd.nextInt(callers.size())));
        Pod dst = randomPodOf(server);
        int sport = ephemeral();
        String method = rnd.nextInt(4) == 0 ? "POST" : "GET";
        String path = switch (rnd.nextInt(6)) {
            case 0 -> "/healthz";
            case 1 -> "/api/v1/" + server.name();
            case 2 -> "/internal/debug/vars";
            default -> "/api/v1/" + server.name() + "/" + rnd.nextInt(100_000) + "?fields=id,name&limit=50";
        };
        String url = "http://" + server.name() + "." + server.namespace() + ":" + server.role().port() + path;
        FlowEvent e = new FlowEvent();
        e.kind = FlowEvent.Kind.L7;
        e.requestId = uuid();
        // Hubble writes L7 times with microsecond precision (6 digits)
        long t = timeNanos - timeNanos % 1_000;
        List<HttpRecord.HttpHeader> headers = List.of(new HttpRecord.HttpHeader(":scheme", "http"),
                new HttpRecord.HttpHeader("accept", "application/json"),
                new HttpRecord.HttpHeader("user-agent", "Go-http-client/1.1"),
                new HttpRecord.HttpHeader("x-envoy-internal", "true"),
                new HttpRecord.HttpHeader("x-forwarded-proto", "http"),
                new HttpRecord.HttpHeader("x-request-id", e.requestId));
        boolean response = rnd.nextBoolean();
        FlowBuilder b;
        if (response) {
            e.latencyNs = 100_000L + rnd.nextLong(20_000_000L);
            int code = path.startsWith("/internal") ? 403 : 200;
            b = base(e, dst, client, Protocol.TCP, server.role().port(), sport, dst.node(), ObservedVerdict.FORWARDED, 129)
                    .reply(ReplyState.REPLY)
                    .l7(new L7Record("RESPONSE", null, new HttpRecord(method, url, "HTTP/1.1", code, headers)));
        } else {
            b = base(e, client, dst, Protocol.TCP, sport, server.role().port(), dst.node(),
                    path.startsWith("/internal") ? ObservedVerdict.DROPPED : ObservedVerdict.FORWARDED, 129)
                    .reply(ReplyState.REQUEST)
                    .l7(new L7Record("REQUEST", null, new HttpRecord(method, url, "HTTP/1.1", 0, headers)));
        }
        e.flow = b.timeNanos(t).type(FlowType.L7).direction(TrafficDirection.INGRESS).build();
        return e;
    }

    private FlowEndpoint worldEndpoint(String ip) {
        IpAddress a = IpAddress.parse(ip).orElseThrow();
        int best = -1;
        for (int i = 0; i < cidrs.size(); i++) {
            if (cidrs.get(i).contains(a) && (best < 0 || cidrs.get(i).length() > cidrs.get(best).length())) {
                best = i;
            }
        }
        if (best < 0) {
            return new FlowEndpoint(0, 2, "", "", WORLD_LABELS, List.of());
        }
        return new FlowEndpoint(0, CIDR_IDENTITY_BASE + best, "", "", cidrLabels.get(best), List.of());
    }

    /** A pod's endpoint as Hubble prints it: ID and workloads only on the pod's own node. */
    FlowEndpoint endpoint(Pod p, boolean local) {
        int i = p.index() + 1;
        FlowEndpoint[] cache = local ? localEndpoints : remoteEndpoints;
        FlowEndpoint ep = cache[i];
        if (ep == null) {
            List<String> workloads = local && p.app().index() >= 0 ? List.of(p.app().name()) : List.of();
            ep = new FlowEndpoint(local ? p.endpointId() : 0, p.identity(), p.app().namespace(), p.podName(),
                    p.labels(), workloads);
            cache[i] = ep;
        }
        return ep;
    }

    private Pod randomPod() {
        return cluster.pods().get(rnd.nextInt(cluster.pods().size()));
    }

    private Pod randomPodOf(App a) {
        return a.pods().get(rnd.nextInt(a.pods().size()));
    }

    private int ephemeral() {
        return 32_768 + rnd.nextInt(28_232);
    }

    private String uuid() {
        long hi = rnd.nextLong();
        long lo = rnd.nextLong();
        hi = (hi & ~0xF000L) | 0x4000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(hi, lo).toString();
    }
}
