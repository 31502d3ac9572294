package io.flowaudit.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import io.flowaudit.schemas.avro.DirectionVerdict;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.PeerSummary;
import io.flowaudit.schemas.avro.Verdict;

class VerdictTest {

    @Test
    void verdictRoundTripsThroughBinaryEncoding() {
        Verdict verdict = Samples.deniedVerdict();

        Verdict decoded = AvroCodec.roundTrip(verdict, Verdict.class);

        assertThat(decoded).isNotSameAs(verdict).isEqualTo(verdict);
    }

    @Test
    void verdictRoundTripsThroughSingleObjectEncoding() throws IOException {
        Verdict verdict = Samples.deniedVerdict();

        ByteBuffer message = verdict.toByteBuffer();

        assertThat(AvroCodec.singleObjectMarker(message)).containsExactly(AvroCodec.SINGLE_OBJECT_MARKER);
        assertThat(AvroCodec.singleObjectFingerprint(message))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(Verdict.getClassSchema()));
        assertThat(Verdict.fromByteBuffer(message)).isEqualTo(verdict);
    }

    @Test
    void minimalVerdictTakesTheDefaultsAndRoundTrips() throws IOException {
        Verdict verdict = Samples.minimalVerdict();

        assertThat(verdict.getEgress()).isEqualTo(DirectionVerdict.NOT_EVALUATED);
        assertThat(verdict.getIngress()).isEqualTo(DirectionVerdict.NOT_EVALUATED);
        assertThat(verdict.getReason()).isEmpty();
        assertThat(verdict.getReasonText()).isEmpty();
        assertThat(verdict.getDecidingPolicies()).isEmpty();
        assertThat(verdict.getObservedVerdict()).isEqualTo(HubbleVerdict.VERDICT_UNKNOWN);
        assertThat(verdict.getProtocol()).isEqualTo(L4Protocol.NONE);
        assertThat(verdict.getSource()).isEqualTo(new PeerSummary(null, null, 0, "", 0));
        assertThat(AvroCodec.roundTrip(verdict, Verdict.class)).isEqualTo(verdict);
        assertThat(Verdict.fromByteBuffer(verdict.toByteBuffer())).isEqualTo(verdict);
    }
}
