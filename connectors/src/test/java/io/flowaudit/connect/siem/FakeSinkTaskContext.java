package io.flowaudit.connect.siem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/** A SinkTaskContext that records timeouts and, when asked to, errant records. */
final class FakeSinkTaskContext implements SinkTaskContext {

    final List<Map.Entry<SinkRecord, Throwable>> errant = new ArrayList<>();
    final List<Long> timeouts = new ArrayList<>();
    private final boolean hasReporter;

    /** @param hasReporter whether the connector configured a dead letter queue or error log */
    FakeSinkTaskContext(boolean hasReporter) {
        this.hasReporter = hasReporter;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!hasReporter) {
            return null;
        }
        return (record, error) -> {
            errant.add(Map.entry(record, error));
            return CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
        timeouts.add(timeoutMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }
}
