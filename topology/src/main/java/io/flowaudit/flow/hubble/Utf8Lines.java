package io.flowaudit.flow.hubble;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it: each line is handed over as a range of a shared buffer,
 * so the JSON parser can read UTF-8 directly. Lines end at {@code \n}; a {@code \r} just before it is dropped.
 * A last line without {@code \n} is still a line. The buffer grows to fit the longest line: there is no line
 * length limit. Splitting before parsing means a broken line can never swallow the next one.
 */
final class Utf8Lines {
    private static final int INITIAL_BUFFER_BYTES = 1 << 16;

    /** Receives one line; the range is only valid during the call. */
    @FunctionalInterface
    interface LineHandler {
        void line(byte[] bytes, int offset, int length);
    }

    private Utf8Lines() {
    }

    /** Reads {@code in} to its end, calling {@code handler} once per line in order. */
    static void forEach(InputStream in, LineHandler handler) throws IOException {
        byte[] buffer = new byte[INITIAL_BUFFER_BYTES];
        int start = 0;
        int end = 0;
        while (true) {
            int newline;
            while ((newline = indexOfNewline(buffer, start, end)) >= 0) {
                handler.line(buffer, start, lengthWithoutCr(buffer, start, newline));
                start = newline + 1;
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                break;
            }
            end += read;
        }
        if (end > start) {
            handler.line(buffer, start, end - start);
        }
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lengthWithoutCr(byte[] bytes, int start, int newline) {
        return newline > start && bytes[newline - 1] == '\r' ? newline - 1 - start : newline - start;
    }
}
