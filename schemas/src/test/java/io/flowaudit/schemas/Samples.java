package io.flowaudit.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.AlertSubject;
import io.flowaudit.schemas.avro.AlertType;
import io.flowaudit.schemas.avro.ChangeKind;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.DecidingPolicy;
import io.flowaudit.schemas.avro.DirectionVerdict;
import io.flowaudit.schemas.avro.Dns;
import io.flowaudit.schemas.avro.Endpoint;
import io.flowaudit.schemas.avro.Evaluation;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.FlowType;
import io.flowaudit.schemas.avro.Http;
import io.flowaudit.schemas.avro.HttpHeader;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.IpVersion;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.L7FlowType;
import io.flowaudit.schemas.avro.Layer7;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.PeerSummary;
import io.flowaudit.schemas.avro.PolicyDirection;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.avro.PolicyRef;
import io.flowaudit.schemas.avro.Service;
import io.flowaudit.schemas.avro.Severity;
import io.flowaudit.schemas.avro.TraceReason;
import io.flowaudit.schemas.avro.TrafficDirection;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.WhatIfDiff;
import io.flowaudit.schemas.avro.Workload;

/** Realistic records of every kind, shaped like what Hubble and the engine produce, for the tests. */
public final class Samples {

    public static final String FLOW_UUID = "6f1c2d6e-3b1a-4f3e-9d2a-8b7c5e4f3a21";
    public static final long FLOW_TIME_NANOS = 1_718_035_200_123_456_789L;
    public static final String NODE = "kind-worker2";

    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;

    private Samples() {
    }

    // ---- Flow ----

    public static Endpoint webPod() {
        return Endpoint.newBuilder()
                .setId(1234)
                .setIdentity(48213)
                .setNamespace("shop")
                .setPodName("web-7d9f8b6c5d-x2kqp")
                .setLabels(List.of(
                        "k8s:app=web",
                        "k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=shop",
                        "k8s:io.cilium.k8s.policy.cluster=default",
                        "k8s:io.cilium.k8s.policy.serviceaccount=web",
                        "k8s:io.kubernetes.pod.namespace=shop"))
                .setWorkloads(List.of(new Workload("web", "Deployment")))
                .build();
    }

    public static Endpoint paymentsApiPod() {
        return Endpoint.newBuilder()
                .setId(0)
                .setIdentity(51002)
                .setNamespace("payments")
                .setPodName("api-5c6d7f8b9-k4m2n")
                .setLabels(List.of(
                        "k8s:app=api",
                        "k8s:io.cilium.k8s.policy.cluster=default",
                        "k8s:io.cilium.k8s.policy.serviceaccount=api",
                        "k8s:io.kubernetes.pod.namespace=payments"))
                .setWorkloads(List.of(new Workload("api", "Deployment")))
                .build();
    }

    public static Endpoint kubeDnsPod() {
        return Endpoint.newBuilder()
                .setId(88)
                .setIdentity(21345)
                .setNamespace("kube-system")
                .setPodName("coredns-76f75df574-8xq2z")
                .setLabels(List.of("k8s:k8s-app=kube-dns", "k8s:io.kubernetes.pod.namespace=kube-system"))
                .setWorkloads(List.of(new Workload("coredns", "Deployment")))
                .build();
    }

    public static Endpoint world() {
        return Endpoint.newBuilder().setIdentity(2).setLabels(List.of("reserved:world")).build();
    }

    public static PolicyRef cnp(String namespace, String name) {
        return new PolicyRef(PolicyKind.CiliumNetworkPolicy, namespace, name);
    }

    public static PolicyRef ccnp(String name) {
        return new PolicyRef(PolicyKind.CiliumClusterwideNetworkPolicy, null, name);
    }

