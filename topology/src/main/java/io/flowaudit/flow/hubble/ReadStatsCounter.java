package io.flowaudit.flow.hubble;

import java.util.EnumMap;
import java.util.Map;

/** Mutable tally behind {@link ReadStats}, one per read. */
final class ReadStatsCounter {
    private final long[] skipped = new long[SkippedKind.values().length];
    private long lines;
    private long flows;
    private long blank;
    private long bad;

    void count(ReadEvent event) {
        lines++;
        if (event instanceof ReadEvent.ParsedFlow) {
            flows++;
        } else if (event instanceof ReadEvent.SkippedEvent skip) {
            skipped[skip.kind().ordinal()]++;
        } else if (event instanceof ReadEvent.BlankLine) {
            blank++;
        } else {
            bad++;
        }
    }

    ReadStats snapshot() {
        Map<SkippedKind, Long> byKind = new EnumMap<>(SkippedKind.class);
        for (SkippedKind kind : SkippedKind.values()) {
            if (skipped[kind.ordinal()] > 0) {
                byKind.put(kind, skipped[kind.ordinal()]);
            }
        }
        return new ReadStats(lines, flows, byKind, blank, bad);
    }
}
