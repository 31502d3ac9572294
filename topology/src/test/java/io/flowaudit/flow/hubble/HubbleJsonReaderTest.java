package io.flowaudit.flow.hubble;

import io.flowaudit.flow.ObservedVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each input line becomes, and how a whole input is streamed. JSON uses ' for " to stay readable. */
class HubbleJsonReaderTest {
    private static final String FLOW =
            "{'flow':{'verdict':'FORWARDED'},'node_name':'n1','time':'2024-01-01T00:00:00Z'}";
    private static final String LOST = "{'lost_events':{'source':'HUBBLE_RING_BUFFER','num_events_lost':'12','cpu':3},"
            + "'node_name':'n1','time':'2024-01-01T00:00:01Z'}";

    private final HubbleJsonReader reader = new HubbleJsonReader();

    private static String lines(String... singleQuoted) {
        return String.join("\n", singleQuoted).replace('\'', '"') + "\n";
    }

    private ReadEvent one(String singleQuotedJson) {
        return reader.parseLine(singleQuotedJson.replace('\'', '"'), 0);
    }

    @Test
    void skipsLostEventsAndCountsThem() throws IOException {
        List<ReadEvent> events = new ArrayList<>();

        ReadStats stats = reader.read(new StringReader(lines(LOST, FLOW, LOST, LOST)), events::add);

        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isEqualTo(new ReadEvent.SkippedEvent(0, SkippedKind.LOST_EVENTS));
        assertThat(events.get(1)).isInstanceOf(ReadEvent.ParsedFlow.class);
        assertThat(stats).isEqualTo(new ReadStats(4, 1, Map.of(SkippedKind.LOST_EVENTS, 3L), 0, 0));
        assertThat(stats.skipped()).isEqualTo(3);
        assertThat(stats.skipped(SkippedKind.LOST_EVENTS)).isEqualTo(3);
        assertThat(stats.skipped(SkippedKind.NODE_STATUS)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'node_status':{'state_change':'NODE_UNAVAILABLE','node_names':['w2'],'message':'refused'},"
            + "'time':'2026-05-12T08:15:01.500Z'}",
        "{'nodeStatus':{'stateChange':'NODE_CONNECTED'}}",
    })
    void skipsNodeStatusInEitherSpelling(String line) {
        assertThat(one(line)).isEqualTo(new ReadEvent.SkippedEvent(0, SkippedKind.NODE_STATUS));
    }

    @Test
    void skipsAgentAndDebugEvents() {
        assertThat(one("{'agent_event':{},'node_name':'my-node','time':'1970-01-01T00:00:02Z'}"))
                .isEqualTo(new ReadEvent.SkippedEvent(0, SkippedKind.AGENT_EVENT));
        assertThat(one("{'debug_event':{'type':'DBG_CT_VERDICT','source':{'ID':690}},'node_name':'k8s1'}"))
                .isEqualTo(new ReadEvent.SkippedEvent(0, SkippedKind.DEBUG_EVENT));
        assertThat(one("{'lostEvents':{}}")).isEqualTo(new ReadEvent.SkippedEvent(0, SkippedKind.LOST_EVENTS));
    }

    @Test
    void namesSkippedKindsAsHubbleWritesThem() {
        assertThat(SkippedKind.LOST_EVENTS.jsonName()).isEqualTo("lost_events");
        assertThat(SkippedKind.NODE_STATUS.jsonName()).isEqualTo("node_status");
    }

    @Test
    void readsFieldMaskedEmptyFlowAsFlow() {
        assertThat(one("{'flow':{}}")).isInstanceOf(ReadEvent.ParsedFlow.class);
    }

