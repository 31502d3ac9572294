package io.flowaudit.connect.siem;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.connect.sink.SinkRecord;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.AlertSubject;
import io.flowaudit.schemas.avro.PeerSummary;
import io.flowaudit.schemas.avro.PolicyRef;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.Workload;

/**
 * Alerts and denials as CEF lines inside RFC 5424 messages, octet-counted; the mapping is the table in
 * {@code connectors/SIEM.md}. Keep the two in step.
 */
final class CefEncoder implements EventEncoder {

    private final String deviceVersion;
    private final SiemSinkConnectorConfig config;
    private final int facility;
    private final String hostname;
    private final String appName;

    /**
     * @param deviceVersion the CEF Device Version (flowaudit's version)
     * @param hostname      the RFC 5424 HOSTNAME, already resolved and sanitized
     */
    CefEncoder(String deviceVersion, SiemSinkConnectorConfig config, String hostname) {
        this.deviceVersion = Objects.requireNonNull(deviceVersion, "deviceVersion can't be null");
        this.config = Objects.requireNonNull(config, "config can't be null");
        this.facility = config.syslogFacility();
        this.hostname = Objects.requireNonNull(hostname, "hostname can't be null");
        this.appName = config.syslogAppName();
    }

    @Override
    public EncodedEvent encode(SinkRecord record, Alert alert) {
        int severity = config.severity(alert.getSeverity());
        String cef = alertCef(alert, severity);
        byte[] frame = Rfc5424.frame(facility, Severities.syslogSeverity(severity),
                Rfc5424.timestamp(Rfc5424.MILLIS, alert.getLastSeen()), hostname, appName,
                alert.getAlertType().name(), cef);
        return new EncodedEvent(record, frame, alert.getLastSeen(), "", EncodedEvent.idOf(record));
    }

    @Override
    public EncodedEvent encode(SinkRecord record, Verdict denial) {
        int severity = config.denialSeverity();
        String cef = denialCef(denial, severity);
        byte[] frame = Rfc5424.frame(facility, Severities.syslogSeverity(severity),
                Rfc5424.timestamp(Rfc5424.MICROS, SiemEvents.flowTime(denial)), hostname, appName,
                denial.getVerdict().name(), cef);
        return new EncodedEvent(record, frame, SiemEvents.flowTime(denial), denial.getNodeName(),
                EncodedEvent.idOf(record));
    }

    /** The CEF line of an alert (without syslog header). */
    String alertCef(Alert alert, int severity) {
        AlertSubject subject = alert.getSubject();
        List<String> policies = new ArrayList<>(alert.getPolicies().size());
        for (PolicyRef ref : alert.getPolicies()) {
            policies.add(SiemEvents.policyKey(ref));
        }
        Workload workload = subject.getWorkload();
        Cef cef = Cef.header(SiemEvents.VENDOR, SiemEvents.PRODUCT, deviceVersion, alert.getAlertType().name(),
                SiemEvents.title(alert.getAlertType()), severity)
                .ext("rt", alert.getLastSeen().toEpochMilli())
                .ext("start", alert.getFirstSeen().toEpochMilli())
                .ext("end", alert.getLastSeen().toEpochMilli())
                .ext("cnt", alert.getCount())
                .ext("cat", "alert")
                .ext("msg", alert.getMessage())
                .labelled("cs1", "policy", String.join(",", policies))
                .labelled("cs2", "selector", subject.getSelector())
                .labelled("cs3", "dedupKey", alert.getDedupKey())
                .labelled("cs4", "suggestedFix", alert.getSuggestedFix())
                .labelled("cs5", "sampleFlowUuid", alert.getSampleFlowUuid())
                .labelled("cs6", "workload", workload == null ? null : SiemEvents.join(workload.getKind(),
                        workload.getName()))
                .labelled("flexString1", "namespace", subject.getNamespace())
                .labelled("flexString2", "pod", subject.getPod());
        if (alert.getComputedVerdict() != null) {
            cef.ext("outcome", alert.getComputedVerdict().name());
        }
        if (alert.getObservedVerdict() != null) {
            cef.ext("flowauditObservedVerdict", alert.getObservedVerdict().name());
        }
        return cef.toString();
    }

    /** The CEF line of a denial (without syslog header). */
    String denialCef(Verdict denial, int severity) {
        PeerSummary source = denial.getSource();
        PeerSummary destination = denial.getDestination();
        String reason = denial.getReason();
        Cef cef = Cef.header(SiemEvents.VENDOR, SiemEvents.PRODUCT, deviceVersion,
                reason.isEmpty() ? denial.getVerdict().name() : reason, SiemEvents.DENIAL_TITLE, severity)
                .ext("rt", SiemEvents.flowTime(denial).toEpochMilli())
                .ext("dvchost", denial.getNodeName());
        address(cef, "src", "c6a2", "Source IPv6 Address", source);
        address(cef, "dst", "c6a3", "Destination IPv6 Address", destination);
        cef.ext("proto", SiemEvents.protocolName(denial.getProtocol()))
                .ext("act", "denied")
                .ext("cat", "denial")
                .ext("msg", denial.getReasonText().isEmpty() ? reason : denial.getReasonText())
                .labelled("cs1", "policy", String.join(",", SiemEvents.decidingPolicyKeys(denial)))
                .labelled("cs2", "direction", SiemEvents.deniedDirections(denial))
                .labelled("cs3", "reason", reason)
                .labelled("cs4", "flowUuid", denial.getFlowUuid())
                .labelled("cs5", "sourcePod", SiemEvents.podName(source))
                .labelled("cs6", "destinationPod", SiemEvents.podName(destination));
        if (source.getIdentity() != 0) {
            cef.labelled("cn1", "sourceIdentity", Integer.toString(source.getIdentity()));
        }
        if (destination.getIdentity() != 0) {
            cef.labelled("cn2", "destinationIdentity", Integer.toString(destination.getIdentity()));
        }
        cef.labelled("cn3", "policyRevision", Long.toString(denial.getPolicyRevision()))
                .labelled("flexString1", "observedVerdict", denial.getObservedVerdict().name());
        return cef.toString();
    }

    /** IPv4 in src/dst (and the port in spt/dpt); IPv6 in c6a2/c6a3 with their labels, as the CEF dictionary says. */
    private static void address(Cef cef, String ipv4Key, String ipv6Key, String ipv6Label, PeerSummary peer) {
        String ip = peer.getIp();
        if (!ip.isEmpty()) {
            if (SiemEvents.isIpv6(ip)) {
                cef.labelled(ipv6Key, ipv6Label, ip);
            } else {
                cef.ext(ipv4Key, ip);
            }
        }
        if (peer.getPort() != 0) {
            cef.ext(ipv4Key.equals("src") ? "spt" : "dpt", peer.getPort());
        }
    }
}
