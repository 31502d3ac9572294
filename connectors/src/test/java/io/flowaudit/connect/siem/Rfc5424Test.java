package io.flowaudit.connect.siem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rfc5424Test {

    @Test
    void shouldCountOctetsNotCharactersInTheFrameLength() {
        byte[] frame = Rfc5424.frame(13, 3, "2024-05-01T12:05:00.456Z", "h", "app", "ID",
                "CEF:0|x|y|1|s|n|8|msg=grüße → ok");

        // 77 characters, 81 octets: ü, ß and → take 2, 2 and 3 bytes in UTF-8
        byte[] expected = ("81 <107>1 2024-05-01T12:05:00.456Z h app - ID - CEF:0|x|y|1|s|n|8|msg=grüße → ok")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(frame).isEqualTo(expected);
    }

    @Test
    void shouldWriteNoByteOrderMarkAndNoTrailingNewline() {
        byte[] frame = Rfc5424.frame(0, 0, "2024-01-01T00:00:00.000Z", "-", "a", "", "m");

        assertThat(new String(frame, StandardCharsets.US_ASCII))
                .isEqualTo("41 <0>1 2024-01-01T00:00:00.000Z - a - - - m");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "node-1;node-1",
        "has space;has_space",
        "tab\there;tab_here",
        "ünï;_n_",
    })
    void shouldReplaceCharactersOutsidePrintableAsciiInHeaderFields(String raw, String field) {
        assertThat(Rfc5424.headerField(raw, 255)).isEqualTo(field);
    }

    @Test
    void shouldCutMsgIdTo32Characters() {
        byte[] frame = Rfc5424.frame(1, 1, "t", "h", "a", "X".repeat(40), "m");

        assertThat(new String(frame, StandardCharsets.US_ASCII)).contains(" " + "X".repeat(32) + " - m");
    }

    @Test
    void shouldDeriveSyslogSeverityFromCefSeverityBands() {
        assertThat(new int[] {Severities.syslogSeverity(0), Severities.syslogSeverity(3), Severities.syslogSeverity(4),
            Severities.syslogSeverity(6), Severities.syslogSeverity(7), Severities.syslogSeverity(8),
            Severities.syslogSeverity(9), Severities.syslogSeverity(10)})
                .containsExactly(6, 6, 4, 4, 3, 3, 2, 2);
    }

    @Test
    void shouldDeriveOcsfSeverityIdFromCefSeverityBands() {
        assertThat(new int[] {Severities.ocsfSeverityId(3), Severities.ocsfSeverityId(4), Severities.ocsfSeverityId(5),
            Severities.ocsfSeverityId(8), Severities.ocsfSeverityId(10)})
                .containsExactly(1, 2, 3, 4, 5);
    }
}
