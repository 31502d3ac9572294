package io.flowaudit.streams;

import io.flowaudit.schemas.avro.PolicyDocument;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global policy store: a valid document replaces its key, a tombstone deletes it, a rejected one
 * leaves the last good version in force (and is reported as an alert by a flow task). Also runs on restore,
 * so the store never holds a rejected document.
 */
final class PolicyStoreUpdater implements Processor<String, PolicyDocument, Void, Void> {
    private final PolicyState state;
    private final String storeName;
    private KeyValueStore<String, PolicyDocument> store;

    PolicyStoreUpdater(PolicyState state, String storeName) {
        this.state = state;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, PolicyDocument> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            state.changed();
            return;
        }
        if (state.accept(record.key(), record.value(), record.timestamp()).isPresent()) {
            store.put(record.key(), record.value());
            state.changed();
        }
    }
}
