package io.flowaudit.connect.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import io.flowaudit.connect.common.AvroValueEncoder;
import io.flowaudit.schemas.avro.PolicyDocument;

/**
 * Builds the records of one batch of changes (a directory scan, a Kubernetes list or watch event) against a
 * {@link KeySnapshot}. Every record but the last carries the offset of the state before the batch, the last one
 * the state after it: the worker commits offsets in record order, so a task that stops part-way through a batch
 * restarts from the old state and sends the whole batch again (at least once; the topic is compacted, so a
 * repeat is harmless) rather than losing its tail.
 */
final class PolicyRecords {
    static final String OFFSET_KEYS = "keys";

    private final Map<String, ?> partition;
    private final String topic;
    private final AvroValueEncoder<PolicyDocument> encoder;
    private final Map<String, Object> extraBefore;
    private final KeySnapshot before;
    private final List<String> keys = new ArrayList<>();
    private final List<PolicyDocument> values = new ArrayList<>();

    /**
     * @param before the published state before the batch
     * @param extraBefore other offset fields of the state before (e.g. the resourceVersion)
     */
    PolicyRecords(Map<String, ?> partition, String topic, AvroValueEncoder<PolicyDocument> encoder,
                  KeySnapshot before, Map<String, Object> extraBefore) {
        this.partition = partition;
        this.topic = topic;
        this.encoder = encoder;
        this.before = before.copy();
        this.extraBefore = extraBefore;
    }

    void upsert(String key, PolicyObject object, Instant observedAt) {
        keys.add(key);
        values.add(object.toDocument(observedAt));
    }

    void tombstone(String key) {
        keys.add(key);
        values.add(null);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /**
     * The records, the last carrying {@code after} and {@code extraAfter} as its offset.
     *
     * @param after the published state after the batch
     */
    List<SourceRecord> build(KeySnapshot after, Map<String, Object> extraAfter) {
        List<SourceRecord> records = new ArrayList<>(keys.size());
        Map<String, Object> beforeOffset = offset(before, extraBefore);
        Map<String, Object> afterOffset = offset(after, extraAfter);
        for (int i = 0; i < keys.size(); i++) {
            Map<String, Object> offset = i == keys.size() - 1 ? afterOffset : beforeOffset;
            PolicyDocument value = values.get(i);
            records.add(new SourceRecord(partition, offset, topic, null, Schema.STRING_SCHEMA, keys.get(i),
                    Schema.OPTIONAL_BYTES_SCHEMA, encoder.encode(value)));
        }
        return records;
    }

    /** The source offset of a state: its snapshot (when small enough to store) and the extra fields. */
    static Map<String, Object> offset(KeySnapshot snapshot, Map<String, Object> extra) {
        Map<String, Object> offset = new HashMap<>(extra);
        snapshot.encode().ifPresent(text -> offset.put(OFFSET_KEYS, text));
        return offset;
    }
}
