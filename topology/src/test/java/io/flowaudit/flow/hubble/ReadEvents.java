package io.flowaudit.flow.hubble;

import io.flowaudit.flow.Flow;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers that collect what a reader produces. */
final class ReadEvents {
    private ReadEvents() {
    }

    /** All events of a text read through the {@code Reader} path. */
    static List<ReadEvent> of(HubbleJsonReader reader, String text) {
        List<ReadEvent> events = new ArrayList<>();
        try {
            reader.read(new StringReader(text), events::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** All events of a file. */
    static List<ReadEvent> of(Path file) {
        List<ReadEvent> events = new ArrayList<>();
        try {
            new HubbleJsonReader().read(file, events::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** The flow of an event that must be one. */
    static Flow flow(ReadEvent event) {
        if (event instanceof ReadEvent.ParsedFlow parsed) {
            return parsed.flow();
        }
        throw new AssertionError("expected a flow, got " + event);
    }
}
