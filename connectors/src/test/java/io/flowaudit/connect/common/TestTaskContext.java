package io.flowaudit.connect.common;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A task context whose offset store is a map, filled from records as a worker would commit them. */
public final class TestTaskContext implements SourceTaskContext, OffsetStorageReader {
    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();
    private final Map<String, String> configs;

    public TestTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    /** Commits the offsets of these records, last one winning per partition. */
    @SuppressWarnings("unchecked")
    public TestTaskContext commit(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            offsets.put(record.sourcePartition(), (Map<String, Object>) record.sourceOffset());
        }
        return this;
    }

    /** Stores an offset as if a record with it had been committed. */
    public TestTaskContext commit(Map<String, ?> partition, Map<String, Object> offset) {
        offsets.put(partition, offset);
        return this;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return this;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return null;
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return offsets.get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            result.put(partition, offsets.get(partition));
        }
        return result;
    }
}
