package io.flowaudit.flow.hubble;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.flowaudit.flow.Flow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads Hubble flow JSON, one object per line: {@code hubble observe -o json} output and Hubble exporter files
 * ({@code {"flow":{...},"node_name":...,"time":...}} per line), and legacy bare {@code Flow} objects.
 *
 * <p>Each input line yields exactly one {@link ReadEvent}, delivered in input order with its 0-based index:
 * <ul>
 *   <li>{@link ReadEvent.ParsedFlow} for a flow envelope (also a field-masked {@code {"flow":{}}}) or a bare
 *       Flow, recognised by any Flow member at the top level ({@code verdict}, {@code IP}, {@code time}, ...);</li>
 *   <li>{@link ReadEvent.SkippedEvent} for {@code node_status}, {@code lost_events}, {@code agent_event} and
 *       {@code debug_event} lines;</li>
 *   <li>{@link ReadEvent.BlankLine} for empty or whitespace-only lines;</li>
 *   <li>{@link ReadEvent.BadLine} for anything else: invalid JSON, a JSON value that is not an object, an
 *       object of none of the shapes above, or a member of the wrong type. A bad line never affects the next:
 *       lines are split first and parsed one by one.</li>
 * </ul>
 *
 * <p>Decoding follows protobuf JSON as Hubble writes it, leniently: proto field names and lowerCamelCase names
 * are both accepted, unknown members are ignored, integers may be numbers or decimal strings, enums may be
 * names or numbers (unknown ones become the zero value, or stay as text where the model keeps text). When a
 * flow has no {@code time} or {@code node_name} of its own, the envelope's are used. {@code is_reply} absent
 * is {@code UNKNOWN} unless the deprecated {@code "reply":true} is present. {@code drop_reason_desc} falls back
 * to the numeric {@code drop_reason}, and for drop events to {@code event_type.sub_type}, which carries the same
 * code. A missing {@code ipVersion} is inferred from the address form.
 *
 * <p>Not thread-safe: it keeps caches of recently seen strings and label lists. Use one reader per thread; it is
 * cheap to create.
 */
public final class HubbleJsonReader {
    /** Thread-safe and costly to set up, so shared by all readers. */
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int READ_BUFFER_SIZE = 1 << 16;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final ReadOptions options;
    private final LineParser lines = new LineParser();

    /** A lenient reader: bad lines are reported and skipped. */
    public HubbleJsonReader() {
        this(ReadOptions.lenient());
    }

    /**
     * @param options how to treat bad lines
     */
    public HubbleJsonReader(ReadOptions options) {
        this.options = Objects.requireNonNull(options, "options can't be null");
    }

    /**
     * Reads a UTF-8 file line by line, as {@link #read(InputStream, Consumer)} does; a name ending in
     * {@code .gz} (a compressed rotated exporter file) is decompressed.
     *
     * @param file the file to read
     * @param sink receives one event per line, in order
     * @return what was found
     * @throws IOException if the file cannot be read
     * @throws HubbleFormatException in strict mode, at the first bad line
     */
    public ReadStats read(Path file, Consumer<? super ReadEvent> sink) throws IOException {
        Objects.requireNonNull(file, "file can't be null");
        try (InputStream in = Files.newInputStream(file)) {
            boolean gzip = file.getFileName() != null && file.getFileName().toString().endsWith(".gz");
            return read(gzip ? new GZIPInputStream(in, READ_BUFFER_SIZE) : in, sink);
        }
    }

    /**
     * Reads UTF-8 lines from a stream, which is left open. Lines end at {@code \n} (a {@code \r} before it is
     * dropped); the bytes are parsed as UTF-8 without first being decoded to text, and there is no line length
     * limit. Invalid UTF-8 makes its line bad.
     *
     * @param in the stream to read
     * @param sink receives one event per line, in order
     * @return what was found
     * @throws IOException if the stream cannot be read
     * @throws HubbleFormatException in strict mode, at the first bad line (which is not passed to the sink)
     */
    public ReadStats read(InputStream in, Consumer<? super ReadEvent> sink) throws IOException {
        Objects.requireNonNull(in, "in can't be null");
        Delivery delivery = new Delivery(sink);
        Utf8Lines.forEach(in, (bytes, offset, length) -> {
            long index = delivery.nextIndex();
            int skip = index == 0 ? byteOrderMarkLength(bytes, offset, length) : 0;
            delivery.deliver(parseLine(bytes, offset + skip, length - skip, index));
        });
        return delivery.stats();
    }

