package io.flowaudit.connect.siem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.AlertType;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.Severity;

class CefEncoderTest {

    private static final String ALERT_CEF = "CEF:0|flowaudit|flowaudit|1.2.3|MISSING_DNS_RULE|Missing DNS rule|8|"
            + "rt=1714565100456 start=1714564800123 end=1714565100456 cnt=3 cat=alert"
            + " msg=no rule allows DNS | port\\=53 \\\\ kube-dns"
            + " cs1Label=policy cs1=CiliumNetworkPolicy/shop/web-egress"
            + " cs2Label=selector cs2=k8s:app\\=web"
            + " cs3Label=dedupKey cs3=MISSING_DNS_RULE/shop/k8s:app\\=web"
            + " cs4Label=suggestedFix cs4=spec:\\n  egress:\\r\\n"
            + " cs5Label=sampleFlowUuid cs5=8c1f6a0e-0000-4000-8000-000000000001"
            + " cs6Label=workload cs6=Deployment/web"
            + " flexString1Label=namespace flexString1=shop"
            + " flexString2Label=pod flexString2=web-7d9f-abcde";

    private static final String DENIAL_CEF = "CEF:0|flowaudit|flowaudit|1.2.3|DEFAULT_DENY|Flow denied by policy|5|"
            + "rt=1714564800123 dvchost=node-1 src=10.0.1.23 spt=40312 dst=10.96.0.10 dpt=53 proto=UDP act=denied"
            + " cat=denial msg=egress from shop/web to 10.96.0.10:53/UDP is not allowed by any rule of"
            + " CiliumNetworkPolicy shop/web-egress"
            + " cs1Label=policy cs1=CiliumNetworkPolicy/shop/web-egress"
            + " cs2Label=direction cs2=egress"
            + " cs3Label=reason cs3=DEFAULT_DENY"
            + " cs4Label=flowUuid cs4=5b0c2f6e-0000-4000-8000-000000000002"
            + " cs5Label=sourcePod cs5=shop/web-7d9f-abcde"
            + " cs6Label=destinationPod cs6=kube-system/coredns-1"
            + " cn1Label=sourceIdentity cn1=12345"
            + " cn2Label=destinationIdentity cn2=102"
            + " cn3Label=policyRevision cn3=42"
            + " flexString1Label=observedVerdict flexString1=FORWARDED";

