package io.flowaudit.flow.hubble;

import io.flowaudit.flow.Flow;

import java.util.Objects;

/**
 * What one input line turned out to be. Each line yields exactly one event, in input order, so a caller can
 * write one output line per input line.
 */
public sealed interface ReadEvent
        permits ReadEvent.ParsedFlow, ReadEvent.SkippedEvent, ReadEvent.BlankLine, ReadEvent.BadLine {

    /** The line's 0-based index in its input. */
    long lineIndex();

    /** The 1-based line number, for messages. */
    default long lineNumber() {
        return lineIndex() + 1;
    }

    /**
     * A flow: a {@code {"flow":{...}}} envelope (even an empty, field-masked one) or a bare legacy Flow object.
     *
     * @param lineIndex 0-based line index
     * @param flow the parsed flow
     */
    record ParsedFlow(long lineIndex, Flow flow) implements ReadEvent {
        public ParsedFlow {
            Objects.requireNonNull(flow, "flow can't be null");
        }
    }

    /**
     * A well-formed non-flow event ({@code lost_events}, {@code node_status}, ...), skipped.
     *
     * @param lineIndex 0-based line index
     * @param kind which event it was
     */
    record SkippedEvent(long lineIndex, SkippedKind kind) implements ReadEvent {
        public SkippedEvent {
            Objects.requireNonNull(kind, "kind can't be null");
        }
    }

    /**
     * An empty or whitespace-only line, skipped silently.
     *
     * @param lineIndex 0-based line index
     */
    record BlankLine(long lineIndex) implements ReadEvent {
    }

    /**
     * A line that could not be read: not JSON, not a JSON object, an object of no known shape, or a value of
     * the wrong type.
     *
     * @param lineIndex 0-based line index
     * @param reason what is wrong, with the JSON pointer or column where that helps
     */
    record BadLine(long lineIndex, String reason) implements ReadEvent {
        public BadLine {
            Objects.requireNonNull(reason, "reason can't be null");
        }
    }
}
