package io.flowaudit.connect.hubble;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exporter file followed by name, as the Hubble tailer checklist asks: read from a handle; at its end, look at
 * the path: a different file key (inode) means the file was rotated, so read the old handle once more to its end,
 * then open the new file from its start; a size below the read position means it was truncated, so start again
 * at 0. A trailing line without its {@code \n} is held until the rest arrives (a rotated-away file's last partial
 * line is taken as it is, since nothing will complete it).
 *
 * <p>Positions are byte offsets; the source offset of a line is the position just after its {@code \n}, with the
 * file key, so a restarted task continues in the same file, or finds a rotated file by its key next to the path
 * and reads it to its end before the current one. Not thread-safe: the task thread uses it.
 */
final class TailedFile implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(TailedFile.class);
    private static final int CHUNK = 256 * 1024;

    /** Receives each complete line; returns false to stop for now (the line is consumed either way). */
    interface LineSink {
        /**
         * @param buf the buffer holding the line
         * @param offset where the line starts
         * @param length its length without {@code \n} (and without a {@code \r} before it)
         * @param start the file position of the line's first byte
         * @param end the file position after the line's {@code \n}
         * @param fileKey the key of the file the line is in
         */
        void line(byte[] buf, int offset, int length, long start, long end, String fileKey);

        /** A line longer than the limit was skipped. */
        void tooLong(long start, String fileKey);
    }

    private final Path path;
    private final int maxLineBytes;
    private FileChannel channel;
    private String key;
    /** The file position of the next byte to read from the handle. */
    private long readPos;
    private byte[] buf = new byte[CHUNK];
    private int begin;
    private int end;
    private boolean skippingLongLine;
    private boolean draining;
    private boolean waitLogged;

    /** Where a restart should begin, applied at the first open; null for none. */
    private String resumeKey;
    private long resumePos;
    private boolean startAtEnd;

    TailedFile(Path path, int maxLineBytes) {
        this.path = path;
        this.maxLineBytes = maxLineBytes;
    }

    /** Sets where the first open begins: a stored offset, else the file's end or start. */
    void resume(String fileKey, long position, boolean atEnd) {
        this.resumeKey = fileKey;
        this.resumePos = position;
        this.startAtEnd = atEnd;
    }

    Path path() {
        return path;
    }

    /**
     * Reads what is new and passes up to {@code maxLines} complete lines to the sink.
     *
     * @return the number of lines passed on
     */
    int read(LineSink sink, int maxLines) throws IOException {
        if (channel == null && !openFirst()) {
            return 0;
        }
        int lines = 0;
        while (true) {
            lines += emitLines(sink, maxLines - lines);
            if (lines >= maxLines) {
                return lines;
            }
            if (skippingLongLine || end - begin > maxLineBytes) {
                // no newline in the buffer: all of it belongs to the line being skipped
                if (!skippingLongLine) {
                    sink.tooLong(readPos - (end - begin), key);
                    LOGGER.warn("{}: skipping a line longer than {} bytes at position {}", path, maxLineBytes,
                            readPos - (end - begin));
                    skippingLongLine = true;
                }
                begin = end;
            }
            compact();
            int n = channel.read(ByteBuffer.wrap(buf, end, buf.length - end), readPos);
            if (n > 0) {
                end += n;
                readPos += n;
                continue;
            }
            if (!followPath(sink)) {
                return lines;
            }
        }
    }

    /** At the end of the handle: switches to a rotated or truncated file; false when there is nothing more. */
    private boolean followPath(LineSink sink) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return false; // renamed away, the new file not there yet: keep the old handle
        }
        String current = keyOf(attributes);
        if (!current.equals(key)) {
            if (!draining) {
                // a line may have been written between our last read and the rename: read the old handle again
                draining = true;
                return true;
            }
            if (end > begin && !skippingLongLine) {
                int length = trimCr(buf, begin, end - begin);
                sink.line(buf, begin, length, readPos - (end - begin), readPos, key);
            }
            LOGGER.info("{}: rotated (file {} read to position {}); following the new file", path, key, readPos);
            open(0, current);
            return true;
        }
        draining = false;
        if (attributes.size() < readPos) {
            LOGGER.warn("{}: truncated to {} bytes below read position {}; reading it again from the start", path,
                    attributes.size(), readPos);
            open(0, current);
            return true;
        }
        return false;
    }

    private boolean openFirst() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (!waitLogged) {
                LOGGER.info("{}: does not exist yet; waiting for it", path);
                waitLogged = true;
            }
            return false;
        }
        String current = keyOf(attributes);
        if (resumeKey == null) {
            open(startAtEnd ? attributes.size() : 0, current);
        } else if (resumeKey.equals(current)) {
            open(attributes.size() >= resumePos ? resumePos : 0, current);
        } else {
            Optional<Path> rotated = findByKey(resumeKey);
            if (rotated.isPresent()) {
                LOGGER.info("{}: rotated while stopped; reading {} from position {} first", path, rotated.get(),
                        resumePos);
                openOther(rotated.get(), resumePos, resumeKey);
            } else {
                LOGGER.warn("{}: the file of the stored offset ({} at position {}) is gone (rotated and deleted or"
                        + " compressed); starting the current file from its start", path, resumeKey, resumePos);
                open(0, current);
            }
        }
        return true;
    }

    private Optional<Path> findByKey(String wanted) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null) {
            return Optional.empty();
        }
        try (Stream<Path> siblings = Files.list(dir)) {
            return siblings.filter(Files::isRegularFile).filter(p -> {
                try {
                    return wanted.equals(keyOf(Files.readAttributes(p, BasicFileAttributes.class)));
                } catch (IOException e) {
                    return false;
                }
            }).findFirst();
        }
    }

    private void open(long position, String fileKey) throws IOException {
        openOther(path, position, fileKey);
    }

    private void openOther(Path file, long position, String fileKey) throws IOException {
        closeChannel();
        channel = FileChannel.open(file, StandardOpenOption.READ);
        key = fileKey;
        readPos = position;
        begin = 0;
        end = 0;
        skippingLongLine = false;
        draining = false;
    }

    private int emitLines(LineSink sink, int maxLines) {
        int lines = 0;
        while (lines < maxLines) {
            int newline = indexOf(buf, begin, end);
            if (newline < 0) {
                return lines;
            }
            long start = readPos - (end - begin);
            long after = start + (newline - begin) + 1;
            if (skippingLongLine) {
                skippingLongLine = false;
            } else {
                sink.line(buf, begin, trimCr(buf, begin, newline - begin), start, after, key);
                lines++;
            }
            begin = newline + 1;
        }
        return lines;
    }

    private void compact() {
        if (begin > 0) {
            System.arraycopy(buf, begin, buf, 0, end - begin);
            end -= begin;
            begin = 0;
        }
        if (buf.length - end < CHUNK / 4) {
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, 0, bigger, 0, end);
            buf = bigger;
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int trimCr(byte[] b, int offset, int length) {
        return length > 0 && b[offset + length - 1] == '\r' ? length - 1 : length;
    }

    /** The file's identity: device and inode where the platform has them. */
    static String keyOf(BasicFileAttributes attributes) {
        Object fileKey = attributes.fileKey();
        return fileKey != null ? fileKey.toString() : "created-" + attributes.creationTime().toMillis();
    }

    /** The key of the file at {@code path} now (tests). */
    static String keyOf(Path file) throws IOException {
        return keyOf(Files.readAttributes(file, BasicFileAttributes.class));
    }

    /** Source offset of a line end. */
    static Map<String, Object> offset(long position, String fileKey) {
        return Map.of(ExporterFileSource.OFFSET_POSITION, position, ExporterFileSource.OFFSET_FILE_KEY, fileKey);
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public void close() {
        try {
            closeChannel();
        } catch (IOException e) {
            LOGGER.debug("{}: closing failed", path, e);
        }
    }
}
