package io.flowaudit.flow.hubble;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3339Test {
    private static long parse(String text) {
        return Rfc3339.parseNanos(text.toCharArray(), 0, text.length());
    }

    @ParameterizedTest
    @CsvSource({
        "1970-01-01T00:00:00Z, 0",
        "1970-01-01T00:00:01Z, 1000000000",
        "1970-01-01T00:00:00.1Z, 100000000",
        "1970-01-01T00:00:00.12Z, 120000000",
        "1970-01-01T00:00:00.120Z, 120000000",
        "1970-01-01T00:00:00.1234Z, 123400000",
        "1970-01-01T00:00:00.426177Z, 426177000",
        "1970-01-01T00:00:00.12345678Z, 123456780",
        "2026-05-12T08:14:03.155046564Z, 1778573643155046564",
        "2026-05-12t08:14:03.155046564z, 1778573643155046564",
        "2026-05-12T10:14:03.155046564+02:00, 1778573643155046564",
        "2026-05-12T03:44:03.155046564-04:30, 1778573643155046564",
        "1969-12-31T23:59:59.999999999Z, -1",
        "2024-02-29T00:00:00Z, 1709164800000000000",
        "2000-02-29T12:00:00Z, 951825600000000000",
    })
    void parsesZeroToNineFractionalDigitsAndOffsets(String text, long nanos) {
        assertThat(parse(text)).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "2026-05-12", "2026-05-12T08:14:03", "2026-05-12 08:14:03Z", "2026-05-12T08:14:03.Z",
        "2026-05-12T08:14:03.1234567890Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-05-12T24:00:00Z", "2026-05-12T08:60:00Z",
        "2026-05-12T08:14:60Z", "2026-05-12T08:14:03+0200", "2026-05-12T08:14:03+24:00", "2026-05-12T08:14:03ZZ",
        "2026-05-12T08:14:03.1a3Z", "+2026-05-12T08:14:03Z", "2026-5-12T08:14:03Z", "1600-01-01T00:00:00Z",
        "2300-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
    })
    void rejectsMalformedOrUnrepresentableTimestamps(String text) {
        assertThat(parse(text)).isEqualTo(Rfc3339.INVALID);
    }

    @Property(tries = 2000)
    void agreesWithJavaTimeForAnyInstant(@ForAll @LongRange(min = -9_000_000_000L, max = 9_200_000_000L) long seconds,
                                         @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
                                         @ForAll @IntRange(min = -18 * 60, max = 18 * 60) int offsetMinutes) {
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        String text = OffsetDateTime.ofInstant(instant, ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);

        assertThat(parse(text)).isEqualTo(seconds * 1_000_000_000L + nanos);
    }
}
