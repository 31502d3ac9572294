package io.flowaudit.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import io.flowaudit.schemas.avro.DirectionVerdict;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.WhatIfDiff;

class WhatIfDiffTest {

    @Test
    void whatIfDiffRoundTripsThroughBinaryEncoding() {
        WhatIfDiff diff = Samples.newlyDeniedDiff();

        WhatIfDiff decoded = AvroCodec.roundTrip(diff, WhatIfDiff.class);

        assertThat(decoded).isNotSameAs(diff).isEqualTo(diff);
    }

    @Test
    void whatIfDiffRoundTripsThroughSingleObjectEncoding() throws IOException {
        WhatIfDiff diff = Samples.newlyDeniedDiff();

        ByteBuffer message = diff.toByteBuffer();

        assertThat(AvroCodec.singleObjectMarker(message)).containsExactly(AvroCodec.SINGLE_OBJECT_MARKER);
        assertThat(AvroCodec.singleObjectFingerprint(message))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(WhatIfDiff.getClassSchema()));
        assertThat(WhatIfDiff.fromByteBuffer(message)).isEqualTo(diff);
    }

    @Test
    void minimalWhatIfDiffTakesTheDefaultsAndRoundTrips() throws IOException {
        WhatIfDiff diff = Samples.minimalWhatIfDiff();

        assertThat(diff.getBaseline().getEgress()).isEqualTo(DirectionVerdict.NOT_EVALUATED);
        assertThat(diff.getBaseline().getReason()).isEmpty();
        assertThat(diff.getCandidate().getDecidingPolicies()).isEmpty();
        assertThat(diff.getProtocol()).isEqualTo(L4Protocol.NONE);
        assertThat(AvroCodec.roundTrip(diff, WhatIfDiff.class)).isEqualTo(diff);
        assertThat(WhatIfDiff.fromByteBuffer(diff.toByteBuffer())).isEqualTo(diff);
    }
}