    /** Allowed on egress at web, then dropped at ingress by a cluster-wide deny rule. */
    public static Flow tcpDeniedAtIngress() {
        return Flow.newBuilder()
                .setUuid(FLOW_UUID)
                .setTimeNanos(FLOW_TIME_NANOS)
                .setNodeName(NODE)
                .setVerdict(HubbleVerdict.DROPPED)
                .setDropReasonName("POLICY_DENY")
                .setDropReasonCode(181)
                .setFlowType(FlowType.L3_L4)
                .setEventType(1)
                .setTrafficDirection(TrafficDirection.INGRESS)
                .setIsReply(false)
                .setTraceReason(TraceReason.NEW)
                .setIpVersion(IpVersion.IPv4)
                .setSourceIp("10.244.1.17")
                .setDestinationIp("10.244.2.33")
                .setL4Protocol(L4Protocol.TCP)
                .setSourcePort(43512)
                .setDestinationPort(8080)
                .setTcpFlags(SYN)
                .setSource(webPod())
                .setDestination(paymentsApiPod())
                .setDestinationNames(List.of("api.payments.svc.cluster.local"))
                .setDestinationService(new Service("api", "payments"))
                .setNodeLabels(List.of(
                        "kubernetes.io/hostname=kind-worker2",
                        "topology.kubernetes.io/zone=eu-west-1a"))
                .setEgressAllowedBy(List.of(cnp("shop", "web-egress")))
                .setIngressAllowedBy(List.of(cnp("payments", "api-ingress")))
                .setIngressDeniedBy(List.of(ccnp("deny-shop-to-payments")))
                .build();
    }

    public static Flow icmpEchoDeniedAtEgress() {
        return Flow.newBuilder()
                .setUuid("0b9e6a44-5d2f-4c18-a7e3-2f61d0c9b8a5")
                .setTimeNanos(FLOW_TIME_NANOS + 1_000_000L)
                .setNodeName("kind-worker")
                .setVerdict(HubbleVerdict.DROPPED)
                .setDropReasonName("POLICY_DENY")
                .setDropReasonCode(181)
                .setFlowType(FlowType.L3_L4)
                .setEventType(1)
                .setTrafficDirection(TrafficDirection.EGRESS)
                .setIsReply(false)
                .setIpVersion(IpVersion.IPv4)
                .setSourceIp("10.244.1.17")
                .setDestinationIp("203.0.113.9")
                .setL4Protocol(L4Protocol.ICMPV4)
                .setIcmpType(8)
                .setIcmpCode(0)
                .setSource(webPod())
                .setDestination(world())
                .setEgressDeniedBy(List.of(ccnp("deny-icmp-to-world")))
                .build();
    }

    public static Flow httpRequestThroughProxy() {
        Http http = Http.newBuilder()
                .setMethod("POST")
                .setUrl("http://api.payments.svc.cluster.local:8080/v1/charges?order=7731")
                .setProtocol("HTTP/1.1")
                .setHeaders(List.of(
                        new HttpHeader("Content-Type", "application/json"),
                        new HttpHeader("X-Request-Id", "c3a9f0e2-71d4-4b8e-9f2a-0d5e6b7c8a91"),
                        new HttpHeader("Accept", "application/json"),
                        new HttpHeader("Accept", "text/plain")))
                .build();
        return Flow.newBuilder()
                .setUuid("a41f7c20-8e3b-4d59-b6a1-93c2e5f7d014")
                .setTimeNanos(FLOW_TIME_NANOS + 2_000_000L)
                .setNodeName(NODE)
                .setVerdict(HubbleVerdict.FORWARDED)
                .setFlowType(FlowType.L7)
                .setEventType(129)
                .setTrafficDirection(TrafficDirection.EGRESS)
                .setIsReply(false)
                .setIpVersion(IpVersion.IPv4)
                .setSourceIp("10.244.1.17")
                .setDestinationIp("10.244.2.33")
                .setL4Protocol(L4Protocol.TCP)
                .setSourcePort(43520)
                .setDestinationPort(8080)
                .setTcpFlags(PSH | ACK)
                .setSource(webPod())
                .setDestination(paymentsApiPod())
                .setDestinationService(new Service("api", "payments"))
                .setL7(new Layer7(L7FlowType.REQUEST, null, http))
                .setEgressAllowedBy(List.of(cnp("shop", "web-egress")))
                .build();
    }

