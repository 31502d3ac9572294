package io.flowaudit.flow.hubble;

/**
 * Parses protobuf JSON timestamps ({@code 2026-05-12T08:14:03.155046564Z}) into nanoseconds since the epoch,
 * straight from the parser's character buffer.
 *
 * <p>Accepts 0 to 9 fractional digits (protojson writes 0, 3, 6 or 9), {@code Z} or a {@code +hh:mm}/{@code -hh:mm}
 * offset, and either case of {@code T} and {@code Z}. Years 1678 to 2261 fit in a {@code long} of nanoseconds;
 * anything outside is rejected, as is any malformed or impossible date.
 */
final class Rfc3339 {
    /** Returned for text that is not a valid timestamp; no valid timestamp maps to it. */
    static final long INVALID = Long.MIN_VALUE;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int[] SCALE = {
        1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1,
    };

    private Rfc3339() {
    }

    /** Returns the epoch nanoseconds of {@code text[offset, offset + length)}, or {@link #INVALID}. */
    static long parseNanos(char[] text, int offset, int length) {
        if (length < 20) {
            return INVALID;
        }
        int p = offset;
        int end = offset + length;
        int year = digits(text, p, 4);
        int month = digits(text, p + 5, 2);
        int day = digits(text, p + 8, 2);
        int hour = digits(text, p + 11, 2);
        int minute = digits(text, p + 14, 2);
        int second = digits(text, p + 17, 2);
        if ((year | month | day | hour | minute | second) < 0
                || text[p + 4] != '-' || text[p + 7] != '-' || (text[p + 10] | 0x20) != 't'
                || text[p + 13] != ':' || text[p + 16] != ':'
                || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
                || hour > 23 || minute > 59 || second > 59) {
            return INVALID;
        }
        p += 19;
        int fraction = 0;
        if (text[p] == '.') {
            int start = ++p;
            while (p < end && p - start < 10 && text[p] >= '0' && text[p] <= '9') {
                fraction = fraction * 10 + (text[p++] - '0');
            }
            int count = p - start;
            if (count == 0 || count > 9) {
                return INVALID;
            }
            fraction *= SCALE[count];
        }
        int offsetSeconds = zoneOffsetSeconds(text, p, end);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return INVALID;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second - offsetSeconds;
        try {
            return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), fraction);
        } catch (ArithmeticException e) {
            return INVALID;
        }
    }

    /** Seconds east of UTC, or {@code Integer.MIN_VALUE} when the rest of the text is not a zone. */
    private static int zoneOffsetSeconds(char[] text, int p, int end) {
        int left = end - p;
        if (left == 1 && (text[p] | 0x20) == 'z') {
            return 0;
        }
        if (left != 6 || (text[p] != '+' && text[p] != '-') || text[p + 3] != ':') {
            return Integer.MIN_VALUE;
        }
        int hours = digits(text, p + 1, 2);
        int minutes = digits(text, p + 4, 2);
        if (hours < 0 || minutes < 0 || hours > 23 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3_600 + minutes * 60;
        return text[p] == '-' ? -seconds : seconds;
    }

    private static int digits(char[] text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the usual era-based civil-date arithmetic). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }
}
