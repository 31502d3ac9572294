package io.flowaudit.connect.hubble;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.flowaudit.connect.common.AvroValueEncoder;
import io.flowaudit.flow.Flow;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.streams.AvroFlows;

/**
 * The file mode of a task: tails Hubble exporter files ({@link TailedFile}) and reads each line with the
 * topology's {@link HubbleJsonReader}, so a line gives the same record here as through {@code flowaudit produce}.
 * Lines that are other events ({@code lost_events}, {@code node_status}, {@code agent_event},
 * {@code debug_event}) are skipped and counted, unreadable lines are skipped, counted and logged (the first ten of
 * a task).
 *
 * <p>Source partition {@code {"hubble.file": path}}, offset {@code {"position": byte after the line,
 * "file_key": inode}}.
 */
final class ExporterFileSource implements FlowSource, TailedFile.LineSink {
    static final String PARTITION_FILE = "hubble.file";
    static final String OFFSET_POSITION = "position";
    static final String OFFSET_FILE_KEY = "file_key";

    private static final Logger LOGGER = LoggerFactory.getLogger(ExporterFileSource.class);
    private static final int LOGGED_BAD_LINES = 10;

    private final List<TailedFile> files = new ArrayList<>();
    private final List<Map<String, String>> partitions = new ArrayList<>();
    private final HubbleJsonReader reader = new HubbleJsonReader();
    private final AvroValueEncoder<io.flowaudit.schemas.avro.Flow> encoder;
    private final HubbleSourceMetrics metrics;
    private final String topic;
    private final int maxRecords;
    private final long timeoutMs;
    private volatile boolean closed;

    private List<SourceRecord> batch;
    private TailedFile current;
    private Map<String, String> currentPartition;
    private long lineIndex;

    ExporterFileSource(HubbleSourceConnectorConfig config, OffsetStorageReader offsets, HubbleSourceMetrics metrics) {
        this.metrics = metrics;
        this.topic = config.topic();
        this.encoder = AvroValueEncoder.flows(config.originals(), topic);
        this.maxRecords = config.getInt(HubbleSourceConnectorConfig.POLL_MAX_RECORDS_CONFIG);
        this.timeoutMs = config.getInt(HubbleSourceConnectorConfig.POLL_TIMEOUT_MS_CONFIG);
        int maxLine = config.getInt(HubbleSourceConnectorConfig.FILE_MAX_LINE_BYTES_CONFIG);
        for (String name : config.filePaths()) {
            partitions.add(partition(name));
        }
        Map<Map<String, String>, Map<String, Object>> stored = offsets == null ? null : offsets.offsets(partitions);
        for (int i = 0; i < partitions.size(); i++) {
            TailedFile file = new TailedFile(Path.of(config.filePaths().get(i)), maxLine);
            Map<String, Object> offset = stored == null ? null : stored.get(partitions.get(i));
            if (offset != null && offset.get(OFFSET_FILE_KEY) instanceof String key
                    && offset.get(OFFSET_POSITION) instanceof Number position) {
                file.resume(key, position.longValue(), config.startAtEnd());
                LOGGER.info("{}: resuming at position {} of file {}", file.path(), position, key);
            } else {
                file.resume(null, 0, config.startAtEnd());
            }
            files.add(file);
        }
    }

    /** The source partition of a file's records. */
    static Map<String, String> partition(String path) {
        return Map.of(PARTITION_FILE, path);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        batch = new ArrayList<>();
        try {
            for (int i = 0; i < files.size() && batch.size() < maxRecords && !closed; i++) {
                current = files.get(i);
                currentPartition = partitions.get(i);
                current.read(this, maxRecords - batch.size());
            }
        } catch (IOException e) {
            if (closed) {
                return null;
            }
            throw new ConnectException("cannot read Hubble exporter file " + current.path() + ": " + e.getMessage(),
                    e);
        }
        if (batch.isEmpty()) {
            Thread.sleep(timeoutMs);
            return null;
        }
        return batch;
    }

    @Override
    public void line(byte[] buf, int offset, int length, long start, long end, String fileKey) {
        ReadEvent event = reader.parseLine(buf, offset, length, lineIndex++);
        if (event instanceof ReadEvent.ParsedFlow parsed) {
            Flow flow = parsed.flow();
            io.flowaudit.schemas.avro.Flow avro = AvroFlows.toAvro(flow);
            avro.setDropReasonCode(ProtoFlows.dropReasonCode(flow.dropReason()));
            if (flow.uuid().isEmpty()) {
                // a field-masked exporter line without uuid: name it by where it was read
                avro.setUuid("flowaudit-export-" + Integer.toHexString(fileKey.hashCode()) + "-" + start);
            }
            batch.add(new SourceRecord(currentPartition, TailedFile.offset(end, fileKey), topic, null,
                    Schema.STRING_SCHEMA, flow.nodeName(), Schema.BYTES_SCHEMA, encoder.encode(avro)));
            metrics.flows.incrementAndGet();
        } else if (event instanceof ReadEvent.SkippedEvent skipped) {
            metrics.skippedNonFlowLines.incrementAndGet();
            LOGGER.debug("{}: skipped a {} line at position {}", current.path(), skipped.kind().jsonName(), start);
        } else if (event instanceof ReadEvent.BadLine bad) {
            long count = metrics.badRecords.incrementAndGet();
            if (count <= LOGGED_BAD_LINES) {
                LOGGER.warn("{}: skipped an unreadable line at position {}: {}{}", current.path(), start,
                        bad.reason(), count == LOGGED_BAD_LINES ? " (further bad lines are only counted)" : "");
            }
        }
    }

    @Override
    public void tooLong(long start, String fileKey) {
        metrics.badRecords.incrementAndGet();
    }

    @Override
    public void close() {
        closed = true;
        files.forEach(TailedFile::close);
        encoder.close();
    }
}
