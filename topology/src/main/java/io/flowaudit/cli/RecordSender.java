package io.flowaudit.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends already-serialized records to one topic for {@code produce}: optionally paced to a rate, with a progress
 * line (records/s) on stderr every few seconds, and stopping at the first failed send. Used from one thread.
 */
final class RecordSender implements AutoCloseable {
    private static final long REPORT_EVERY_NANOS = 5_000_000_000L;
    private static final long MIN_SLEEP_NANOS = 1_000_000L;
    private static final long RATE_SHOWN_FROM = 1_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Integer rate;
    private final PrintWriter err;
    private final String command;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback callback = (metadata, e) -> {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    };
    private final long start = System.nanoTime();
    private long lastReport = start;
    private long sent;
    private Supplier<String> progress = () -> "";

    /**
     * @param config producer configuration; serializers are set here
     * @param rate   records per second at most; null for no limit
     */
    RecordSender(Map<String, Object> config, String topic, Integer rate, PrintWriter err, String command) {
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.rate = rate;
        this.err = err;
        this.command = command;
    }

    String topic() {
        return topic;
    }

    /** What to append to the progress line, e.g. how much of the input was read. */
    void progress(Supplier<String> done) {
        this.progress = done;
    }

    /**
     * Sends one record; a null value is a tombstone.
     *
     * @throws SendFailedException when an earlier send failed
     */
    void send(String key, byte[] value) {
        send(key, value, null);
    }

    /**
     * Sends one record with a timestamp: flows keep their observation time, so a topic replay
     * ({@code whatif --topic --from}) sees the capture's own times.
     *
     * @param timestampMillis record timestamp, null for the producer's clock
     */
    void send(String key, byte[] value, Long timestampMillis) {
        Exception e = failure.get();
        if (e != null) {
            throw new SendFailedException(sent, e);
        }
        producer.send(new ProducerRecord<>(topic, null, timestampMillis, key, value), callback);
        sent++;
        if (rate != null) {
            long wait = start + sent * 1_000_000_000L / rate - System.nanoTime();
            if (wait >= MIN_SLEEP_NANOS) {
                LockSupport.parkNanos(wait);
            }
        }
        if ((sent & 1023) == 0 || rate != null) {
            report();
        }
    }

    /**
     * Waits until every record is acknowledged.
     *
     * @return the number of records written
     * @throws SendFailedException when a send failed
     */
    long finish() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new SendFailedException(sent, e);
        }
        return sent;
    }

    /** Time since the sender was created, with the average rate when there were enough records to tell. */
    String elapsed() {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        return sent < RATE_SHOWN_FROM ? String.format(Locale.ROOT, "%.1f s", secs)
                : String.format(Locale.ROOT, "%.1f s (%,.0f records/s)", secs, sent / secs);
    }

    private void report() {
        long now = System.nanoTime();
        if (now - lastReport < REPORT_EVERY_NANOS) {
            return;
        }
        lastReport = now;
        double secs = (now - start) / 1e9;
        err.printf(Locale.ROOT, "%s: %,d records sent to %s%s, %,.0f records/s%n", command, sent, topic,
                progress.get(), sent / secs);
        err.flush();
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    /** A record could not be written; the message says after how many records and why. */
    static final class SendFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SendFailedException(long sent, Exception cause) {
            super(cause.getMessage() + " (" + sent + " records were sent before it was noticed)", cause);
        }
    }
}