    public static Flow dnsAnswer() {
        Dns dns = Dns.newBuilder()
                .setQuery("api.stripe.com.")
                .setIps(List.of("198.51.100.21", "198.51.100.22", "2001:db8::15"))
                .setTtl(30)
                .setRcode(0)
                .setQtypes(List.of("A", "AAAA"))
                .build();
        return Flow.newBuilder()
                .setUuid("d2c8b1a0-6f4e-4e37-8a95-1b0c7d3e2f68")
                .setTimeNanos(FLOW_TIME_NANOS - 5_000_000L)
                .setNodeName(NODE)
                .setVerdict(HubbleVerdict.FORWARDED)
                .setFlowType(FlowType.L7)
                .setEventType(129)
                .setTrafficDirection(TrafficDirection.EGRESS)
                .setIsReply(true)
                .setTraceReason(TraceReason.REPLY)
                .setIpVersion(IpVersion.IPv6)
                .setSourceIp("fd00:10:244:3::5")
                .setDestinationIp("fd00:10:244:1::17")
                .setL4Protocol(L4Protocol.UDP)
                .setSourcePort(53)
                .setDestinationPort(51834)
                .setSource(kubeDnsPod())
                .setDestination(webPod())
                .setL7(new Layer7(L7FlowType.RESPONSE, dns, null))
                .setEgressAllowedBy(List.of(cnp("shop", "web-allow-dns")))
                .build();
    }

    public static Flow minimalFlow() {
        return Flow.newBuilder().setUuid(FLOW_UUID).setTimeNanos(FLOW_TIME_NANOS).setNodeName(NODE).build();
    }

    // ---- PolicyDocument ----

    public static final String WEB_EGRESS_YAML = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: web-egress
              namespace: shop
            spec:
              endpointSelector:
                matchLabels:
                  app: web
              egress:
                - toEndpoints:
                    - matchLabels:
                        k8s:io.kubernetes.pod.namespace: payments
                        app: api
                  toPorts:
                    - ports:
                        - port: "8080"
                          protocol: TCP
            """;

    public static PolicyDocument policyFromKubernetes() {
        return PolicyDocument.newBuilder()
                .setKind(PolicyKind.CiliumNetworkPolicy)
                .setNamespace("shop")
                .setName("web-egress")
                .setUid("3f2a9c1e-7b44-4d0a-9e8f-5c6b1a2d3e4f")
                .setResourceVersion("918273")
                .setContent(WEB_EGRESS_YAML)
                .setSource("k8s")
                .setObservedAt(Instant.parse("2024-06-10T16:00:00.250Z"))
                .build();
    }

    public static PolicyDocument minimalPolicyDocument() {
        return PolicyDocument.newBuilder()
                .setKind(PolicyKind.CiliumClusterwideNetworkPolicy)
                .setName("deny-shop-to-payments")
                .setContent("{\"apiVersion\":\"cilium.io/v2\",\"kind\":\"CiliumClusterwideNetworkPolicy\"}")
                .setSource("policies/cluster/deny.yaml#0")
                .setObservedAt(Instant.ofEpochMilli(1_718_035_200_000L))
                .build();
    }

    // ---- Verdict ----

    public static PeerSummary webSummary(int port) {
        return PeerSummary.newBuilder()
                .setNamespace("shop")
                .setPod("web-7d9f8b6c5d-x2kqp")
                .setIdentity(48213)
                .setIp("10.244.1.17")
                .setPort(port)
                .build();
    }

    public static PeerSummary paymentsApiSummary() {
        return PeerSummary.newBuilder()
                .setNamespace("payments")
                .setPod("api-5c6d7f8b9-k4m2n")
                .setIdentity(51002)
                .setIp("10.244.2.33")
                .setPort(8080)
                .build();
    }

    public static DecidingPolicy deciding(PolicyRef policy, PolicyDirection direction, boolean deny, int ruleIndex) {
        return DecidingPolicy.newBuilder()
                .setKind(policy.getKind())
                .setNamespace(policy.getNamespace())
                .setName(policy.getName())
                .setDirection(direction)
                .setDeny(deny)
                .setRuleIndex(ruleIndex)
                .build();
    }

    public static Verdict deniedVerdict() {
        return Verdict.newBuilder()
                .setFlowUuid(FLOW_UUID)
                .setFlowTimeNanos(FLOW_TIME_NANOS)
                .setNodeName(NODE)
                .setVerdict(Outcome.DENIED)
                .setEgress(DirectionVerdict.ALLOWED)
                .setIngress(DirectionVerdict.DENIED)
                .setReason("DENY_RULE")
                .setReasonText("ingress from shop/web to payments/api on 8080/TCP is denied by rule 0 of"
                        + " CiliumClusterwideNetworkPolicy deny-shop-to-payments")
                .setDecidingPolicies(List.of(
                        deciding(cnp("shop", "web-egress"), PolicyDirection.EGRESS, false, 0),
                        deciding(ccnp("deny-shop-to-payments"), PolicyDirection.INGRESS, true, 0)))
                .setPolicyRevision(42L)
                .setObservedVerdict(HubbleVerdict.DROPPED)
                .setSource(webSummary(43512))
                .setDestination(paymentsApiSummary())
                .setProtocol(L4Protocol.TCP)
                .build();
    }

    public static Verdict minimalVerdict() {
        return Verdict.newBuilder()
                .setFlowUuid(FLOW_UUID)
                .setFlowTimeNanos(FLOW_TIME_NANOS)
                .setNodeName(NODE)
                .setVerdict(Outcome.NOT_EVALUATED)
                .setPolicyRevision(0L)
                .setSource(PeerSummary.newBuilder().build())
                .setDestination(PeerSummary.newBuilder().build())
                .build();
    }

    // ---- Alert ----

    public static final String ALLOW_DNS_FIX_YAML = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata:
              name: web-allow-dns
              namespace: shop
            spec:
              endpointSelector:
                matchLabels:
                  app: web
              egress:
                - toEndpoints:
                    - matchLabels:
                        k8s:io.kubernetes.pod.namespace: kube-system
                        k8s:k8s-app: kube-dns
                  toPorts:
                    - ports:
                        - port: "53"
                          protocol: ANY
                      rules:
                        dns:
                          - matchPattern: "*"
            """;