    @Test
    void reportsInvalidJsonWithItsLineNumberAndGoesOn() {
        List<ReadEvent> events = ReadEvents.of(reader, lines(FLOW, "{'flow':{'verdict':'FORWARDED'", FLOW,
                "{'flow':{'verdict' 'DROPPED'}}", FLOW));

        assertThat(events).extracting(ReadEvent::getClass).containsExactly(ReadEvent.ParsedFlow.class,
                ReadEvent.BadLine.class, ReadEvent.ParsedFlow.class, ReadEvent.BadLine.class,
                ReadEvent.ParsedFlow.class);
        ReadEvent.BadLine truncated = (ReadEvent.BadLine) events.get(1);
        assertThat(truncated.lineNumber()).isEqualTo(2);
        assertThat(truncated.reason()).startsWith("invalid JSON at column ");
        ReadEvent.BadLine missingColon = (ReadEvent.BadLine) events.get(3);
        assertThat(missingColon.lineIndex()).isEqualTo(3);
        assertThat(missingColon.reason()).startsWith("invalid JSON at column 20: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "'flow'", "42", "true", "null"})
    void reportsJsonThatIsNotAnObject(String line) {
        assertThat(one(line)).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).startsWith("not a JSON object: the line holds "));
    }

    @Test
    void reportsObjectOfNoKnownShapeWithItsKeys() {
        assertThat(one("{'Timestamp':{'seconds':3},'Event':{}}")).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).isEqualTo("not a Hubble flow or event: no flow, node_status, "
                        + "lost_events, agent_event or debug_event member and no Flow field; "
                        + "keys: [Timestamp, Event]"));
        assertThat(one("{}")).isInstanceOf(ReadEvent.BadLine.class);
        assertThat(one("{'flow':null}")).isInstanceOf(ReadEvent.BadLine.class);
    }

    @Test
    void reportsValueOfWrongTypeWithItsJsonPointer() {
        assertThat(one("{'flow':{'l4':{'TCP':{'destination_port':'eighty'}}}}"))
                .isEqualTo(new ReadEvent.BadLine(0,
                        "/flow/l4/TCP/destination_port: expected an integer, found \"eighty\""));
        assertThat(one("{'flow':{'source':{'labels':'k8s:app=a'}}}"))
                .isEqualTo(new ReadEvent.BadLine(0,
                        "/flow/source/labels: expected an array of strings, found \"k8s:app=a\""));
        assertThat(one("{'flow':'yes'}"))
                .isEqualTo(new ReadEvent.BadLine(0, "/flow: expected an object, found \"yes\""));
        assertThat(one("{'verdict':'FORWARDED','is_reply':'no'}"))
                .isEqualTo(new ReadEvent.BadLine(0, "/is_reply: expected true or false, found \"no\""));
    }

    @Test
    void reportsOutOfRangeNumbers() {
        assertThat(one("{'flow':{'l4':{'UDP':{'source_port':-1}}}}")).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).startsWith("/flow/l4/UDP/source_port: expected an unsigned integer"));
        assertThat(one("{'flow':{'source':{'identity':4294967296}}}")).isInstanceOfSatisfying(
                ReadEvent.BadLine.class, bad -> assertThat(bad.reason())
                        .isEqualTo("/flow/source/identity: expected an unsigned 32-bit integer, found 4294967296"));
        assertThat(one("{'flow':{'source':{'identity':99999999999999999999999}}}"))
                .isInstanceOf(ReadEvent.BadLine.class);
    }

    @Test
    void reportsInvalidTimestamp() {
        assertThat(one("{'flow':{'time':'2024-02-30T00:00:00Z'}}")).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).startsWith("/flow/time: expected an RFC 3339 timestamp"));
    }

    @Test
    void reportsContentAfterTheObject() {
        assertThat(one("{'flow':{}} {'flow':{}}")).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).isEqualTo("content after the JSON object: an object"));
        assertThat(one("{'flow':{}} x")).isInstanceOf(ReadEvent.BadLine.class);
    }

    @Test
    void reportsTwoEventMembersOnOneLine() {
        assertThat(one("{'flow':{},'lost_events':{}}")).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).startsWith("more than one of flow, node_status"));
    }

    @Test
    void reportsInputBeyondParserLimitsAsBadLine() {
        String deep = "{'flow':{'future':" + "[".repeat(5000) + "]".repeat(5000) + "}}";
        String longNumber = "{'flow':{'source':{'identity':" + "9".repeat(5000) + "}}}";

        assertThat(one(deep)).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).startsWith("invalid JSON"));
        assertThat(one(longNumber)).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).startsWith("invalid JSON"));
    }

    @Test
    void shortensVeryLongReasons() {
        String key = "k".repeat(1000);
        ReadEvent event = one("{'flow':{'source':{'namespace':{'" + key + "':1}}}}");

        assertThat(event).isInstanceOfSatisfying(ReadEvent.BadLine.class,
                bad -> assertThat(bad.reason()).hasSizeLessThanOrEqualTo(303));
    }

    @Test
    void strictModeThrowsAtFirstBadLineWithItsNumber() {
        HubbleJsonReader strict = new HubbleJsonReader(ReadOptions.strictMode());
        List<ReadEvent> events = new ArrayList<>();

        assertThatThrownBy(() -> strict.read(new StringReader(lines(FLOW, "", "not json", FLOW)), events::add))
                .isInstanceOfSatisfying(HubbleFormatException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(3);
                    assertThat(e.reason()).startsWith("invalid JSON at column 1: ");
                    assertThat(e.getMessage()).startsWith("line 3: invalid JSON");
                });
        assertThat(events).hasSize(2);
    }

    @Test
    void strictModeAcceptsSkippedAndBlankLines() throws IOException {
        ReadStats stats = new HubbleJsonReader(ReadOptions.strictMode())
                .read(new StringReader(lines(FLOW, "", LOST, "   ")), event -> { });

        assertThat(stats).isEqualTo(new ReadStats(4, 1, Map.of(SkippedKind.LOST_EVENTS, 1L), 2, 0));
    }

    @Test
    void skipsBlankLinesSilently() throws IOException {
        List<ReadEvent> events = new ArrayList<>();

        ReadStats stats = reader.read(new StringReader(lines("", FLOW, " \t ", FLOW, "")), events::add);

        assertThat(events).containsExactly(new ReadEvent.BlankLine(0), events.get(1), new ReadEvent.BlankLine(2),
                events.get(3), new ReadEvent.BlankLine(4));
        assertThat(stats).isEqualTo(new ReadStats(5, 2, Map.of(), 3, 0));
    }

    @Test
    void yieldsOneEventPerLineInInputOrder() throws IOException {
        String text = lines(FLOW, LOST, "", "oops", "{'flow':{}}", "{'agent_event':{}}");
        List<ReadEvent> events = new ArrayList<>();

        ReadStats stats = reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), events::add);

        assertThat(events).extracting(ReadEvent::lineIndex).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(stats.lines()).isEqualTo(6);
        assertThat(stats.lines()).isEqualTo(stats.flows() + stats.skipped() + stats.blank() + stats.bad());
    }

    @Test
    void readsStreamAndReaderAlike() throws IOException {
        String text = lines(FLOW, LOST, "", "oops", "{'flow':{'l7':{'http':{'url':'http://h/\u00e9t\u00e9'}}}}");
        List<ReadEvent> fromReader = ReadEvents.of(reader, text);
        List<ReadEvent> fromStream = new ArrayList<>();

        reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), fromStream::add);

        assertThat(fromStream).isEqualTo(fromReader);
        assertThat(ReadEvents.flow(fromStream.get(4)).l7().http().url()).isEqualTo("http://h/\u00e9t\u00e9");
    }

    @Test
    void handlesCrLfAndMissingFinalNewline() throws IOException {
        String text = (FLOW + "\r\n\r\n" + LOST).replace('\'', '"');
        List<ReadEvent> events = new ArrayList<>();

        ReadStats stats = reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), events::add);

        assertThat(stats).isEqualTo(new ReadStats(3, 1, Map.of(SkippedKind.LOST_EVENTS, 1L), 1, 0));
    }

    @Test
    void ignoresByteOrderMarkOnFirstLine() throws IOException {
        String text = "\uFEFF" + lines(FLOW, FLOW);
        List<ReadEvent> fromStream = new ArrayList<>();

        reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), fromStream::add);

        assertThat(fromStream).allMatch(ReadEvent.ParsedFlow.class::isInstance);
        assertThat(ReadEvents.of(reader, text)).allMatch(ReadEvent.ParsedFlow.class::isInstance);
    }

    @Test
    void reportsInvalidUtf8AsBadLineOnly() throws IOException {
        byte[] good = lines(FLOW).getBytes(StandardCharsets.UTF_8);
        byte[] broken = "{\"flow\":{\"node_name\":\"a\u00e9\"}}\n".getBytes(StandardCharsets.UTF_8);
        broken[broken.length - 5] = (byte) 0xFF;
        byte[] all = new byte[good.length * 2 + broken.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(broken, 0, all, good.length, broken.length);
        System.arraycopy(good, 0, all, good.length + broken.length, good.length);
        List<ReadEvent> events = new ArrayList<>();

        reader.read(new ByteArrayInputStream(all), events::add);

        assertThat(events).extracting(ReadEvent::getClass).containsExactly(ReadEvent.ParsedFlow.class,
                ReadEvent.BadLine.class, ReadEvent.ParsedFlow.class);
    }

    @Test
    void readsLinesOfAnyLength() throws IOException {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            labels.append(i == 0 ? "" : ",").append("'k8s:label-").append(i).append("=value-").append(i).append('\'');
        }
        String longLine = "{'flow':{'source':{'identity':300,'labels':[" + labels + "]}}}";
        String text = lines(longLine, FLOW, longLine);
        List<ReadEvent> events = new ArrayList<>();

        reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), events::add);

        assertThat(text.length()).isGreaterThan(2 * 400_000);
        assertThat(events).hasSize(3);
        assertThat(ReadEvents.flow(events.get(0)).source().labels()).hasSize(20_000)
                .endsWith("k8s:label-19999=value-19999");
        assertThat(ReadEvents.flow(events.get(2)).source().labels()).hasSize(20_000);
    }

    @Test
    void decompressesGzipFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events-2026-05-12T08-14-03.118.log.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(lines(FLOW, LOST).getBytes(StandardCharsets.UTF_8));
        }

        ReadStats stats = reader.read(file, event -> { });

        assertThat(stats).isEqualTo(new ReadStats(2, 1, Map.of(SkippedKind.LOST_EVENTS, 1L), 0, 0));
    }

    @Test
    void parsesOneRecordFromBytes() {
        byte[] record = ("xx" + FLOW.replace('\'', '"') + "yy").getBytes(StandardCharsets.UTF_8);

        ReadEvent event = reader.parseLine(record, 2, record.length - 4, 7);

        assertThat(event.lineIndex()).isEqualTo(7);
        assertThat(ReadEvents.flow(event).nodeName()).isEqualTo("n1");
        assertThat(reader.parseFlow(FLOW.replace('\'', '"').getBytes(StandardCharsets.UTF_8)).verdict())
                .isEqualTo(ObservedVerdict.FORWARDED);
        assertThat(reader.parseLine(" \r\n".getBytes(StandardCharsets.UTF_8), 0)).isEqualTo(new ReadEvent.BlankLine(0));
    }

    @Test
    void parseFlowRejectsWhatIsNotAFlow() {
        assertThatThrownBy(() -> reader.parseFlow(LOST.replace('\'', '"')))
                .isInstanceOf(HubbleFormatException.class)
                .hasMessage("not a flow but a lost_events event");
        assertThatThrownBy(() -> reader.parseFlow("{"))
                .isInstanceOfSatisfying(HubbleFormatException.class, e -> {
                    assertThat(e.lineNumber()).isZero();
                    assertThat(e.getMessage()).startsWith("invalid JSON");
                });
        assertThatThrownBy(() -> reader.parseFlow("  ")).hasMessage("blank input");
    }
}
