package io.flowaudit.streams;

import io.flowaudit.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead-letter records: the original bytes and where they came from, and why they were refused. */
final class DeadLetters {
    private DeadLetters() {
    }

    static DeadLetter of(RecordMetadata meta, String key, byte[] value, Throwable error, String applicationId,
                         long nowMillis) {
        String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return DeadLetter.newBuilder()
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .setOriginalValue(ByteBuffer.wrap(value == null ? new byte[0] : value))
                .setSourceTopic(meta == null ? "" : meta.topic()).setPartition(meta == null ? -1 : meta.partition())
                .setOffset(meta == null ? -1 : meta.offset()).setReason(reason.length() > 2000 ? reason.substring(0, 2000) : reason)
                .setErrorClass(error.getClass().getName()).setTime(java.time.Instant.ofEpochMilli(nowMillis)).setApplicationId(applicationId).build();
    }
}
