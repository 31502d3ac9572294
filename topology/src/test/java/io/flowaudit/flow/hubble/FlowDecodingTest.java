package io.flowaudit.flow.hubble;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowEndpoint;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.HttpRecord.HttpHeader;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import io.flowaudit.flow.TrafficDirection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the fields of one flow line become a {@link Flow}. JSON is written with ' for " to stay readable. */
class FlowDecodingTest {
    private final HubbleJsonReader reader = new HubbleJsonReader();

    private Flow parse(String singleQuotedJson) {
        return reader.parseFlow(singleQuotedJson.replace('\'', '"'));
    }

    @Test
    void readsProtoFieldNamesOfAnObserveLine() {
        Flow flow = parse("{'flow':{'time':'2026-05-12T08:14:03.155046564Z','uuid':'u-1','verdict':'FORWARDED',"
                + "'IP':{'source':'10.0.0.23','destination':'10.0.1.144','ipVersion':'IPv4'},"
                + "'l4':{'TCP':{'source_port':43210,'destination_port':80,'flags':{'SYN':true}}},"
                + "'source':{'ID':1187,'identity':24581,'cluster_name':'default','namespace':'dev',"
                + "'labels':['k8s:app=app1','k8s:io.kubernetes.pod.namespace=dev'],'pod_name':'app1-x',"
                + "'workloads':[{'name':'app1','kind':'Deployment'}]},"
                + "'destination':{'identity':2,'labels':['reserved:world']},'Type':'L3_L4','node_name':'k8s-worker-1',"
                + "'node_labels':['kubernetes.io/os=linux'],'destination_names':['google.com'],"
                + "'event_type':{'type':5},'traffic_direction':'EGRESS','trace_reason':'NEW','is_reply':false},"
                + "'node_name':'k8s-worker-1','time':'2026-05-12T08:14:03.155046564Z'}");

        assertThat(flow.timeNanos()).isEqualTo(1_778_573_643_155_046_564L);
        assertThat(flow.uuid()).isEqualTo("u-1");
        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.FORWARDED);
        assertThat(flow.ipVersion()).isEqualTo(4);
        assertThat(flow.sourceIp()).isEqualTo("10.0.0.23");
        assertThat(flow.destinationIp()).isEqualTo("10.0.1.144");
        assertThat(flow.protocol()).isEqualTo(Protocol.TCP);
        assertThat(flow.sourcePort()).isEqualTo(43210);
        assertThat(flow.destinationPort()).isEqualTo(80);
        assertThat(flow.tcpFlags()).containsExactly("SYN");
        assertThat(flow.source()).isEqualTo(new FlowEndpoint(1187, 24581, "dev", "app1-x",
                List.of("k8s:app=app1", "k8s:io.kubernetes.pod.namespace=dev"), List.of("app1")));
        assertThat(flow.destination()).isEqualTo(new FlowEndpoint(0, 2, "", "", List.of("reserved:world"), List.of()));
        assertThat(flow.type()).isEqualTo(FlowType.L3_L4);
        assertThat(flow.nodeName()).isEqualTo("k8s-worker-1");
        assertThat(flow.nodeLabels()).containsExactly("kubernetes.io/os=linux");
        assertThat(flow.destinationNames()).containsExactly("google.com");
        assertThat(flow.eventType()).isEqualTo(5);
        assertThat(flow.direction()).isEqualTo(TrafficDirection.EGRESS);
        assertThat(flow.traceReason()).isEqualTo("NEW");
        assertThat(flow.reply()).isEqualTo(ReplyState.REQUEST);
        assertThat(flow.l7()).isNull();
    }

    @Test
    void acceptsLowerCamelCaseNames() {
        Flow flow = parse("{'flow':{'nodeName':'n1','dropReasonDesc':'POLICY_DENIED','isReply':true,"
                + "'eventType':{'type':1,'subType':133},'trafficDirection':'INGRESS','traceReason':'REPLY',"
                + "'destinationService':{'name':'kube-dns','namespace':'kube-system'},'nodeLabels':['a=b'],"
                + "'destinationNames':['x.example'],"
                + "'IP':{'source':'1.1.1.1','destination':'2.2.2.2','ipVersion':'IPv4'},"
                + "'l4':{'UDP':{'sourcePort':5353,'destinationPort':53}},"
                + "'source':{'podName':'p','namespace':'ns','identity':7}}}");

        assertThat(flow.nodeName()).isEqualTo("n1");
        assertThat(flow.dropReason()).isEqualTo("POLICY_DENIED");
        assertThat(flow.reply()).isEqualTo(ReplyState.REPLY);
        assertThat(flow.eventType()).isEqualTo(1);
        assertThat(flow.direction()).isEqualTo(TrafficDirection.INGRESS);
        assertThat(flow.traceReason()).isEqualTo("REPLY");
        assertThat(flow.destinationService()).isEqualTo("kube-system/kube-dns");
        assertThat(flow.nodeLabels()).containsExactly("a=b");
        assertThat(flow.destinationNames()).containsExactly("x.example");
        assertThat(flow.sourcePort()).isEqualTo(5353);
        assertThat(flow.destinationPort()).isEqualTo(53);
        assertThat(flow.source().podName()).isEqualTo("p");
        assertThat(flow.source().namespace()).isEqualTo("ns");
    }

    @Test
    void acceptsCamelCaseEnvelopeNodeName() {
        Flow flow = parse("{'flow':{'verdict':'FORWARDED'},'nodeName':'cluster/n2'}");

        assertThat(flow.nodeName()).isEqualTo("cluster/n2");
    }

    @Test
    void decodesEnumsWrittenAsNumbers() {
        Flow flow = parse("{'flow':{'verdict':2,'Type':3,'traffic_direction':1,'drop_reason_desc':181,"
                + "'trace_reason':3,'IP':{'source':'fd00::1','destination':'fd00::2','ipVersion':2},"
                + "'l7':{'type':2}}}");

        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.DROPPED);
        assertThat(flow.type()).isEqualTo(FlowType.SOCK);
        assertThat(flow.direction()).isEqualTo(TrafficDirection.INGRESS);
        assertThat(flow.dropReason()).isEqualTo("POLICY_DENY");
        assertThat(flow.traceReason()).isEqualTo("REPLY");
        assertThat(flow.ipVersion()).isEqualTo(6);
        assertThat(flow.l7().type()).isEqualTo("RESPONSE");
    }

    @ParameterizedTest
    @CsvSource({"0,VERDICT_UNKNOWN", "1,FORWARDED", "2,DROPPED", "3,ERROR", "4,AUDIT", "5,REDIRECTED", "6,TRACED",
        "7,TRANSLATED", "8,VERDICT_UNKNOWN"})
    void mapsEveryVerdictNumber(int number, ObservedVerdict expected) {
        assertThat(parse("{'flow':{'verdict':" + number + "}}").verdict()).isEqualTo(expected);
    }

    @Test
    void keepsUnknownEnumNamesAsZeroValueOrText() {
        Flow flow = parse("{'flow':{'verdict':'BRAND_NEW','Type':'L9','traffic_direction':'SIDEWAYS',"
                + "'drop_reason_desc':'SOME_FUTURE_REASON','trace_reason':99}}");

        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.VERDICT_UNKNOWN);
        assertThat(flow.type()).isEqualTo(FlowType.UNKNOWN_TYPE);
        assertThat(flow.direction()).isEqualTo(TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN);
        assertThat(flow.dropReason()).isEqualTo("SOME_FUTURE_REASON");
        assertThat(flow.traceReason()).isEqualTo("99");
    }

    @Test
    void readsIntegersGivenAsStrings() {
        Flow flow = parse("{'flow':{'source':{'ID':'12','identity':'16777217'},'event_type':{'type':'129'},"
                + "'l4':{'TCP':{'source_port':'1234','destination_port':'443'}},'drop_reason':'133',"
                + "'socket_cookie':'18446744073709551615','l7':{'latency_ns':'2154000','dns':{'ttl':'300'}}}}");

        assertThat(flow.source().endpointId()).isEqualTo(12);
        assertThat(flow.source().identity()).isEqualTo(16_777_217);
        assertThat(flow.eventType()).isEqualTo(129);
        assertThat(flow.sourcePort()).isEqualTo(1234);
        assertThat(flow.destinationPort()).isEqualTo(443);
        assertThat(flow.dropReason()).isEqualTo("POLICY_DENIED");
        assertThat(flow.l7().dns().ttl()).isEqualTo(300);
    }

    @Test
    void readsBareLegacyFlow() {
        Flow flow = parse("{'time':'1970-01-01T00:20:34.567800Z','verdict':'DROPPED','IP':{'source':'1.1.1.1',"
                + "'destination':'2.2.2.2'},'l4':{'TCP':{'source_port':31793,'destination_port':8080}},"
                + "'source':{'identity':4},'destination':{'identity':12345},'Type':'L3_L4','node_name':'k8s1',"
                + "'event_type':{'type':1,'sub_type':133},'is_reply':false,'Summary':'TCP Flags: SYN'}");

        assertThat(flow.timeNanos()).isEqualTo(1_234_567_800_000L);
        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.DROPPED);
        assertThat(flow.nodeName()).isEqualTo("k8s1");
        assertThat(flow.source().identity()).isEqualTo(4);
        assertThat(flow.destination().identity()).isEqualTo(12345);
        assertThat(flow.reply()).isEqualTo(ReplyState.REQUEST);
    }

    @Test
    void usesEnvelopeTimeAndNodeWhenFlowHasNone() {
        Flow flow = parse("{'flow':{'verdict':'FORWARDED'},'node_name':'n1','time':'2024-01-01T00:00:00Z'}");

        assertThat(flow.nodeName()).isEqualTo("n1");
        assertThat(flow.timeNanos()).isEqualTo(1_704_067_200_000_000_000L);
    }

    @Test
    void prefersFlowTimeAndNodeOverEnvelope() {
        Flow flow = parse("{'time':'2024-01-01T00:00:09Z','node_name':'outer',"
                + "'flow':{'time':'2024-01-01T00:00:01Z','node_name':'inner'}}");

        assertThat(flow.nodeName()).isEqualTo("inner");
        assertThat(flow.timeNanos()).isEqualTo(1_704_067_201_000_000_000L);
    }

    @Test
    void treatsFlowWithNeitherTimeAsEpochZero() {
        Flow flow = parse("{'flow':{'source':{'namespace':'nsA','pod_name':'podA'}}}");

        assertThat(flow.timeNanos()).isZero();
        assertThat(flow.nodeName()).isEmpty();
        assertThat(flow.source().namespace()).isEqualTo("nsA");
    }

    @Test
    void decodesIsReplyInThreeStatesAndDeprecatedReply() {
        assertThat(parse("{'flow':{'is_reply':true}}").reply()).isEqualTo(ReplyState.REPLY);
        assertThat(parse("{'flow':{'is_reply':false}}").reply()).isEqualTo(ReplyState.REQUEST);
        assertThat(parse("{'flow':{'verdict':'DROPPED'}}").reply()).isEqualTo(ReplyState.UNKNOWN);
        assertThat(parse("{'flow':{'reply':true}}").reply()).isEqualTo(ReplyState.REPLY);
        assertThat(parse("{'flow':{'reply':false}}").reply()).isEqualTo(ReplyState.UNKNOWN);
        assertThat(parse("{'flow':{'reply':true,'is_reply':false}}").reply()).isEqualTo(ReplyState.REQUEST);
    }

    @Test
    void readsEmptyIcmpv4AsTypeAndCodeZero() {
        Flow flow = parse("{'flow':{'l4':{'ICMPv4':{}}}}");

        assertThat(flow.protocol()).isEqualTo(Protocol.ICMPV4);
        assertThat(flow.destinationPort()).isZero();
        assertThat(flow.icmpCode()).isZero();
    }

    @Test
    void keepsIcmpTypeAsDestinationPortAndCodeAsIcmpCode() {
        Flow flow = parse("{'flow':{'l4':{'ICMPv6':{'type':1,'code':4}}}}");

        assertThat(flow.protocol()).isEqualTo(Protocol.ICMPV6);
        assertThat(flow.destinationPort()).isEqualTo(1);
        assertThat(flow.icmpCode()).isEqualTo(4);
    }

    @Test
    void readsSctpPortsAndOnlyTheProtocolOfVrrpAndIgmp() {
        Flow sctp = parse("{'flow':{'l4':{'SCTP':{'source_port':5000,'destination_port':3868}}}}");
        Flow vrrp = parse("{'flow':{'l4':{'VRRP':{'type':1,'vrid':7,'priority':100}}}}");
        Flow igmp = parse("{'flow':{'l4':{'IGMP':{'type':22,'group_address':'239.1.1.1'}}}}");

        assertThat(sctp.protocol()).isEqualTo(Protocol.SCTP);
        assertThat(sctp.destinationPort()).isEqualTo(3868);
        assertThat(vrrp.protocol()).isEqualTo(Protocol.VRRP);
        assertThat(vrrp.destinationPort()).isZero();
        assertThat(igmp.protocol()).isEqualTo(Protocol.IGMP);
        assertThat(igmp.destinationPort()).isZero();
    }

    @Test
    void leavesProtocolNoneForUnknownL4Member() {
        Flow flow = parse("{'flow':{'l4':{'QUIC':{'source_port':1}}}}");

        assertThat(flow.protocol()).isEqualTo(Protocol.NONE);
        assertThat(flow.sourcePort()).isZero();
    }

    @Test
    void listsTrueTcpFlagsInDeclarationOrder() {
        Flow flow = parse("{'flow':{'l4':{'TCP':{'flags':{'ACK':true,'FIN':true,'SYN':false,'NS':true}}}}}");

        assertThat(flow.tcpFlags()).containsExactly("FIN", "ACK", "NS");
    }

    @Test
    void joinsDestinationServiceNamespaceAndName() {
        assertThat(parse("{'flow':{'destination_service':{'name':'kube-dns','namespace':'kube-system'}}}")
                .destinationService()).isEqualTo("kube-system/kube-dns");
        assertThat(parse("{'flow':{'destination_service':{'name':'frontend'}}}").destinationService())
                .isEqualTo("frontend");
        assertThat(parse("{'flow':{}}").destinationService()).isEmpty();
    }

    @Test
    void fallsBackToNumericDropReason() {
        assertThat(parse("{'flow':{'drop_reason':133}}").dropReason()).isEqualTo("POLICY_DENIED");
        assertThat(parse("{'flow':{'drop_reason':189}}").dropReason()).isEqualTo("AUTH_REQUIRED");
        assertThat(parse("{'flow':{'drop_reason':250}}").dropReason()).isEqualTo("250");
        assertThat(parse("{'flow':{'drop_reason':133,'drop_reason_desc':'POLICY_DENY'}}").dropReason())
                .isEqualTo("POLICY_DENY");
    }

    @Test
    void takesDropReasonOfDropEventFromSubType() {
        assertThat(parse("{'flow':{'event_type':{'type':1,'sub_type':181}}}").dropReason()).isEqualTo("POLICY_DENY");
        assertThat(parse("{'flow':{'event_type':{'type':4,'sub_type':3}}}").dropReason()).isEmpty();
    }

    @Test
    void readsDnsRecord() {
        Flow flow = parse("{'flow':{'Type':'L7','l7':{'type':'RESPONSE','dns':{'query':'yahoo.com.',"
                + "'ips':['74.6.143.25','74.6.143.26'],'ttl':1800,'cnames':['x.'],'observation_source':'proxy',"
                + "'rcode':3,'qtypes':['A'],'rrtypes':['A']}}}}");

        assertThat(flow.type()).isEqualTo(FlowType.L7);
        assertThat(flow.l7().isResponse()).isTrue();
        assertThat(flow.l7().http()).isNull();
        assertThat(flow.l7().dns().query()).isEqualTo("yahoo.com.");
        assertThat(flow.l7().dns().ips()).containsExactly("74.6.143.25", "74.6.143.26");
        assertThat(flow.l7().dns().ttl()).isEqualTo(1800);
        assertThat(flow.l7().dns().rcode()).isEqualTo(3);
        assertThat(flow.l7().dns().qtypes()).containsExactly("A");
    }

    @Test
    void readsHttpRecordWithEscapedUrl() {
        Flow flow = parse("{'flow':{'l7':{'type':'REQUEST','http':{'method':'GET',"
                + "'url':'http://app2/search?q=1\\u0026r=\\u003c2\\u003e','protocol':'HTTP/1.1',"
                + "'headers':[{'key':'accept','value':'*/*'},{'key':'x-secret','value':'HUBBLE_REDACTED'}]}}}}");

        assertThat(flow.l7().isRequest()).isTrue();
        assertThat(flow.l7().http().method()).isEqualTo("GET");
        assertThat(flow.l7().http().url()).isEqualTo("http://app2/search?q=1&r=<2>");
        assertThat(flow.l7().http().protocol()).isEqualTo("HTTP/1.1");
        assertThat(flow.l7().http().code()).isZero();
        assertThat(flow.l7().http().headers()).containsExactly(new HttpHeader("accept", "*/*"),
                new HttpHeader("x-secret", "HUBBLE_REDACTED"));
    }

    @Test
    void givesL7WithoutTypeTheUnknownType() {
        assertThat(parse("{'flow':{'l7':{}}}").l7().type()).isEqualTo("UNKNOWN_L7_TYPE");
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() {
        Flow flow = parse("{'flow':{'verdict':'FORWARDED','future_field':{'a':[1,2,{'b':null}]},"
                + "'source':{'identity':9,'new_thing':true},'l4':{'TCP':{'destination_port':80,'chunk_type':3}},"
                + "'IP':{'source':'1.2.3.4','encrypted':true,'source_xlated':'5.6.7.8'}},"
                + "'node_name':'n','extra':[1]}");

        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.FORWARDED);
        assertThat(flow.source().identity()).isEqualTo(9);
        assertThat(flow.destinationPort()).isEqualTo(80);
        assertThat(flow.sourceIp()).isEqualTo("1.2.3.4");
    }

    @Test
    void treatsNullValuesAsAbsent() {
        Flow flow = parse("{'flow':{'verdict':null,'source':null,'is_reply':null,'l7':null,"
                + "'IP':{'source':null},'node_labels':[null,'a=b']}}");

        assertThat(flow.verdict()).isEqualTo(ObservedVerdict.VERDICT_UNKNOWN);
        assertThat(flow.source()).isEqualTo(FlowEndpoint.UNKNOWN);
        assertThat(flow.reply()).isEqualTo(ReplyState.UNKNOWN);
        assertThat(flow.l7()).isNull();
        assertThat(flow.nodeLabels()).containsExactly("a=b");
    }

    @Test
    void infersIpVersionFromAddressesWhenAbsent() {
        assertThat(parse("{'flow':{'IP':{'source':'1.1.1.1','destination':'2.2.2.2'}}}").ipVersion()).isEqualTo(4);
        assertThat(parse("{'flow':{'IP':{'source':'fe80::1','destination':'ff02::2'}}}").ipVersion()).isEqualTo(6);
        assertThat(parse("{'flow':{'verdict':'FORWARDED'}}").ipVersion()).isZero();
    }

    @Test
    void sharesRepeatedLabelListsBetweenFlows() {
        String line = "{'flow':{'source':{'identity':5,'labels':['k8s:app=a','k8s:io.kubernetes.pod.namespace=x']}}}";

        Flow first = parse(line);
        Flow second = parse(line);

        assertThat(second.source().labels()).isSameAs(first.source().labels());
        assertThat(second.source().labels().get(0)).isSameAs(first.source().labels().get(0));
    }
}
