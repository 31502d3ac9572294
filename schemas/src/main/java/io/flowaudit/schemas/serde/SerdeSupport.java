package io.flowaudit.schemas.serde;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;

/** Small pieces both serdes share: unsynchronized byte streams and error texts. */
final class SerdeSupport {

    private SerdeSupport() {
    }

    /**
     * Why a decode failed, with a hint when the cause is Avro's class trust check: the message Avro gives
     * ("Forbidden … This class is not trusted") does not say which switch fixes it.
     */
    static String reason(Throwable error) {
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SecurityException) {
                return text + " (Avro refuses classes from untrusted packages: start the JVM with"
                        + " -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.flowaudit.schemas.avro)";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return text;
    }

    /** The first {@code count} bytes in hex, to show what a rejected record starts with. */
    static String leadingBytes(byte[] data, int offset, int length, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(count, length); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(String.format(Locale.ROOT, "%02x", data[offset + i] & 0xff));
        }
        return out.toString();
    }

    /**
     * A growable byte buffer, reused per thread. {@code ByteArrayOutputStream} would do, but every one of its
     * writes takes a lock, and the encoders write field by field on the hot path.
     */
    static final class Output extends OutputStream {
        private byte[] buf = new byte[1024];
        private int count;

        void reset() {
            count = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int off, int len) {
            ensure(len);
            System.arraycopy(bytes, off, buf, count, len);
            count += len;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    /** An unsynchronized view of part of a byte array, for the same reason as {@link Output}. */
    static final class Input extends InputStream {
        private final byte[] data;
        private final int end;
        private int position;

        Input(byte[] data, int offset, int length) {
            this.data = data;
            this.position = offset;
            this.end = offset + length;
        }

        @Override
        public int read() {
            return position < end ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int n = Math.min(len, end - position);
            System.arraycopy(data, position, into, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += (int) skipped;
            return skipped;
        }

        @Override
        public int available() {
            return end - position;
        }
    }
}
