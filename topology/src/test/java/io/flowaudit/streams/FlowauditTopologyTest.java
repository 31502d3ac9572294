package io.flowaudit.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.schemas.avro.Alert;
import io.flowaudit.schemas.avro.AlertType;
import io.flowaudit.schemas.avro.DeadLetter;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.PolicyDocument;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.avro.ChangeKind;
import io.flowaudit.schemas.avro.Verdict;
import io.flowaudit.schemas.avro.WhatIfDiff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology end to end in TopologyTestDriver: every output, policy changes between flows, bad input. */
class FlowauditTopologyTest {
    static final Path SHARED = Path.of(System.getProperty("flowaudit.shared.dir", "../../shared"));
    static final FlowauditTopology.TopicNames T = FlowauditTopology.TopicNames.DEFAULTS;

    private final TestSerdes serdes = new TestSerdes();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> flows;
    private TestInputTopic<String, PolicyDocument> policies;
    private TestOutputTopic<String, Verdict> verdicts;
    private TestOutputTopic<String, Verdict> denials;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private TestInputTopic<String, PolicyDocument> candidates;
    private TestOutputTopic<String, WhatIfDiff> whatIf;
    private Topology topology;

    @BeforeEach
    void start() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "flowaudit-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        p.put(StreamsConfig.STATE_DIR_CONFIG, tempDir());
        topology = FlowauditTopology.build(new StreamsBuilder(), Map.of(), T, serdes, new FlowauditMetrics());
        driver = new TopologyTestDriver(topology, p);
        Serde<String> s = Serdes.String();
        flows = driver.createInputTopic(T.flows(), s.serializer(), Serdes.ByteArray().serializer());
        policies = driver.createInputTopic(T.policies(), s.serializer(), serdes.serde(PolicyDocument.class).serializer());
        verdicts = driver.createOutputTopic(T.verdicts(), s.deserializer(), serdes.serde(Verdict.class).deserializer());
        denials = driver.createOutputTopic(T.denials(), s.deserializer(), serdes.serde(Verdict.class).deserializer());
        alerts = driver.createOutputTopic(T.alerts(), s.deserializer(), serdes.serde(Alert.class).deserializer());
        deadLetters = driver.createOutputTopic(T.deadLetter(), s.deserializer(), serdes.serde(DeadLetter.class).deserializer());
        candidates = driver.createInputTopic(T.candidatePolicies(), s.serializer(),
                serdes.serde(PolicyDocument.class).serializer());
        whatIf = driver.createOutputTopic(T.whatIf(), s.deserializer(), serdes.serde(WhatIfDiff.class).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("flowaudit-ttd").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void policy(String key, String yaml) {
        policies.pipeInput(key, PolicyDocument.newBuilder().setKind(PolicyKind.CiliumNetworkPolicy).setNamespace("dev")
                .setName(key).setUid(null).setResourceVersion(null).setContent(yaml).setSource("test").setObservedAt(java.time.Instant.EPOCH)
                .build());
    }

    private void policiesOf(String caseName) throws IOException {
        try (var files = Files.list(SHARED.resolve("conformance/seed").resolve(caseName).resolve("policies"))) {
            for (Path f : files.sorted().toList()) {
                policy("CiliumNetworkPolicy/dev/" + f.getFileName(), Files.readString(f));
            }
        }
    }

    /** Pipes a case's flow lines as Avro records keyed by node; returns how many. */
    private int flowsOf(String caseName) throws IOException {
        List<io.flowaudit.flow.Flow> list = new ArrayList<>();
        new HubbleJsonReader().read(SHARED.resolve("conformance/seed").resolve(caseName).resolve("flows.jsonl"), ev -> {
            if (ev instanceof ReadEvent.ParsedFlow pf) {
                list.add(pf.flow());
            }
        });
        var ser = serdes.serde(io.flowaudit.schemas.avro.Flow.class).serializer();
        for (var f : list) {
            flows.pipeInput(f.nodeName(), ser.serialize(T.flows(), AvroFlows.toAvro(f)));
        }
        return list.size();
    }

    private List<String> expected(String caseName) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(SHARED.resolve("conformance/seed").resolve(caseName).resolve("expected.jsonl"))) {
            if (!line.isBlank()) {
                out.add(line.contains("\"DENIED\"") ? "DENIED" : "ALLOWED");
            }
        }
        return out;
    }

    @Test
    void shouldEmitOneVerdictPerFlowAndDenialsForDeniedOnes() throws IOException {
        policiesOf("s06-egress-default-deny-breaks-dns");
        int n = flowsOf("s06-egress-default-deny-breaks-dns");
        List<Verdict> out = verdicts.readValuesToList();
        assertThat(out).hasSize(n);
        assertThat(out).extracting(v -> v.getVerdict().name()).containsExactlyElementsOf(expected("s06-egress-default-deny-breaks-dns"));
        assertThat(out).allSatisfy(v -> assertThat(v.getPolicyRevision()).isNotZero());
        assertThat(denials.readValuesToList()).hasSize((int) out.stream().filter(v -> v.getVerdict() == Outcome.DENIED).count())
                .allSatisfy(v -> assertThat(v.getVerdict()).isEqualTo(Outcome.DENIED));
    }

    @Test
    void shouldAlertOnceForAMissingDnsRuleWithTheFix() throws IOException {
        policiesOf("s06-egress-default-deny-breaks-dns");
        flowsOf("s06-egress-default-deny-breaks-dns");
        List<Alert> dns = alerts.readValuesToList().stream()
                .filter(a -> a.getAlertType() == AlertType.MISSING_DNS_RULE && a.getSampleFlowUuid() != null).toList();
        assertThat(dns).singleElement().satisfies(a -> {
            assertThat(a.getSubject().getNamespace()).isEqualTo("dev");
            assertThat(a.getSuggestedFix()).contains("k8s:k8s-app: kube-dns");
        });
    }

    @Test
    void shouldApplyAPolicyChangeToTheNextFlow() throws IOException {
        policiesOf("s06-egress-default-deny-breaks-dns");
        flowsOf("s06-egress-default-deny-breaks-dns");
        Verdict before = verdicts.readValuesToList().get(0);
        assertThat(before.getVerdict()).isEqualTo(Outcome.DENIED);
        policiesOf("s07-allow-dns-for-app1-fixes-dns");
        flowsOf("s06-egress-default-deny-breaks-dns");
        Verdict after = verdicts.readValuesToList().get(0);
        assertThat(after.getVerdict()).isEqualTo(Outcome.ALLOWED);
        assertThat(after.getPolicyRevision()).isNotEqualTo(before.getPolicyRevision());
    }

    @Test
    void shouldKeepTheLastGoodPolicyWhenAnUpdateIsRejected() throws IOException {
        String good = Files.readString(SHARED.resolve(
                "conformance/seed/s06-egress-default-deny-breaks-dns/policies/app1-to-app2-port-80.yaml"));
        policy("CiliumNetworkPolicy/dev/app1", good);
        policy("CiliumNetworkPolicy/dev/app1", good.replace("port: \"80\"", "port: \"99999\""));
        flowsOf("s06-egress-default-deny-breaks-dns");
        assertThat(verdicts.readValuesToList()).extracting(v -> v.getVerdict().name())
                .containsExactlyElementsOf(expected("s06-egress-default-deny-breaks-dns"));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(alerts.readValuesToList()).anySatisfy(a -> {
            assertThat(a.getAlertType()).isEqualTo(AlertType.POLICY_REJECTED);
            assertThat(a.getMessage()).contains("99999").contains("previous version stays in force");
        });
    }

    @Test
    void shouldRemoveAPolicyOnTombstone() throws IOException {
        policiesOf("s06-egress-default-deny-breaks-dns");
        policies.pipeInput("CiliumNetworkPolicy/dev/app1-to-app2-port-80.yaml", (PolicyDocument) null);
        flowsOf("s06-egress-default-deny-breaks-dns");
        assertThat(verdicts.readValuesToList()).allSatisfy(v -> assertThat(v.getVerdict()).isEqualTo(Outcome.ALLOWED));
    }

    @Test
    void shouldSendCorruptRecordsToTheDeadLetterTopicWithReasonAndBytes() {
        byte[] garbage = {1, 2, 3, (byte) 0xff};
        flows.pipeInput("node-1", garbage);
        flows.pipeInput("node-1", "{\"flow\": {\"IP\": \"not an object\"}}".getBytes(StandardCharsets.UTF_8));
        List<DeadLetter> dl = deadLetters.readValuesToList();
        assertThat(dl).hasSize(2);
        assertThat(dl.get(0).getOriginalValue().array()).containsExactly(garbage);
        assertThat(dl.get(0).getSourceTopic()).isEqualTo(T.flows());
        assertThat(dl.get(0).getReason()).isNotBlank();
        assertThat(dl.get(1).getReason()).contains("IP");
        assertThat(verdicts.isEmpty()).isTrue();
    }

    @Test
    void shouldAcceptHubbleJsonValues() throws IOException {
        policiesOf("s06-egress-default-deny-breaks-dns");
        List<String> lines = Files.readAllLines(SHARED.resolve("conformance/seed/s06-egress-default-deny-breaks-dns/flows.jsonl"));
        for (String l : lines) {
            flows.pipeInput("lab-worker", l.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(verdicts.readValuesToList()).extracting(v -> v.getVerdict().name())
                .containsExactlyElementsOf(expected("s06-egress-default-deny-breaks-dns"));
    }

    @Test
    void shouldReportStaticDnsFindingsWhenARevisionArrives() throws IOException {
        policiesOf("s01-egress-cidr-and-cidrset-except");
        flowsOf("s01-egress-cidr-and-cidrset-except");
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        assertThat(alerts.readValuesToList()).anySatisfy(a -> {
            assertThat(a.getAlertType()).isEqualTo(AlertType.MISSING_DNS_RULE);
            assertThat(a.getPolicies()).extracting(p -> p.getName()).contains("app1-egress-cidrs");
        });
    }

    @Test
    void shouldReportDriftBetweenObservedAndComputedVerdicts() throws IOException {
        policiesOf("s06-egress-default-deny-breaks-dns");
        String line = Files.readAllLines(SHARED.resolve("testdata/flows/seed-scenarios.jsonl")).get(2);
        // an egress policy-verdict event Hubble recorded as REDIRECTED (allowed) for app1 -> CoreDNS UDP/53
        flows.pipeInput("k8s-worker-1", line.replace("\"app\":", "\"app\":").getBytes(StandardCharsets.UTF_8));
        assertThat(alerts.readValuesToList()).anySatisfy(a -> {
            assertThat(a.getAlertType()).isEqualTo(AlertType.DRIFT);
            assertThat(a.getComputedVerdict()).isEqualTo(Outcome.DENIED);
        });
    }

    @Test
    void shouldReportLiveWhatIfChangesForStagedPolicies() throws IOException {
        policiesOf("s06-egress-default-deny-breaks-dns");
        flowsOf("s06-egress-default-deny-breaks-dns");
        assertThat(whatIf.isEmpty()).as("no candidate, no what-if").isTrue();
        verdicts.readValuesToList();
        Path fix = SHARED.resolve("conformance/seed/s07-allow-dns-for-app1-fixes-dns/policies/allow-dns-for-app1.yaml");
        Path base = SHARED.resolve("conformance/seed/s07-allow-dns-for-app1-fixes-dns/policies/app1-to-app2-port-80.yaml");
        for (Path f : List.of(base, fix)) {
            candidates.pipeInput("CiliumNetworkPolicy/dev/" + f.getFileName(), PolicyDocument.newBuilder()
                    .setKind(PolicyKind.CiliumNetworkPolicy).setNamespace("dev").setName(f.getFileName().toString())
                    .setUid(null).setResourceVersion(null).setContent(Files.readString(f)).setSource("test")
                    .setObservedAt(java.time.Instant.EPOCH).build());
        }
        flowsOf("s06-egress-default-deny-breaks-dns");
        List<WhatIfDiff> diffs = whatIf.readValuesToList();
        assertThat(diffs).isNotEmpty().allSatisfy(d -> {
            assertThat(d.getChangeKind()).isEqualTo(ChangeKind.NEWLY_ALLOWED);
            assertThat(d.getDestination().getPort()).isEqualTo(53);
        });
        assertThat(verdicts.readValuesToList()).extracting(v -> v.getVerdict().name())
                .as("the candidate never enforces").containsExactlyElementsOf(expected("s06-egress-default-deny-breaks-dns"));
    }

    @Test
    void shouldKeepCompiledSubjectsPerRevisionAndDropOldRevisions() throws IOException {
        policiesOf("s06-egress-default-deny-breaks-dns");
        flowsOf("s06-egress-default-deny-breaks-dns");
        long first = verdicts.readValuesToList().get(0).getPolicyRevision();
        var store = driver.<String, String>getKeyValueStore(StoreNames.COMPILED_SUBJECTS);
        List<String> keys = new ArrayList<>();
        store.all().forEachRemaining(kv -> keys.add(kv.key));
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k).startsWith(first + "|"));
        policiesOf("s07-allow-dns-for-app1-fixes-dns");
        flowsOf("s06-egress-default-deny-breaks-dns");
        long second = verdicts.readValuesToList().get(0).getPolicyRevision();
        List<String> after = new ArrayList<>();
        store.all().forEachRemaining(kv -> after.add(kv.key));
        assertThat(after).isNotEmpty().allSatisfy(k -> assertThat(k).startsWith(second + "|"));
    }

    @Test
    void shouldNameEveryProcessorAndCreateNoRepartitionTopic() {
        String d = topology.describe().toString();
        assertThat(d).doesNotContain("repartition").doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(d).contains("evaluate-flows").contains(StoreNames.DNS_NAMES).contains(StoreNames.POLICY_DOCUMENTS);
    }
}
