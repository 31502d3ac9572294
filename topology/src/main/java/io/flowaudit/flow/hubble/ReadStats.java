package io.flowaudit.flow.hubble;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts of what one read found; {@code lines == flows + skipped() + blank + bad}.
 *
 * @param lines lines read
 * @param flows lines that were flows
 * @param skippedByKind non-flow events per kind, in {@link SkippedKind} order (only kinds that occurred)
 * @param blank blank lines
 * @param bad bad lines
 */
public record ReadStats(long lines, long flows, Map<SkippedKind, Long> skippedByKind, long blank, long bad) {
    public ReadStats {
        Objects.requireNonNull(skippedByKind, "skippedByKind can't be null");
        skippedByKind = skippedByKind.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(skippedByKind));
    }

    /** All skipped non-flow events. */
    public long skipped() {
        return skippedByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Skipped events of one kind. */
    public long skipped(SkippedKind kind) {
        return skippedByKind.getOrDefault(kind, 0L);
    }
}
