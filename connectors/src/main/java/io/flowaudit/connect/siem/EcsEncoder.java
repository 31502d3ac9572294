package io.flowaudit.connect.siem;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.connect.sink.SinkRecord;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.AlertSubject;
import io.flowaudit.schemas.avro.AlertType;
import io.flowaudit.schemas.avro.DecidingPolicy;
import io.flowaudit.schemas.avro.PeerSummary;
import io.flowaudit.schemas.avro.PolicyRef;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.Workload;

/**
 * Alerts and denials as Elastic Common Schema documents; the mapping is the table in {@code connectors/SIEM.md}.
 * Fields without an ECS home go under the custom {@code flowaudit.*} namespace, as ECS asks of custom fields.
 */
final class EcsEncoder extends JsonEncoder {

    /** The ECS version the documents follow. */
    static final String ECS_VERSION = "8.11.0";

    EcsEncoder(String version, SiemSinkConnectorConfig config) {
        super(version, config);
    }

    @Override
    void writeAlert(Json json, Alert alert) throws IOException {
        AlertSubject subject = alert.getSubject();
        AlertType type = alert.getAlertType();
        json.string("@timestamp", iso(alert.getLastSeen()))
                .startObject("ecs").string("version", ECS_VERSION).end()
                .string("message", alert.getMessage());
        json.startObject("event")
                .string("kind", "alert")
                .strings("category", List.of(isConfigurationFinding(type) ? "configuration" : "network"))
                .strings("type", List.of("info"))
                .string("action", type.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .string("code", type.name())
                .number("severity", config.severity(alert.getSeverity()))
                .string("start", iso(alert.getFirstSeen()))
                .string("end", iso(alert.getLastSeen()))
                .string("dataset", "flowaudit.alert")
                .string("module", "flowaudit")
                .end();
        writeObserver(json);
        List<String> ids = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> kinds = new LinkedHashSet<>();
        for (PolicyRef ref : alert.getPolicies()) {
            ids.add(SiemEvents.policyKey(ref));
            names.add(SiemEvents.join(ref.getNamespace(), ref.getName()));
            kinds.add(ref.getKind().name());
        }
        writeRule(json, ids, names, kinds);
        json.startObject("orchestrator").string("type", "kubernetes").string("namespace", subject.getNamespace())
                .end();
        json.startObject("flowaudit").startObject("alert")
                .string("type", type.name())
                .string("title", SiemEvents.title(type))
                .string("severity", alert.getSeverity().name())
                .string("dedup_key", alert.getDedupKey())
                .number("count", alert.getCount())
                .string("selector", subject.getSelector())
                .string("namespace", subject.getNamespace())
                .string("pod", subject.getPod());
        Workload workload = subject.getWorkload();
        if (workload != null) {
            json.startObject("workload").string("kind", workload.getKind()).string("name", workload.getName()).end();
        }
        json.string("suggested_fix", alert.getSuggestedFix())
                .string("observed_verdict", alert.getObservedVerdict() == null ? null
                        : alert.getObservedVerdict().name())
                .string("computed_verdict", alert.getComputedVerdict() == null ? null
                        : alert.getComputedVerdict().name())
                .string("sample_flow_uuid", alert.getSampleFlowUuid());
        if (!alert.getPolicies().isEmpty()) {
            json.startArray("policies");
            for (PolicyRef ref : alert.getPolicies()) {
                json.startObject().string("kind", ref.getKind().name()).string("namespace", ref.getNamespace())
                        .string("name", ref.getName()).end();
            }
            json.end();
        }
        json.end().end();
    }

    @Override
    void writeDenial(Json json, Verdict denial) throws IOException {
        String message = denial.getReasonText().isEmpty() ? "flow denied: " + denial.getReason()
                : denial.getReasonText();
        json.string("@timestamp", iso(SiemEvents.flowTime(denial)))
                .startObject("ecs").string("version", ECS_VERSION).end()
                .string("message", message);
        json.startObject("event")
                .string("kind", "event")
                .strings("category", List.of("network"))
                .strings("type", List.of("connection", "denied"))
                .string("action", "flow-denied")
                .string("code", denial.getReason())
                .string("reason", denial.getReasonText())
                .number("severity", config.denialSeverity())
                .string("id", denial.getFlowUuid())
                .string("dataset", "flowaudit.denial")
                .string("module", "flowaudit")
                .end();
        writeObserver(json);
        writePeer(json, "source", denial.getSource());
        writePeer(json, "destination", denial.getDestination());
        int iana = SiemEvents.ianaNumber(denial.getProtocol());
        String ip = !denial.getSource().getIp().isEmpty() ? denial.getSource().getIp()
                : denial.getDestination().getIp();
        if (iana >= 0 || !ip.isEmpty()) {
            json.startObject("network");
            if (iana >= 0) {
                json.string("transport", SiemEvents.protocolName(denial.getProtocol()).toLowerCase(Locale.ROOT))
                        .string("iana_number", Integer.toString(iana));
            }
            if (!ip.isEmpty()) {
                json.string("type", SiemEvents.isIpv6(ip) ? "ipv6" : "ipv4");
            }
            json.end();
        }
        json.startObject("host").string("name", denial.getNodeName()).end();
        List<String> ids = SiemEvents.decidingPolicyKeys(denial);
        Set<String> names = new LinkedHashSet<>();
        Set<String> kinds = new LinkedHashSet<>();
        for (DecidingPolicy policy : denial.getDecidingPolicies()) {
            names.add(SiemEvents.join(policy.getNamespace(), policy.getName()));
            kinds.add(policy.getKind().name());
        }
        writeRule(json, ids, names, kinds);
        json.startObject("orchestrator").string("type", "kubernetes").end();
        json.startObject("flowaudit").startObject("verdict")
                .string("flow_uuid", denial.getFlowUuid())
                .string("verdict", denial.getVerdict().name())
                .string("egress", denial.getEgress().name())
                .string("ingress", denial.getIngress().name())
                .string("reason", denial.getReason())
                .string("observed_verdict", denial.getObservedVerdict().name())
                .number("policy_revision", denial.getPolicyRevision());
        writeFlowauditPeer(json, "source", denial.getSource());
        writeFlowauditPeer(json, "destination", denial.getDestination());
        if (!denial.getDecidingPolicies().isEmpty()) {
            json.startArray("deciding_policies");
            for (DecidingPolicy policy : denial.getDecidingPolicies()) {
                json.startObject().string("kind", policy.getKind().name())
                        .string("namespace", policy.getNamespace()).string("name", policy.getName())
                        .string("direction", policy.getDirection().name()).bool("deny", policy.getDeny())
                        .number("rule_index", policy.getRuleIndex()).end();
            }
            json.end();
        }
        json.end().end();
    }

    private void writeObserver(Json json) throws IOException {
        json.startObject("observer").string("vendor", SiemEvents.VENDOR).string("product", SiemEvents.PRODUCT)
                .string("version", version).end();
    }

    private static void writeRule(Json json, List<String> ids, Set<String> names, Set<String> kinds)
            throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        json.startObject("rule").strings("id", ids).strings("name", new ArrayList<>(names))
                .strings("ruleset", new ArrayList<>(kinds)).end();
    }

    private static void writePeer(Json json, String name, PeerSummary peer) throws IOException {
        if (peer.getIp().isEmpty() && peer.getPort() == 0) {
            return;
        }
        json.startObject(name).string("ip", peer.getIp());
        if (peer.getPort() != 0) {
            json.number("port", peer.getPort());
        }
        json.end();
    }

    private static void writeFlowauditPeer(Json json, String name, PeerSummary peer) throws IOException {
        json.startObject(name).string("namespace", peer.getNamespace()).string("pod", peer.getPod());
        if (peer.getIdentity() != 0) {
            json.number("identity", peer.getIdentity());
        }
        json.end();
    }

    /** Findings about the policy set itself rather than about traffic. */
    static boolean isConfigurationFinding(AlertType type) {
        return type == AlertType.POLICY_REJECTED || type == AlertType.SELECTOR_MATCHES_NOTHING;
    }

    /** ISO 8601 in UTC with as many fraction digits as needed (0, 3, 6 or 9). */
    static String iso(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time);
    }
}
