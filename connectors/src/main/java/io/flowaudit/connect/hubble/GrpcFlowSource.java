package io.flowaudit.connect.hubble;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * The gRPC mode of a task: one {@link GrpcFlowStream} per target, all feeding one bounded queue that
 * {@link #poll()} drains, resuming streams that stopped for lack of room. Conversion to Avro happens on the gRPC
 * transport threads, so the worker's thread only hands records on.
 */
final class GrpcFlowSource implements FlowSource {
    private final BlockingQueue<SourceRecord> queue;
    private final List<GrpcFlowStream> streams = new ArrayList<>();
    private final int maxRecords;
    private final long timeoutMs;

    GrpcFlowSource(HubbleSourceConnectorConfig config, ChannelFactory channels, OffsetStorageReader offsets,
                   HubbleSourceMetrics metrics) {
        this.queue = new ArrayBlockingQueue<>(config.getInt(HubbleSourceConnectorConfig.GRPC_QUEUE_CAPACITY_CONFIG));
        this.maxRecords = config.getInt(HubbleSourceConnectorConfig.POLL_MAX_RECORDS_CONFIG);
        this.timeoutMs = config.getInt(HubbleSourceConnectorConfig.POLL_TIMEOUT_MS_CONFIG);
        List<Map<String, String>> partitions = new ArrayList<>();
        for (String target : config.grpcTargets()) {
            partitions.add(GrpcFlowStream.partition(target));
        }
        Map<Map<String, String>, Map<String, Object>> stored = offsets == null ? Map.of()
                : offsets.offsets(partitions);
        try {
            for (String target : config.grpcTargets()) {
                streams.add(new GrpcFlowStream(target, channels.open(target, config), config, queue, metrics,
                        stored == null ? null : stored.get(GrpcFlowStream.partition(target))));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        streams.forEach(GrpcFlowStream::start);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        SourceRecord first = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (first == null) {
            streams.forEach(GrpcFlowStream::resumeIfStalled);
            for (GrpcFlowStream stream : streams) {
                if (stream.failure() != null) {
                    throw stream.failure();
                }
            }
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(Math.min(maxRecords, queue.size() + 1));
        records.add(first);
        queue.drainTo(records, maxRecords - 1);
        streams.forEach(GrpcFlowStream::resumeIfStalled);
        return records;
    }

    @Override
    public void close() {
        streams.forEach(GrpcFlowStream::close);
    }

    List<GrpcFlowStream> streams() {
        return streams;
    }
}
