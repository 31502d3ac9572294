package io.flowaudit.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning with a plain consumer (assigned partitions, no group), keeping every
 * record read so far. Every wait is bounded.
 */
final class TopicReader<V> implements AutoCloseable {
    private final String topic;
    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic, Deserializer<V> values, IsolationLevel isolation) {
        this.topic = topic;
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "it-reader-" + topic + "-" + isolation);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), values);
        List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    static <V> TopicReader<V> committed(String bootstrapServers, String topic, Deserializer<V> values) {
        return new TopicReader<>(bootstrapServers, topic, values, IsolationLevel.READ_COMMITTED);
    }

    /** One poll; returns the records it brought (also kept in {@link #records()}). */
    List<ConsumerRecord<String, V>> poll(Duration timeout) {
        List<ConsumerRecord<String, V>> got = new ArrayList<>();
        consumer.poll(timeout).forEach(got::add);
        records.addAll(got);
        return got;
    }

    /** Polls until at least {@code count} records were read; returns their values in order. */
    List<V> awaitValues(int count, Duration timeout) {
        ItClients.await(count + " records on " + topic, timeout, () -> {
            poll(Duration.ofMillis(100));
            return records.size() >= count;
        }, () -> records.size() + " read: " + values());
        return values();
    }

    /** Polls until a record whose value matches arrived; returns the first such value. */
    V awaitValue(String what, Predicate<V> match, Duration timeout) {
        ItClients.await(what + " on " + topic, timeout, () -> {
            poll(Duration.ofMillis(100));
            return records.stream().anyMatch(r -> match.test(r.value()));
        }, () -> records.size() + " read: " + values());
        return records.stream().map(ConsumerRecord::value).filter(match).findFirst().orElseThrow();
    }

    /** Polls until nothing new arrives for {@code quiet} (at most {@code timeout}); returns every value. */
    List<V> drain(Duration quiet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastNew = System.nanoTime();
        while (System.nanoTime() - lastNew < quiet.toNanos() && System.nanoTime() < deadline) {
            if (!poll(Duration.ofMillis(100)).isEmpty()) {
                lastNew = System.nanoTime();
            }
        }
        return values();
    }

    List<ConsumerRecord<String, V>> records() {
        return records;
    }

    List<V> values() {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