    /**
     * Reads lines from a reader, which is left open. Lines end at {@code \n}, {@code \r\n} or {@code \r}, as
     * {@link BufferedReader#readLine()} splits them; there is no line length limit. Reading a file or stream
     * through {@link #read(InputStream, Consumer)} is faster, as it skips decoding to text.
     *
     * @param in the text to read
     * @param sink receives one event per line, in order
     * @return what was found
     * @throws IOException if the reader fails
     * @throws HubbleFormatException in strict mode, at the first bad line (which is not passed to the sink)
     */
    public ReadStats read(Reader in, Consumer<? super ReadEvent> sink) throws IOException {
        Objects.requireNonNull(in, "in can't be null");
        Delivery delivery = new Delivery(sink);
        BufferedReader buffered = in instanceof BufferedReader b ? b : new BufferedReader(in, READ_BUFFER_SIZE);
        for (String line = buffered.readLine(); line != null; line = buffered.readLine()) {
            long index = delivery.nextIndex();
            delivery.deliver(parseLine(index == 0 ? withoutByteOrderMark(line) : line, index));
        }
        return delivery.stats();
    }

    /**
     * Reads one line (without its line terminator). Never throws for bad content, whatever the options say.
     *
     * @param line the line's text
     * @param lineIndex the 0-based index to put in the event
     * @return the line's event
     */
    public ReadEvent parseLine(String line, long lineIndex) {
        Objects.requireNonNull(line, "line can't be null");
        if (line.isBlank()) {
            return new ReadEvent.BlankLine(lineIndex);
        }
        try (JsonParser p = JSON.createParser(line)) {
            return lines.parse(p, lineIndex);
        } catch (IOException e) {
            // creating or closing a parser over a String does no I/O
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one record given as UTF-8 bytes, such as a Kafka message value. Never throws for bad content.
     *
     * @param utf8 the record's bytes, one JSON object
     * @param lineIndex the 0-based index to put in the event (e.g. 0, or an offset)
     * @return the record's event
     */
    public ReadEvent parseLine(byte[] utf8, long lineIndex) {
        Objects.requireNonNull(utf8, "utf8 can't be null");
        return parseLine(utf8, 0, utf8.length, lineIndex);
    }

    /**
     * Reads one record given as a range of UTF-8 bytes. Never throws for bad content.
     *
     * @param utf8 a buffer holding the record
     * @param offset where the record starts
     * @param length the record's length in bytes
     * @param lineIndex the 0-based index to put in the event
     * @return the record's event
     */
    public ReadEvent parseLine(byte[] utf8, int offset, int length, long lineIndex) {
        Objects.requireNonNull(utf8, "utf8 can't be null");
        Objects.checkFromIndexSize(offset, length, utf8.length);
        if (isBlank(utf8, offset, length)) {
            return new ReadEvent.BlankLine(lineIndex);
        }
        try (JsonParser p = JSON.createParser(utf8, offset, length)) {
            return lines.parse(p, lineIndex);
        } catch (IOException e) {
            // creating or closing a parser over a byte array does no I/O
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one JSON record that must be a flow.
     *
     * @param json a flow envelope or a bare Flow object
     * @return the flow
     * @throws HubbleFormatException if the record is not a flow (a skipped event, blank, or bad)
     */
    public Flow parseFlow(String json) {
        return flowOf(parseLine(json, -1));
    }

    /**
     * Reads one UTF-8 JSON record that must be a flow.
     *
     * @param utf8 a flow envelope or a bare Flow object
     * @return the flow
     * @throws HubbleFormatException if the record is not a flow (a skipped event, blank, or bad)
     */
    public Flow parseFlow(byte[] utf8) {
        return flowOf(parseLine(utf8, -1));
    }

    private static Flow flowOf(ReadEvent event) {
        if (event instanceof ReadEvent.ParsedFlow parsed) {
            return parsed.flow();
        }
        if (event instanceof ReadEvent.SkippedEvent skipped) {
            throw new HubbleFormatException(0, "not a flow but a " + skipped.kind().jsonName() + " event");
        }
        if (event instanceof ReadEvent.BadLine bad) {
            throw new HubbleFormatException(0, bad.reason());
        }
        throw new HubbleFormatException(0, "blank input");
    }

    private static String withoutByteOrderMark(String line) {
        return !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
    }

    private static int byteOrderMarkLength(byte[] utf8, int offset, int length) {
        boolean bom = length >= 3 && utf8[offset] == (byte) 0xEF && utf8[offset + 1] == (byte) 0xBB
                && utf8[offset + 2] == (byte) 0xBF;
        return bom ? 3 : 0;
    }

    private static boolean isBlank(byte[] utf8, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = utf8[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Numbers lines, counts them, applies strict mode and passes events on. */
    private final class Delivery {
        private final Consumer<? super ReadEvent> sink;
        private final ReadStatsCounter stats = new ReadStatsCounter();
        private long index;

        Delivery(Consumer<? super ReadEvent> sink) {
            this.sink = Objects.requireNonNull(sink, "sink can't be null");
        }

        long nextIndex() {
            return index;
        }

        void deliver(ReadEvent event) {
            stats.count(event);
            if (options.strict() && event instanceof ReadEvent.BadLine bad) {
                throw new HubbleFormatException(bad.lineNumber(), bad.reason());
            }
            index++;
            sink.accept(event);
        }

        ReadStats stats() {
            return stats.snapshot();
        }
    }
}