    public static Alert missingDnsRuleAlert() {
        return Alert.newBuilder()
                .setAlertType(AlertType.MISSING_DNS_RULE)
                .setSeverity(Severity.ERROR)
                .setSubject(AlertSubject.newBuilder()
                        .setNamespace("shop")
                        .setSelector("k8s:app=web")
                        .setPod("web-7d9f8b6c5d-x2kqp")
                        .setWorkload(new Workload("web", "Deployment"))
                        .build())
                .setPolicies(List.of(cnp("shop", "web-egress")))
                .setMessage("shop/web is under egress default deny (CiliumNetworkPolicy shop/web-egress) and no rule"
                        + " lets it reach kube-dns on port 53: its name lookups fail")
                .setSuggestedFix(ALLOW_DNS_FIX_YAML)
                .setCount(17L)
                .setFirstSeen(Instant.parse("2024-06-10T16:00:00.123Z"))
                .setLastSeen(Instant.parse("2024-06-10T16:04:59.987Z"))
                .setDedupKey("MISSING_DNS_RULE/shop/k8s:app=web")
                .setSampleFlowUuid(FLOW_UUID)
                .build();
    }

    public static Alert driftAlert() {
        return Alert.newBuilder()
                .setAlertType(AlertType.DRIFT)
                .setSeverity(Severity.WARNING)
                .setSubject(AlertSubject.newBuilder()
                        .setNamespace("payments")
                        .setSelector("k8s:app=api")
                        .build())
                .setPolicies(List.of(ccnp("deny-shop-to-payments")))
                .setMessage("Hubble dropped ingress to payments/api on 8080/TCP, but the audited policy set allows it:"
                        + " CiliumClusterwideNetworkPolicy deny-shop-to-payments is in the cluster, not in the set")
                .setCount(3L)
                .setFirstSeen(Instant.parse("2024-06-10T16:00:00.123Z"))
                .setLastSeen(Instant.parse("2024-06-10T16:00:02.456Z"))
                .setDedupKey("DRIFT/payments/k8s:app=api/INGRESS/8080/TCP")
                .setObservedVerdict(HubbleVerdict.DROPPED)
                .setComputedVerdict(Outcome.ALLOWED)
                .setSampleFlowUuid(FLOW_UUID)
                .build();
    }

