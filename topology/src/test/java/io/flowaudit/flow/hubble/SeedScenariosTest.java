package io.flowaudit.flow.hubble;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.HttpRecord.HttpHeader;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The team's synthetic {@code seed-scenarios.jsonl}: 64 flow lines. Line numbers below are 1-based as in its
 * README; the verdicts checked are what the file records, not what any policy should decide.
 */
class SeedScenariosTest {
    private static List<ReadEvent> events;

    @BeforeAll
    static void readSeedFile() {
        events = ReadEvents.of(SharedTestData.seedScenarios());
    }

    private static Flow line(int lineNumber) {
        ReadEvent event = events.get(lineNumber - 1);
        assertThat(event.lineNumber()).isEqualTo(lineNumber);
        return ReadEvents.flow(event);
    }

    @Test
    void readsAll64LinesAsFlows() throws Exception {
        ReadStats stats = new HubbleJsonReader().read(SharedTestData.seedScenarios(), event -> { });

        assertThat(stats).isEqualTo(new ReadStats(64, 64, Map.of(), 0, 0));
        assertThat(events).hasSize(64).allMatch(ReadEvent.ParsedFlow.class::isInstance);
    }

    @Test
    void readsSocketLoadBalancerTraceOnLine1() {
        Flow flow = line(1);

        assertThat(flow.type()).isEqualTo(FlowType.SOCK);
        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.TRACED);
        assertThat(flow.destinationService()).isEqualTo("kube-system/kube-dns");
        assertThat(flow.eventType()).isEqualTo(7);
        assertThat(flow.timeNanos()).isEqualTo(1_778_573_643_155_046_564L);
        assertThat(flow.uuid()).isEqualTo("32833106-536e-45df-80b2-d002cc92d33d");
        assertThat(flow.nodeName()).isEqualTo("k8s-worker-1");
        assertThat(flow.reply()).isEqualTo(ReplyState.UNKNOWN);
        assertThat(flow.direction()).isEqualTo(TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN);
        assertThat(flow.protocol()).isEqualTo(Protocol.UDP);
        assertThat(flow.sourcePort()).isZero();
        assertThat(flow.destinationPort()).isEqualTo(53);
        assertThat(flow.destinationIp()).isEqualTo("10.96.0.10");
        assertThat(flow.source()).isEqualTo(new FlowEndpoint(1187, 24581, "dev", "app1-6d8f7c9b5-kx2vq",
                List.of("k8s:app=app1", "k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=dev",
                        "k8s:io.cilium.k8s.policy.cluster=default", "k8s:io.cilium.k8s.policy.serviceaccount=default",
                        "k8s:io.kubernetes.pod.namespace=dev"),
                List.of("app1")));
        assertThat(flow.destination()).isEqualTo(new FlowEndpoint(0, 2, "", "", List.of("reserved:world"), List.of()));
        assertThat(flow.nodeLabels()).hasSize(6).contains("topology.kubernetes.io/zone=zone-a");
    }

    @Test
    void readsDnsAnswerOnLine6() {
        Flow flow = line(6);

        assertThat(flow.type()).isEqualTo(FlowType.L7);
        assertThat(flow.eventType()).isEqualTo(129);
        assertThat(flow.reply()).isEqualTo(ReplyState.REPLY);
        assertThat(flow.l7().isResponse()).isTrue();
        assertThat(flow.l7().dns().query()).isEqualTo("google.com.");
        assertThat(flow.l7().dns().ips()).containsExactly("142.250.74.46");
        assertThat(flow.l7().dns().ttl()).isEqualTo(300);
        assertThat(flow.l7().dns().rcode()).isZero();
        assertThat(flow.l7().dns().qtypes()).containsExactly("A");
        assertThat(flow.destination().podName()).isEqualTo("app1-6d8f7c9b5-kx2vq");
    }

    @Test
    void readsDnsAnswersWithSeveralAndIpv6AddressesOnLines9And13() {
        assertThat(line(9).l7().dns().ips()).containsExactly("2a00:1450:4001:82a::200e");
        assertThat(line(9).l7().dns().qtypes()).containsExactly("AAAA");
        assertThat(line(13).l7().dns().ips()).hasSize(6).startsWith("74.6.143.25");
    }

    @Test
    void readsDnsRequestOnLine5() {
        Flow flow = line(5);

        assertThat(flow.l7().isRequest()).isTrue();
        assertThat(flow.l7().dns().ips()).isEmpty();
        assertThat(flow.l7().dns().ttl()).isZero();
        assertThat(flow.reply()).isEqualTo(ReplyState.REQUEST);
    }

    @Test
    void readsHttpRequestOnLine23() {
        Flow flow = line(23);

        assertThat(flow.timeNanos()).isEqualTo(1_778_573_643_484_408_000L);
        assertThat(flow.direction()).isEqualTo(TrafficDirection.INGRESS);
        assertThat(flow.l7().isRequest()).isTrue();
        assertThat(flow.l7().http().method()).isEqualTo("GET");
        assertThat(flow.l7().http().url()).isEqualTo("http://app2/auth");
        assertThat(flow.l7().http().protocol()).isEqualTo("HTTP/1.1");
        assertThat(flow.l7().http().code()).isZero();
        assertThat(flow.l7().http().headers()).hasSize(6).contains(new HttpHeader("user-agent", "curl/8.7.1"));
        assertThat(flow.destination().endpointId()).isEqualTo(2391);
    }

    @Test
    void readsHttpResponsesOnLines24And26() {
        assertThat(line(24).l7().http().code()).isEqualTo(200);
        assertThat(line(24).reply()).isEqualTo(ReplyState.REPLY);
        assertThat(line(26).l7().http().code()).isEqualTo(403);
        assertThat(line(26).l7().http().url()).isEqualTo("http://app2/products");
    }

    @Test
    void readsL7DenialWithoutDropReasonOnLine25() {
        Flow flow = line(25);

        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.DROPPED);
        assertThat(flow.type()).isEqualTo(FlowType.L7);
        assertThat(flow.dropReason()).isEmpty();
    }

    @Test
    void readsEmptyIcmpv4EchoReplyOnLine44() {
        Flow flow = line(44);

        assertThat(flow.protocol()).isEqualTo(Protocol.ICMPV4);
        assertThat(flow.destinationPort()).isZero();
        assertThat(flow.icmpCode()).isZero();
        assertThat(flow.reply()).isEqualTo(ReplyState.REPLY);
        assertThat(flow.traceReason()).isEqualTo("REPLY");
        assertThat(line(43).destinationPort()).isEqualTo(8);
    }

    @Test
    void readsPolicyDeniedDropOnLine29() {
        Flow flow = line(29);

        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.DROPPED);
        assertThat(flow.dropReason()).isEqualTo("POLICY_DENIED");
        assertThat(flow.eventType()).isEqualTo(1);
        assertThat(flow.reply()).isEqualTo(ReplyState.UNKNOWN);
        assertThat(flow.direction()).isEqualTo(TrafficDirection.INGRESS);
        assertThat(flow.destinationPort()).isEqualTo(90);
        assertThat(flow.tcpFlags()).containsExactly("SYN");
    }

    @Test
    void readsExplicitDenyOnLine46() {
        assertThat(line(46).dropReason()).isEqualTo("POLICY_DENY");
        assertThat(line(45).eventType()).isEqualTo(5);
        assertThat(line(45).dropReason()).isEqualTo("POLICY_DENY");
    }

    @Test
    void readsIsReplyInAllThreeStates() {
        assertThat(line(21).reply()).isEqualTo(ReplyState.REPLY);
        assertThat(line(21).tcpFlags()).containsExactly("SYN", "ACK");
        assertThat(line(17).reply()).isEqualTo(ReplyState.REQUEST);
        assertThat(line(52).reply()).isEqualTo(ReplyState.UNKNOWN);
        assertThat(events).extracting(event -> ReadEvents.flow(event).reply())
                .containsOnly(ReplyState.REPLY, ReplyState.REQUEST, ReplyState.UNKNOWN);
    }

    @Test
    void readsDestinationNamesOnLine16() {
        assertThat(line(16).destinationNames()).containsExactly("google.com");
        assertThat(line(16).traceReason()).isEqualTo("NEW");
    }

    @Test
    void readsCidrIdentityOnLine40() {
        FlowEndpoint destination = line(40).destination();

        assertThat(destination.identity()).isEqualTo(16_777_218);
        assertThat(destination.labels()).containsExactly("cidr:10.100.0.0/16", "reserved:world");
    }

    @Test
    void keepsTimesStrictlyIncreasing() {
        assertThat(events).extracting(event -> ReadEvents.flow(event).timeNanos()).isSorted().doesNotHaveDuplicates();
    }
}
