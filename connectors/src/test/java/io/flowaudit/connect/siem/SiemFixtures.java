package io.flowaudit.connect.siem;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.AlertSubject;
import io.flowaudit.schemas.avro.AlertType;
import io.flowaudit.schemas.avro.DecidingPolicy;
import io.flowaudit.schemas.avro.DirectionVerdict;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.PeerSummary;
import io.flowaudit.schemas.avro.PolicyDirection;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.avro.PolicyRef;
import io.flowaudit.schemas.avro.Severity;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.Workload;

/** Alerts, denials and records the SIEM sink tests share. */
final class SiemFixtures {

    static final String VERSION = "1.2.3";

    private SiemFixtures() {
    }

    /** A MISSING_DNS_RULE alert whose message and fix need CEF escaping. */
    static Alert missingDnsAlert() {
        return Alert.newBuilder()
                .setAlertType(AlertType.MISSING_DNS_RULE)
                .setSeverity(Severity.ERROR)
                .setSubject(AlertSubject.newBuilder()
                        .setNamespace("shop")
                        .setSelector("k8s:app=web")
                        .setPod("web-7d9f-abcde")
                        .setWorkload(Workload.newBuilder().setKind("Deployment").setName("web").build())
                        .build())
                .setPolicies(List.of(PolicyRef.newBuilder().setKind(PolicyKind.CiliumNetworkPolicy)
                        .setNamespace("shop").setName("web-egress").build()))
                .setMessage("no rule allows DNS | port=53 \\ kube-dns")
                .setSuggestedFix("spec:\n  egress:\r\n")
                .setCount(3)
                .setFirstSeen(Instant.parse("2024-05-01T12:00:00.123Z"))
                .setLastSeen(Instant.parse("2024-05-01T12:05:00.456Z"))
                .setDedupKey("MISSING_DNS_RULE/shop/k8s:app=web")
                .setSampleFlowUuid("8c1f6a0e-0000-4000-8000-000000000001")
                .build();
    }

    /** A plain alert with nothing to escape, for line-oriented receivers. */
    static Alert simpleAlert(int n) {
        return Alert.newBuilder()
                .setAlertType(AlertType.MISSING_DNS_RULE)
                .setSeverity(Severity.WARNING)
                .setSubject(AlertSubject.newBuilder().setNamespace("shop").setSelector("k8s:app=web").build())
                .setMessage("shop/web cannot resolve names " + n)
                .setCount(1)
                .setFirstSeen(Instant.ofEpochMilli(1_714_564_800_000L + n))
                .setLastSeen(Instant.ofEpochMilli(1_714_564_800_000L + n))
                .setDedupKey("MISSING_DNS_RULE/shop/k8s:app=web")
                .build();
    }

    /** An egress denial from shop/web to kube-dns over UDP. */
    static Verdict denial() {
        return Verdict.newBuilder()
                .setFlowUuid("5b0c2f6e-0000-4000-8000-000000000002")
                .setFlowTimeNanos(1_714_564_800_123_456_789L)
                .setNodeName("node-1")
                .setVerdict(Outcome.DENIED)
                .setEgress(DirectionVerdict.DENIED)
                .setIngress(DirectionVerdict.NOT_EVALUATED)
                .setReason("DEFAULT_DENY")
                .setReasonText("egress from shop/web to 10.96.0.10:53/UDP is not allowed by any rule of"
                        + " CiliumNetworkPolicy shop/web-egress")
                .setDecidingPolicies(List.of(DecidingPolicy.newBuilder().setKind(PolicyKind.CiliumNetworkPolicy)
                        .setNamespace("shop").setName("web-egress").setDirection(PolicyDirection.EGRESS)
                        .setDeny(false).setRuleIndex(-1).build()))
                .setPolicyRevision(42)
                .setObservedVerdict(HubbleVerdict.FORWARDED)
                .setSource(PeerSummary.newBuilder().setNamespace("shop").setPod("web-7d9f-abcde")
                        .setIdentity(12345).setIp("10.0.1.23").setPort(40312).build())
                .setDestination(PeerSummary.newBuilder().setNamespace("kube-system").setPod("coredns-1")
                        .setIdentity(102).setIp("10.96.0.10").setPort(53).build())
                .setProtocol(L4Protocol.UDP)
                .build();
    }

    /** The same denial between IPv6 addresses over TCP, without reason text. */
    static Verdict ipv6Denial() {
        Verdict verdict = denial();
        verdict.setSource(PeerSummary.newBuilder().setIp("fd00::17").setPort(51000).build());
        verdict.setDestination(PeerSummary.newBuilder().setIp("fd00::2a").setPort(443).build());
        verdict.setProtocol(L4Protocol.TCP);
        verdict.setReason("DENY_RULE");
        verdict.setReasonText("");
        return verdict;
    }

    static SinkRecord record(String topic, int partition, long offset, Object value) {
        return new SinkRecord(topic, partition, Schema.STRING_SCHEMA, "key-" + offset, null, value, offset);
    }

    /** Minimal CEF-over-syslog settings with a fixed HOSTNAME. */
    static Map<String, String> syslogProps(int port) {
        Map<String, String> props = new HashMap<>();
        props.put(SiemSinkConnectorConfig.FORMAT_CONFIG, "cef");
        props.put(SiemSinkConnectorConfig.TRANSPORT_CONFIG, "syslog-tcp");
        props.put(SiemSinkConnectorConfig.SYSLOG_HOST_CONFIG, "127.0.0.1");
        props.put(SiemSinkConnectorConfig.SYSLOG_PORT_CONFIG, Integer.toString(port));
        props.put(SiemSinkConnectorConfig.SYSLOG_HOSTNAME_CONFIG, "worker-1");
        return props;
    }

    /** Minimal JSON-over-HTTP settings. */
    static Map<String, String> httpProps(String format, String api, String url) {
        Map<String, String> props = new HashMap<>();
        props.put(SiemSinkConnectorConfig.FORMAT_CONFIG, format);
        props.put(SiemSinkConnectorConfig.TRANSPORT_CONFIG, "http");
        props.put(SiemSinkConnectorConfig.HTTP_API_CONFIG, api);
        props.put(SiemSinkConnectorConfig.HTTP_URL_CONFIG, url);
        props.put(SiemSinkConnectorConfig.RETRY_BACKOFF_MS_CONFIG, "1");
        props.put(SiemSinkConnectorConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "5");
        return props;
    }

    static SiemSinkConnectorConfig config(Map<String, String> props) {
        return SiemSinkConnectorConfig.validated(props);
    }
}
