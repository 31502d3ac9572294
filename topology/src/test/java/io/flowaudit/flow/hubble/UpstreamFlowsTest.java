package io.flowaudit.flow.hubble;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.Protocol;
import io.flowaudit.flow.ReplyState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.flowaudit.flow.ObservedVerdict.DROPPED;
import static io.flowaudit.flow.ObservedVerdict.FORWARDED;
import static io.flowaudit.flow.ObservedVerdict.REDIRECTED;
import static io.flowaudit.flow.ObservedVerdict.VERDICT_UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Third-party Hubble JSON from {@code shared/testdata/upstream-flows}: every line is read or skipped with a reason,
 * and the counts per file are pinned (taken from that directory's README and an independent count of the files).
 */
class UpstreamFlowsTest {
    private static final String DOCS = "cilium-docs__observability-hubble-configuration-export.jsonl";
    private static final String EXPORTER = "cilium-hubble-exporter-test-expected.jsonl";
    private static final String PRINTER = "cilium-hubble-printer-test-expected.jsonl";
    private static final String TXTAR = "cilium-hubble-exporter-txtar-flow-inputs.jsonl";

    /** Expected counts of one file. */
    record Expected(String file, long flows, Map<SkippedKind, Long> skipped, long bad,
                    Map<ObservedVerdict, Long> verdicts, Map<ReplyState, Long> replies) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Expected> files() {
        return Stream.of(
                new Expected(DOCS, 2, Map.of(), 0, Map.of(DROPPED, 2L), Map.of(ReplyState.UNKNOWN, 2L)),
                new Expected(EXPORTER, 5,
                        Map.of(SkippedKind.AGENT_EVENT, 1L, SkippedKind.DEBUG_EVENT, 1L, SkippedKind.LOST_EVENTS, 1L),
                        1, Map.of(VERDICT_UNKNOWN, 5L), Map.of(ReplyState.UNKNOWN, 5L)),
                new Expected(TXTAR, 15, Map.of(), 0, Map.of(FORWARDED, 14L, DROPPED, 1L),
                        Map.of(ReplyState.UNKNOWN, 15L)),
                new Expected("cilium-hubble-otel__basic-sample-10-flows.jsonl", 10, Map.of(), 0,
                        Map.of(FORWARDED, 10L), Map.of(ReplyState.REPLY, 5L, ReplyState.UNKNOWN, 5L)),
                new Expected("cilium-hubble-otel__basic-sample-330-dns-flows.subset.jsonl", 149, Map.of(), 0,
                        Map.of(FORWARDED, 149L), Map.of(ReplyState.REQUEST, 75L, ReplyState.REPLY, 74L)),
                new Expected("cilium-hubble-otel__basic-sample-348-http-flows.subset.jsonl", 111, Map.of(), 0,
                        Map.of(FORWARDED, 111L), Map.of(ReplyState.REQUEST, 56L, ReplyState.REPLY, 55L)),
                new Expected("cilium-hubble-otel__basic-sample-400-icmpv4-flows.jsonl", 18, Map.of(), 0,
                        Map.of(FORWARDED, 18L),
                        Map.of(ReplyState.REQUEST, 7L, ReplyState.REPLY, 4L, ReplyState.UNKNOWN, 7L)),
                new Expected("cilium-hubble-otel__basic-sample-400-l7-redirected-flows.subset.jsonl", 138, Map.of(), 0,
                        Map.of(REDIRECTED, 138L), Map.of(ReplyState.REQUEST, 138L)),
                new Expected("cilium-hubble-otel__basic-sample-400-tcp-flows.subset.jsonl", 122, Map.of(), 0,
                        Map.of(FORWARDED, 95L, REDIRECTED, 27L),
                        Map.of(ReplyState.REQUEST, 78L, ReplyState.REPLY, 42L, ReplyState.UNKNOWN, 2L)),
                new Expected("cilium-hubble-otel__basic-sample-400-udp-flows.subset.jsonl", 136, Map.of(), 0,
                        Map.of(FORWARDED, 113L, REDIRECTED, 23L),
                        Map.of(ReplyState.REQUEST, 80L, ReplyState.REPLY, 56L)),
                new Expected("cilium-hubble-otel__basic-sample-5-dns-flows.jsonl", 5, Map.of(), 0,
                        Map.of(FORWARDED, 5L), Map.of(ReplyState.REQUEST, 3L, ReplyState.REPLY, 2L)),
                new Expected("cilium-hubble-otel__basic-sample-5-http-flows.jsonl", 5, Map.of(), 0,
                        Map.of(FORWARDED, 5L), Map.of(ReplyState.REQUEST, 3L, ReplyState.REPLY, 2L)),
                new Expected(PRINTER, 3, Map.of(SkippedKind.DEBUG_EVENT, 2L, SkippedKind.LOST_EVENTS, 6L), 0,
                        Map.of(DROPPED, 3L), Map.of(ReplyState.REQUEST, 3L)));
    }

    @Test
    void pinsEveryFileOfTheDirectory() throws IOException {
        try (Stream<Path> listed = Files.list(SharedTestData.upstreamFlowsDir())) {
            List<String> onDisk = listed.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".jsonl")).sorted().toList();
            assertThat(onDisk).containsExactlyInAnyOrderElementsOf(files().map(Expected::file).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void readsOrSkipsEveryLineWithTheCountsPinned(Expected expected) throws IOException {
        Path file = SharedTestData.upstreamFlows(expected.file());
        List<ReadEvent> events = ReadEvents.of(file);

        ReadStats stats = new HubbleJsonReader().read(file, event -> { });

        assertThat(stats).isEqualTo(new ReadStats(Files.readAllLines(file).size(), expected.flows(),
                expected.skipped(), 0, expected.bad()));
        List<Flow> flows = events.stream().filter(ReadEvent.ParsedFlow.class::isInstance).map(ReadEvents::flow)
                .toList();
        assertThat(countBy(flows, Flow::verdict)).isEqualTo(expected.verdicts());
        assertThat(countBy(flows, Flow::reply)).isEqualTo(expected.replies());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void parsesEachLineAloneWithoutThrowing(Expected expected) throws IOException {
        Path file = SharedTestData.upstreamFlows(expected.file());
        HubbleJsonReader reader = new HubbleJsonReader();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            assertThatCode(() -> reader.parseLine(line, 0)).doesNotThrowAnyException();
        }
    }

    @Test
    void reportsTheCustomEncoderLineOfTheExporterTestAsBad() {
        List<ReadEvent> events = ReadEvents.of(SharedTestData.upstreamFlows(EXPORTER));

        assertThat(events.get(7)).isInstanceOfSatisfying(ReadEvent.BadLine.class, bad -> {
            assertThat(bad.lineNumber()).isEqualTo(8);
            assertThat(bad.reason()).contains("not a Hubble flow or event").contains("Timestamp");
        });
        assertThat(events.get(6)).isInstanceOf(ReadEvent.ParsedFlow.class);
        assertThat(ReadEvents.flow(events.get(4)).source().namespace()).isEqualTo("namespace-a");
        assertThat(ReadEvents.flow(events.get(4)).timeNanos()).isEqualTo(13_000_000_000L);
        assertThat(ReadEvents.flow(events.get(0)).nodeName()).isEqualTo("my-node");
    }

    @Test
    void readsTheLegacyBareFlowOfThePrinterTest() {
        List<ReadEvent> events = ReadEvents.of(SharedTestData.upstreamFlows(PRINTER));
        Flow bare = ReadEvents.flow(events.get(0));

        assertThat(bare).isEqualTo(ReadEvents.flow(events.get(1)));
        assertThat(bare.timeNanos()).isEqualTo(1_234_567_800_000L);
        assertThat(bare.nodeName()).isEqualTo("k8s1");
        assertThat(bare.protocol()).isEqualTo(Protocol.TCP);
        assertThat(bare.sourcePort()).isEqualTo(31793);
        assertThat(bare.destinationPort()).isEqualTo(8080);
        assertThat(bare.dropReason()).isEqualTo("POLICY_DENIED");
        assertThat(bare.ipVersion()).isEqualTo(4);
        assertThat(events.subList(3, 11)).extracting(ReadEvent::getClass)
                .containsOnly(ReadEvent.SkippedEvent.class);
    }

    @Test
    void readsTheFieldMaskedDocsLines() {
        List<ReadEvent> events = ReadEvents.of(SharedTestData.upstreamFlows(DOCS));
        Flow icmp = ReadEvents.flow(events.get(0));
        Flow syn = ReadEvents.flow(events.get(1));

        assertThat(icmp.nodeName()).isEqualTo("kind-kind/kind-worker");
        assertThat(icmp.dropReason()).isEqualTo("INVALID_SOURCE_IP");
        assertThat(icmp.protocol()).isEqualTo(Protocol.ICMPV6);
        assertThat(icmp.destinationPort()).isEqualTo(133);
        assertThat(icmp.ipVersion()).isEqualTo(6);
        assertThat(syn.dropReason()).isEqualTo("POLICY_DENIED");
        assertThat(syn.tcpFlags()).containsExactly("SYN");
        assertThat(syn.source().podName()).isEqualTo("xwing");
        assertThat(syn.destination().podName()).isEqualTo("deathstar-7848d6c4d5-th9v2");
        assertThat(syn.timeNanos()).isEqualTo(1_692_619_938_510_175_415L);
    }

    private static <K extends Enum<K>> Map<K, Long> countBy(List<Flow> flows, Function<Flow, K> key) {
        return flows.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }
}
