package io.flowaudit.connect.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowaudit.connect.common.TestTaskContext;
import io.flowaudit.schemas.Topics;

/** The file mode: an exporter file that grows, rotates and holds a partial line. */
class HubbleSourceTaskFileTest {
    private static final Deserializer<io.flowaudit.schemas.avro.Flow> FLOWS =
            Topics.embedded().flows().valueSerde().deserializer();
    private static final String LOST = "{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":\"3\"},"
            + "\"node_name\":\"k8s-worker-1\",\"time\":\"2026-05-12T08:15:00.000412Z\"}";

    @TempDir
    Path dir;

    private final List<String> seed = TestFlows.lines(TestFlows.seedScenarios());
    private final List<HubbleSourceTask> tasks = new ArrayList<>();

    @AfterEach
    void stop() {
        tasks.forEach(HubbleSourceTask::stop);
    }

    private HubbleSourceTask start(TestTaskContext context) {
        HubbleSourceTask task = new HubbleSourceTask();
        task.initialize(context);
        task.start(context.configs());
        tasks.add(task);
        return task;
    }

    private TestTaskContext context(Path file) {
        return new TestTaskContext(Map.of("hubble.mode", "file", "file.paths", file.toString(), "poll.timeout.ms", "10",
                "poll.max.records", "7"));
    }

    private static List<SourceRecord> drain(HubbleSourceTask task) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        for (int idle = 0; idle < 3; ) {
            List<SourceRecord> batch = task.poll();
            if (batch == null) {
                idle++;
            } else {
                idle = 0;
                records.addAll(batch);
            }
        }
        return records;
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static List<String> uuids(List<SourceRecord> records) {
        return records.stream().map(r -> FLOWS.deserialize(Topics.FLOWS, (byte[]) r.value()).getUuid()).toList();
    }

    private List<String> seedUuids(int from, int to) {
        return seed.subList(from, to).stream().map(l -> TestFlows.parse(l).getFlow().getUuid()).toList();
    }

    @Test
    void shouldTailTheFileHoldingAPartialLineAndSkippingOtherEvents() throws Exception {
        Path file = dir.resolve("events.log");
        append(file, lines(seed.subList(0, 10)) + LOST + "\nnot json\n" + seed.get(10).substring(0, 100));
        HubbleSourceTask task = start(context(file));

        List<SourceRecord> first = drain(task);
        assertThat(uuids(first)).containsExactlyElementsOf(seedUuids(0, 10));
        assertThat(first.get(0).key()).isEqualTo("k8s-worker-1");
        long afterTen = lines(seed.subList(0, 10)).getBytes(StandardCharsets.UTF_8).length;
        assertThat(first.get(9).sourceOffset()).isEqualTo(Map.of("position", afterTen,
                "file_key", TailedFile.keyOf(file)));
        assertThat(task.metrics().skippedNonFlowLines.get()).isEqualTo(1);
        assertThat(task.metrics().badRecords.get()).isEqualTo(1);

        // the rest of the partial line arrives
        append(file, seed.get(10).substring(100) + "\n");
        assertThat(uuids(drain(task))).containsExactlyElementsOf(seedUuids(10, 11));
    }

    @Test
    void shouldFollowRotationReadingTheOldFileToItsEndFirst() throws Exception {
        Path file = dir.resolve("events.log");
        append(file, lines(seed.subList(0, 5)));
        HubbleSourceTask task = start(context(file));
        assertThat(uuids(drain(task))).containsExactlyElementsOf(seedUuids(0, 5));

        // a last write to the old file, then the exporter's rotation: rename, new file under the old name
        append(file, lines(seed.subList(5, 8)));
        Files.move(file, dir.resolve("events-2026-05-12T08-14-03.118.log"));
        append(file, lines(seed.subList(8, 12)));

        List<SourceRecord> records = drain(task);
        assertThat(uuids(records)).containsExactlyElementsOf(seedUuids(5, 12));
        SourceRecord last = records.get(records.size() - 1);
        assertThat(last.sourceOffset()).isEqualTo(Map.of("position",
                (long) lines(seed.subList(8, 12)).getBytes(StandardCharsets.UTF_8).length,
                "file_key", TailedFile.keyOf(file)));
    }

    @Test
    void shouldStartAgainFromTheTopWhenTheFileIsTruncated() throws Exception {
        Path file = dir.resolve("events.log");
        append(file, lines(seed.subList(0, 5)));
        HubbleSourceTask task = start(context(file));
        drain(task);

        Files.writeString(file, lines(seed.subList(5, 6)), StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(uuids(drain(task))).containsExactlyElementsOf(seedUuids(5, 6));
    }

    @Test
    void shouldResumeAfterARestartAtTheCommittedPositionEvenInARotatedFile() throws Exception {
        Path file = dir.resolve("events.log");
        append(file, lines(seed.subList(0, 6)));
        TestTaskContext context = context(file);
        HubbleSourceTask first = start(context);
        List<SourceRecord> read = drain(first);
        first.stop();
        context.commit(read.subList(0, 4));

        // while the task is stopped: two more lines, a rotation, and a new file
        append(file, lines(seed.subList(6, 8)));
        Files.move(file, dir.resolve("events-2026-05-12T08-20-00.000.log"));
        append(file, lines(seed.subList(8, 10)));

        HubbleSourceTask second = start(context);
        assertThat(uuids(drain(second))).containsExactlyElementsOf(seedUuids(4, 10));
    }

    @Test
    void shouldWaitForAFileThatDoesNotExistYet() throws Exception {
        Path file = dir.resolve("later.log");
        HubbleSourceTask task = start(context(file));
        assertThat(drain(task)).isEmpty();

        append(file, lines(seed.subList(0, 2)));
        assertThat(uuids(drain(task))).containsExactlyElementsOf(seedUuids(0, 2));
    }
}