    private final CefEncoder encoder = new CefEncoder(SiemFixtures.VERSION,
            SiemFixtures.config(SiemFixtures.syslogProps(514)), "worker-1");

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "plain text;plain text",
        "a|b;a\\|b",
        "back\\slash;back\\\\slash",
        "\\|;\\\\\\|",
        "key=value;key=value",
    })
    void shouldEscapePipeAndBackslashInHeaderFields(String raw, String escaped) {
        assertThat(Cef.escapeHeader(raw)).isEqualTo(escaped);
    }

    @Test
    void shouldTurnLineBreaksInHeaderFieldsIntoSpaces() {
        assertThat(Cef.escapeHeader("one\ntwo\r\nthree")).isEqualTo("one two  three");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "plain text;plain text",
        "a=b;a\\=b",
        "back\\slash;back\\\\slash",
        "a|b;a|b",
        "\\=;\\\\\\=",
    })
    void shouldEscapeEqualsAndBackslashInExtensionValues(String raw, String escaped) {
        assertThat(Cef.escapeExtension(raw)).isEqualTo(escaped);
    }

    @Test
    void shouldEncodeLineBreaksInExtensionValuesAsBackslashNAndR() {
        assertThat(Cef.escapeExtension("a\nb\r\nc")).isEqualTo("a\\nb\\r\\nc");
    }

    @Test
    void shouldReturnTheSameStringWhenNothingNeedsEscaping() {
        String value = "nothing to escape here";
        assertThat(Cef.escapeExtension(value)).isSameAs(value);
        assertThat(Cef.escapeHeader(value)).isSameAs(value);
    }

    @Test
    void shouldMapAnAlertToTheDocumentedCefLine() {
        Alert alert = SiemFixtures.missingDnsAlert();

        assertThat(encoder.alertCef(alert, 8)).isEqualTo(ALERT_CEF);
    }

    @Test
    void shouldMapADenialToTheDocumentedCefLine() {
        assertThat(encoder.denialCef(SiemFixtures.denial(), 5)).isEqualTo(DENIAL_CEF);
    }

    @Test
    void shouldPutIpv6AddressesInC6aFieldsAndFallBackToTheReasonCodeAsMessage() {
        String cef = encoder.denialCef(SiemFixtures.ipv6Denial(), 5);

        assertThat(cef).isEqualTo("CEF:0|flowaudit|flowaudit|1.2.3|DENY_RULE|Flow denied by policy|5|"
                + "rt=1714564800123 dvchost=node-1"
                + " c6a2Label=Source IPv6 Address c6a2=fd00::17 spt=51000"
                + " c6a3Label=Destination IPv6 Address c6a3=fd00::2a dpt=443"
                + " proto=TCP act=denied cat=denial msg=DENY_RULE"
                + " cs1Label=policy cs1=CiliumNetworkPolicy/shop/web-egress"
                + " cs2Label=direction cs2=egress cs3Label=reason cs3=DENY_RULE"
                + " cs4Label=flowUuid cs4=5b0c2f6e-0000-4000-8000-000000000002"
                + " cn3Label=policyRevision cn3=42 flexString1Label=observedVerdict flexString1=FORWARDED");
    }

    @Test
    void shouldReportBothVerdictsOfADriftAlert() {
        Alert drift = SiemFixtures.simpleAlert(0);
        drift.setAlertType(AlertType.DRIFT);
        drift.setObservedVerdict(HubbleVerdict.FORWARDED);
        drift.setComputedVerdict(Outcome.DENIED);

        assertThat(encoder.alertCef(drift, 5)).endsWith(" outcome=DENIED flowauditObservedVerdict=FORWARDED")
                .startsWith("CEF:0|flowaudit|flowaudit|1.2.3|DRIFT|Verdict drift|5|");
    }

    @Test
    void shouldFrameAnAlertAsOctetCountedRfc5424WithTheSeverityInPri() {
        EncodedEvent event = encoder.encode(SiemFixtures.record("flowaudit.alerts", 0, 7, null),
                SiemFixtures.missingDnsAlert());

        // facility 13 (log audit) * 8 + syslog severity 3 (Error, from CEF 8)
        assertThat(new String(event.payload(), StandardCharsets.UTF_8)).isEqualTo("645 <107>1 2024-05-01T12:05:00.456Z"
                + " worker-1 flowaudit - MISSING_DNS_RULE - " + ALERT_CEF);
        assertThat(event.id()).isEqualTo("flowaudit.alerts-0-7");
    }

    @Test
    void shouldFrameADenialWithMicrosecondTimestampAndDeniedMsgId() {
        EncodedEvent event = encoder.encode(SiemFixtures.record("flowaudit.denials", 2, 9, null),
                SiemFixtures.denial());

        // facility 13 * 8 + syslog severity 4 (Warning, from CEF 5)
        assertThat(new String(event.payload(), StandardCharsets.UTF_8)).isEqualTo("783 <108>1"
                + " 2024-05-01T12:00:00.123456Z worker-1 flowaudit - DENIED - " + DENIAL_CEF);
        assertThat(event.host()).isEqualTo("node-1");
    }

    @Test
    void shouldUseTheConfiguredSeverityOfEachAlertSeverity() {
        Map<String, String> props = SiemFixtures.syslogProps(514);
        props.put(SiemSinkConnectorConfig.SEVERITY_INFO_CONFIG, "1");
        props.put(SiemSinkConnectorConfig.SEVERITY_CRITICAL_CONFIG, "9");
        CefEncoder custom = new CefEncoder("1", SiemFixtures.config(props), "h");
        Alert alert = SiemFixtures.simpleAlert(1);

        alert.setSeverity(Severity.INFO);
        String info = new String(custom.encode(SiemFixtures.record("t", 0, 0, null), alert).payload(),
                StandardCharsets.UTF_8);
        alert.setSeverity(Severity.CRITICAL);
        String critical = new String(custom.encode(SiemFixtures.record("t", 0, 0, null), alert).payload(),
                StandardCharsets.UTF_8);

        assertThat(info).contains(" <110>1 ").contains("|Missing DNS rule|1|");
        assertThat(critical).contains(" <106>1 ").contains("|Missing DNS rule|9|");
    }
}
