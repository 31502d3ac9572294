package io.flowaudit.cli;

import java.io.PrintWriter;

/** A once-a-second progress line on stderr, only when stderr is a terminal. */
final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long count;
    private long nextCheck = 10_000;
    private long lastPrint = start;

    Progress(PrintWriter err) {
        this.err = err;
        this.enabled = System.console() != null;
    }

    void tick() {
        count++;
        if (!enabled || count < nextCheck) {
            return;
        }
        nextCheck = count + 10_000;
        long now = System.nanoTime();
        if (now - lastPrint >= 1_000_000_000L) {
            lastPrint = now;
            double secs = (now - start) / 1e9;
            err.printf(java.util.Locale.ROOT, "\r%,d lines, %,.0f lines/s", count, count / secs);
            err.flush();
        }
    }

    void done() {
        if (enabled && lastPrint != start) {
            err.print("\r");
            err.flush();
        }
    }
}
