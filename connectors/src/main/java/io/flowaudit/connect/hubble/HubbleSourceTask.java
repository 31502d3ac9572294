package io.flowaudit.connect.hubble;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.flowaudit.connect.common.Version;

/**
 * Reads its share of the connector's gRPC targets or exporter files and returns Avro {@code Flow} records keyed
 * by node name. See {@link HubbleSourceConnector}.
 */
public class HubbleSourceTask extends SourceTask {
    private static final Logger LOGGER = LoggerFactory.getLogger(HubbleSourceTask.class);

    private final ChannelFactory channels;
    private final HubbleSourceMetrics metrics = new HubbleSourceMetrics();
    private volatile FlowSource source;

    /** The task Connect creates: Netty channels. */
    public HubbleSourceTask() {
        this(GrpcChannels::open);
    }

    /** A task with another channel factory (tests: in-process channels). */
    HubbleSourceTask(ChannelFactory channels) {
        this.channels = Objects.requireNonNull(channels, "channels can't be null");
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        HubbleSourceConnectorConfig.requireComplete(props);
        HubbleSourceConnectorConfig config = new HubbleSourceConnectorConfig(props);
        metrics.register(context == null ? null : context.pluginMetrics());
        var offsets = context == null ? null : context.offsetStorageReader();
        source = config.isGrpc() ? new GrpcFlowSource(config, channels, offsets, metrics)
                : new ExporterFileSource(config, offsets, metrics);
        LOGGER.info("Hubble source task started: {} {}", config.isGrpc() ? "gRPC targets" : "exporter files",
                config.isGrpc() ? config.grpcTargets() : config.filePaths());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        FlowSource current = source;
        return current == null ? null : current.poll();
    }

    @Override
    public void stop() {
        FlowSource current = source;
        if (current != null) {
            current.close();
        }
        LOGGER.info("Hubble source task stopped: {} flows, {} lost events reported by Hubble, {} reconnects, {}"
                        + " non-flow lines and {} bad records skipped", metrics.flows.get(), metrics.lostEvents.get(),
                metrics.reconnects.get(), metrics.skippedNonFlowLines.get(), metrics.badRecords.get());
    }

    /** The task's counters (tests). */
    HubbleSourceMetrics metrics() {
        return metrics;
    }

    /** The running source (tests). */
    FlowSource source() {
        return source;
    }
}
