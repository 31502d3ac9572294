package io.flowaudit.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;

import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.flowaudit.schemas.avro.Alert;

class AlertTest {

    static Stream<Alert> realisticAlerts() {
        return Stream.of(Samples.missingDnsRuleAlert(), Samples.driftAlert());
    }

    @ParameterizedTest
    @MethodSource("realisticAlerts")
    void alertRoundTripsThroughBinaryEncoding(Alert alert) {
        Alert decoded = AvroCodec.roundTrip(alert, Alert.class);

        assertThat(decoded).isNotSameAs(alert).isEqualTo(alert);
        assertThat(decoded.getFirstSeen()).isEqualTo(alert.getFirstSeen());
        assertThat(decoded.getLastSeen()).isEqualTo(alert.getLastSeen());
    }

    @ParameterizedTest
    @MethodSource("realisticAlerts")
    void alertRoundTripsThroughSingleObjectEncoding(Alert alert) throws IOException {
        ByteBuffer message = alert.toByteBuffer();

        assertThat(AvroCodec.singleObjectMarker(message)).containsExactly(AvroCodec.SINGLE_OBJECT_MARKER);
        assertThat(AvroCodec.singleObjectFingerprint(message))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(Alert.getClassSchema()));
        assertThat(Alert.fromByteBuffer(message)).isEqualTo(alert);
    }

    @Test
    void minimalAlertTakesTheDefaultsAndRoundTrips() throws IOException {
        Alert alert = Samples.minimalAlert();

        assertThat(alert.getPolicies()).isEmpty();
        assertThat(alert.getSuggestedFix()).isNull();
        assertThat(alert.getCount()).isEqualTo(1L);
        assertThat(alert.getObservedVerdict()).isNull();
        assertThat(alert.getComputedVerdict()).isNull();
        assertThat(alert.getSampleFlowUuid()).isNull();
        assertThat(alert.getSubject().getNamespace()).isNull();
        assertThat(alert.getSubject().getPod()).isNull();
        assertThat(alert.getSubject().getWorkload()).isNull();
        assertThat(AvroCodec.roundTrip(alert, Alert.class)).isEqualTo(alert);
        assertThat(Alert.fromByteBuffer(alert.toByteBuffer())).isEqualTo(alert);
    }
}
