package io.flowaudit.connect.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowaudit.connect.common.Version;
import io.flowaudit.schemas.avro.Alert;

/**
 * The SIEM sink task against a real rsyslogd on loopback: the exact lines rsyslog wrote ({@code %rawmsg%}, i.e.
 * the RFC 5424 message as it arrived, without the octet count), a receiver restart, and the throughput.
 */
@Tag("integration")
class SiemSinkRsyslogIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Rsyslog rsyslog;
    private final SiemSinkTask task = new SiemSinkTask();

    @BeforeEach
    void startRsyslog() throws Exception {
        assumeTrue(Rsyslog.binary().isPresent(), "rsyslogd is not installed (apt-get install -y rsyslog);"
                + " .ci/run installs it");
        rsyslog = Rsyslog.start(dir);
        task.initialize(new FakeSinkTaskContext(true));
    }

    @AfterEach
    void stop() throws Exception {
        task.stop();
        if (rsyslog != null) {
            rsyslog.close();
        }
    }

    @Test
    void shouldWriteEachAlertAndDenialAsOneExactRfc5424CefLine() throws Exception {
        task.start(SiemFixtures.syslogProps(rsyslog.port()));
        Alert unicode = SiemFixtures.simpleAlert(7);
        unicode.setMessage("grüße → kube-dns");

        task.put(List.of(
                SiemFixtures.record("flowaudit.alerts", 0, 1, SiemFixtures.missingDnsAlert()),
                SiemFixtures.record("flowaudit.denials", 0, 2, SiemFixtures.denial()),
                SiemFixtures.record("flowaudit.denials", 1, 3, SiemFixtures.ipv6Denial()),
                SiemFixtures.record("flowaudit.alerts", 0, 4, unicode)));

        String version = Version.get();
        assertThat(rsyslog.awaitLines(4, WAIT)).containsExactly(
                "<107>1 2024-05-01T12:05:00.456Z worker-1 flowaudit - MISSING_DNS_RULE - CEF:0|flowaudit|flowaudit|"
                        + version + "|MISSING_DNS_RULE|Missing DNS rule|8|rt=1714565100456 start=1714564800123"
                        + " end=1714565100456 cnt=3 cat=alert msg=no rule allows DNS | port\\=53 \\\\ kube-dns"
                        + " cs1Label=policy cs1=CiliumNetworkPolicy/shop/web-egress cs2Label=selector"
                        + " cs2=k8s:app\\=web cs3Label=dedupKey cs3=MISSING_DNS_RULE/shop/k8s:app\\=web"
                        + " cs4Label=suggestedFix cs4=spec:\\n  egress:\\r\\n cs5Label=sampleFlowUuid"
                        + " cs5=8c1f6a0e-0000-4000-8000-000000000001 cs6Label=workload cs6=Deployment/web"
                        + " flexString1Label=namespace flexString1=shop flexString2Label=pod"
                        + " flexString2=web-7d9f-abcde",
                "<108>1 2024-05-01T12:00:00.123456Z worker-1 flowaudit - DENIED - CEF:0|flowaudit|flowaudit|"
                        + version + "|DEFAULT_DENY|Flow denied by policy|5|rt=1714564800123 dvchost=node-1"
                        + " src=10.0.1.23 spt=40312 dst=10.96.0.10 dpt=53 proto=UDP act=denied cat=denial"
                        + " msg=egress from shop/web to 10.96.0.10:53/UDP is not allowed by any rule of"
                        + " CiliumNetworkPolicy shop/web-egress cs1Label=policy"
                        + " cs1=CiliumNetworkPolicy/shop/web-egress cs2Label=direction cs2=egress cs3Label=reason"
                        + " cs3=DEFAULT_DENY cs4Label=flowUuid cs4=5b0c2f6e-0000-4000-8000-000000000002"
                        + " cs5Label=sourcePod cs5=shop/web-7d9f-abcde cs6Label=destinationPod"
                        + " cs6=kube-system/coredns-1 cn1Label=sourceIdentity cn1=12345"
                        + " cn2Label=destinationIdentity cn2=102 cn3Label=policyRevision cn3=42"
                        + " flexString1Label=observedVerdict flexString1=FORWARDED",
                "<108>1 2024-05-01T12:00:00.123456Z worker-1 flowaudit - DENIED - CEF:0|flowaudit|flowaudit|"
                        + version + "|DENY_RULE|Flow denied by policy|5|rt=1714564800123 dvchost=node-1"
                        + " c6a2Label=Source IPv6 Address c6a2=fd00::17 spt=51000"
                        + " c6a3Label=Destination IPv6 Address c6a3=fd00::2a dpt=443 proto=TCP act=denied"
                        + " cat=denial msg=DENY_RULE cs1Label=policy cs1=CiliumNetworkPolicy/shop/web-egress"
                        + " cs2Label=direction cs2=egress cs3Label=reason cs3=DENY_RULE cs4Label=flowUuid"
                        + " cs4=5b0c2f6e-0000-4000-8000-000000000002 cn3Label=policyRevision cn3=42"
                        + " flexString1Label=observedVerdict flexString1=FORWARDED",
                "<108>1 2024-05-01T12:00:00.007Z worker-1 flowaudit - MISSING_DNS_RULE - CEF:0|flowaudit|flowaudit|"
                        + version + "|MISSING_DNS_RULE|Missing DNS rule|5|rt=1714564800007 start=1714564800007"
                        + " end=1714564800007 cnt=1 cat=alert msg=grüße → kube-dns cs2Label=selector"
                        + " cs2=k8s:app\\=web cs3Label=dedupKey cs3=MISSING_DNS_RULE/shop/k8s:app\\=web"
                        + " flexString1Label=namespace flexString1=shop");
    }

    @Test
    void shouldReconnectAndLoseNothingWhenRsyslogRestartsBetweenBatches() throws Exception {
        Map<String, String> props = SiemFixtures.syslogProps(rsyslog.port());
        props.put(SiemSinkConnectorConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        task.start(props);
        task.put(List.of(SiemFixtures.record("flowaudit.alerts", 0, 1, SiemFixtures.simpleAlert(1))));
        assertThat(rsyslog.awaitLines(1, WAIT)).hasSize(1);

        rsyslog.restart();
        task.put(List.of(SiemFixtures.record("flowaudit.alerts", 0, 2, SiemFixtures.simpleAlert(2))));

        List<String> lines = rsyslog.awaitLines(2, WAIT);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith("msg=shop/web cannot resolve names 1 cs2Label=selector cs2=k8s:app\\=web"
                + " cs3Label=dedupKey cs3=MISSING_DNS_RULE/shop/k8s:app\\=web flexString1Label=namespace"
                + " flexString1=shop");
        assertThat(lines.get(1)).contains("msg=shop/web cannot resolve names 2 ");
    }

    /** Measures, does not assert: events per second from put() until rsyslog has written them all. */
    @Test
    void shouldReportThroughputToRsyslog() throws Exception {
        Map<String, String> props = SiemFixtures.syslogProps(rsyslog.port());
        task.start(props);
        int total = 200_000;
        int perPut = 500;
        List<List<SinkRecord>> puts = new ArrayList<>();
        for (int offset = 0; offset < total; offset += perPut) {
            List<SinkRecord> records = new ArrayList<>(perPut);
            for (int i = offset; i < offset + perPut; i++) {
                records.add(SiemFixtures.record("flowaudit.denials", 0, i, SiemFixtures.denial()));
            }
            puts.add(records);
        }
        // warm-up, not counted
        task.put(puts.get(0));
        rsyslog.awaitLines(perPut, WAIT);

        long start = System.nanoTime();
        for (List<SinkRecord> records : puts.subList(1, puts.size())) {
            task.put(records);
        }
        long sent = System.nanoTime();
        long deadline = sent + Duration.ofMinutes(2).toNanos();
        while (rsyslog.lineCount() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long written = System.nanoTime();

        int measured = total - perPut;
        int frameBytes = new CefEncoder(Version.get(), SiemFixtures.config(props), "worker-1")
                .encode(puts.get(0).get(0), SiemFixtures.denial()).payload().length;
        System.out.printf(Locale.ROOT, "SIEM sink -> rsyslog (CEF denials, %d bytes each): %d events, put() %.0f"
                + " events/s, written by rsyslog %.0f events/s%n", frameBytes,
                measured, measured / ((sent - start) / 1e9), measured / ((written - start) / 1e9));
        assertThat(rsyslog.lineCount()).isEqualTo(total);
    }
}