    public static Alert minimalAlert() {
        return Alert.newBuilder()
                .setAlertType(AlertType.POLICY_REJECTED)
                .setSeverity(Severity.ERROR)
                .setSubject(AlertSubject.newBuilder().setSelector("").build())
                .setMessage("policies/shop.yaml, document 2, line 14: spec.egress[0].toPorts[0].ports[0].port:"
                        + " \"eighty\" is not a port number or name")
                .setFirstSeen(Instant.ofEpochMilli(1_718_035_200_000L))
                .setLastSeen(Instant.ofEpochMilli(1_718_035_200_000L))
                .setDedupKey("POLICY_REJECTED/policies/shop.yaml#2")
                .build();
    }

    // ---- WhatIfDiff ----

    public static WhatIfDiff newlyDeniedDiff() {
        Evaluation baseline = Evaluation.newBuilder()
                .setVerdict(Outcome.ALLOWED)
                .setEgress(DirectionVerdict.ALLOWED)
                .setIngress(DirectionVerdict.NOT_ENFORCED)
                .setReason("ALLOWED_BY_RULE")
                .setReasonText("egress from shop/web to payments/api on 8080/TCP is allowed by rule 0 of"
                        + " CiliumNetworkPolicy shop/web-egress")
                .setDecidingPolicies(List.of(deciding(cnp("shop", "web-egress"), PolicyDirection.EGRESS, false, 0)))
                .build();
        Evaluation candidate = Evaluation.newBuilder()
                .setVerdict(Outcome.DENIED)
                .setEgress(DirectionVerdict.ALLOWED)
                .setIngress(DirectionVerdict.DENIED)
                .setReason("DEFAULT_DENY")
                .setReasonText("ingress to payments/api is under default deny (CiliumNetworkPolicy"
                        + " payments/api-ingress) and no rule allows shop/web on 8080/TCP")
                .setDecidingPolicies(List.of(
                        deciding(cnp("shop", "web-egress"), PolicyDirection.EGRESS, false, 0),
                        deciding(cnp("payments", "api-ingress"), PolicyDirection.INGRESS, false, -1)))
                .build();
        return WhatIfDiff.newBuilder()
                .setFlowUuid(FLOW_UUID)
                .setFlowTimeNanos(FLOW_TIME_NANOS)
                .setChangeKind(ChangeKind.NEWLY_DENIED)
                .setBaseline(baseline)
                .setCandidate(candidate)
                .setSource(webSummary(43512))
                .setDestination(paymentsApiSummary())
                .setProtocol(L4Protocol.TCP)
                .build();
    }

    public static WhatIfDiff minimalWhatIfDiff() {
        return WhatIfDiff.newBuilder()
                .setFlowUuid(FLOW_UUID)
                .setFlowTimeNanos(FLOW_TIME_NANOS)
                .setChangeKind(ChangeKind.NEWLY_ALLOWED)
                .setBaseline(Evaluation.newBuilder().setVerdict(Outcome.DENIED).build())
                .setCandidate(Evaluation.newBuilder().setVerdict(Outcome.ALLOWED).build())
                .setSource(PeerSummary.newBuilder().build())
                .setDestination(PeerSummary.newBuilder().build())
                .build();
    }

    // ---- DeadLetter ----

    /** A flow record whose bytes were cut short in transit, as the dead-letter handler would record it. */
    public static DeadLetter truncatedFlowDeadLetter() {
        return DeadLetter.newBuilder()
                .setOriginalKey(ByteBuffer.wrap(NODE.getBytes(StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, 0x5A, 0x11, (byte) 0x9E}))
                .setSourceTopic("flowaudit.flows")
                .setPartition(3)
                .setOffset(1_234_567L)
                .setReason("flowaudit.flows: cannot deserialize Flow: EOFException: null")
                .setErrorClass("org.apache.kafka.common.errors.SerializationException")
                .setTime(Instant.parse("2024-06-10T16:00:01.500Z"))
                .setApplicationId("flowaudit")
                .build();
    }

    /** A dead letter with every nullable field null and an empty value. */
    public static DeadLetter minimalDeadLetter() {
        return DeadLetter.newBuilder()
                .setOriginalValue(ByteBuffer.wrap(new byte[0]))
                .setSourceTopic("flowaudit.policies")
                .setPartition(-1)
                .setOffset(-1L)
                .setReason("policy key without a kind")
                .setTime(Instant.ofEpochMilli(1_718_035_200_000L))
                .build();
    }
}
