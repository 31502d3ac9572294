package io.flowaudit.flow.hubble;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads typed scalar values and string lists at the parser's current token, the way protobuf JSON allows them
 * (integers as numbers or as decimal strings), and turns a wrong type into a {@link BadValueException} that
 * names the JSON pointer of the value. Strings go through a {@link StringPool} and lists through a
 * {@link StringListCache}. One instance per reader; not thread-safe.
 */
final class ValueReader {
    private static final long MAX_UINT32 = 0xFFFF_FFFFL;
    private static final int MAX_SHOWN_VALUE = 60;

    // sized for clusters with tens of thousands of identities: misses allocate, and defeat identity caching
    private final StringPool strings = new StringPool(1 << 16);
    private final StringListCache lists = new StringListCache(1 << 15);
    private String[] scratch = new String[32];

    /** A string value, pooled. */
    String string(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw bad(p, "a string");
        }
        return strings.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    /** A string value that is not worth pooling because it never repeats (a uuid). */
    String uniqueString(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw bad(p, "a string");
        }
        return p.getText();
    }

    /** A {@code uint32}, given as a JSON number or a decimal string. */
    long unsigned32(JsonParser p) throws IOException {
        long value = integer(p);
        if (value < 0 || value > MAX_UINT32) {
            throw bad(p, "an unsigned 32-bit integer");
        }
        return value;
    }

    /** A {@code uint32} that this reader keeps in an {@code int} (ports, codes, TTL-like values). */
    int unsigned32AsInt(JsonParser p) throws IOException {
        long value = integer(p);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw bad(p, "an unsigned integer up to " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /** An {@code int32}, given as a JSON number or a decimal string. */
    int signed32(JsonParser p) throws IOException {
        long value = integer(p);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw bad(p, "a signed 32-bit integer");
        }
        return (int) value;
    }

    /** A JSON {@code true} or {@code false}. */
    boolean bool(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw bad(p, "true or false");
    }

    /** A timestamp string, as epoch nanoseconds. */
    long timestamp(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw bad(p, "an RFC 3339 timestamp string");
        }
        long nanos = Rfc3339.parseNanos(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        if (nanos == Rfc3339.INVALID) {
            throw bad(p, "an RFC 3339 timestamp such as 2026-05-12T08:14:03.155046564Z (years 1678 to 2261)");
        }
        return nanos;
    }

    /** An array of strings (JSON nulls in it are skipped), as a shared immutable list. */
    List<String> strings(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY, "an array of strings");
        int count = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            count = add(string(p), count);
        }
        return lists.listOf(scratch, count);
    }

    /**
     * Appends to the shared scratch array and returns the new count; together with {@link #listOfScratch}
     * this lets callers collect strings found deeper inside arrays of objects. Not reentrant.
     */
    int add(String value, int count) {
        if (count == scratch.length) {
            scratch = Arrays.copyOf(scratch, count * 2);
        }
        scratch[count] = value;
        return count + 1;
    }

    /** The first {@code count} strings collected with {@link #add}, as a shared immutable list. */
    List<String> listOfScratch(int count) {
        return lists.listOf(scratch, count);
    }

    /** Fails unless the current token is {@code expected}. */
    void expect(JsonParser p, JsonToken expected, String what) {
        if (p.currentToken() != expected) {
            throw bad(p, what);
        }
    }

    /** A value of the wrong type or range at the current token: names its JSON pointer and the value. */
    BadValueException bad(JsonParser p, String expected) {
        String where = p.getParsingContext().pathAsPointer().toString();
        return new BadValueException((where.isEmpty() ? "/" : where) + ": expected " + expected + ", found "
                + describe(p));
    }

    /** Describes the current token for an error message, quoting a short scalar value. */
    static String describe(JsonParser p) {
        JsonToken token = p.currentToken();
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_NULL:
                return "null";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return token.asString();
            default:
                try {
                    String text = p.getText();
                    String shown = text.length() > MAX_SHOWN_VALUE ? text.substring(0, MAX_SHOWN_VALUE) + "..." : text;
                    return token == JsonToken.VALUE_STRING ? "\"" + shown + "\"" : shown;
                } catch (IOException e) {
                    return token.toString();
                }
        }
    }

    private long integer(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            try {
                return p.getLongValue();
            } catch (InputCoercionException e) {
                throw bad(p, "an integer that fits in 64 bits");
            }
        }
        if (token == JsonToken.VALUE_STRING) {
            return decimal(p, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double value = p.getDoubleValue();
            if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
                return (long) value;
            }
        }
        throw bad(p, "an integer");
    }

    /** Decimal text of a 64-bit value such as {@code "40961"}, the protobuf JSON form of 64-bit integers. */
    private long decimal(JsonParser p, char[] text, int offset, int length) {
        boolean negative = length > 0 && text[offset] == '-';
        int start = negative ? offset + 1 : offset;
        int end = offset + length;
        if (start == end || end - start > 19) {
            throw bad(p, "an integer");
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                throw bad(p, "an integer");
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                throw bad(p, "an integer that fits in 64 bits");
            }
        }
        return negative ? -value : value;
    }
}
