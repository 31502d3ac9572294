package io.flowaudit.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;

import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

import io.flowaudit.schemas.avro.PolicyDocument;

class PolicyDocumentTest {

    @Test
    void policyDocumentRoundTripsThroughBinaryEncoding() {
        PolicyDocument document = Samples.policyFromKubernetes();

        PolicyDocument decoded = AvroCodec.roundTrip(document, PolicyDocument.class);

        assertThat(decoded).isNotSameAs(document).isEqualTo(document);
        assertThat(decoded.getContent()).as("text kept byte for byte").isEqualTo(Samples.WEB_EGRESS_YAML);
        assertThat(decoded.getObservedAt()).isEqualTo(Instant.parse("2024-06-10T16:00:00.250Z"));
    }

    @Test
    void policyDocumentRoundTripsThroughSingleObjectEncoding() throws IOException {
        PolicyDocument document = Samples.policyFromKubernetes();

        ByteBuffer message = document.toByteBuffer();

        assertThat(AvroCodec.singleObjectMarker(message)).containsExactly(AvroCodec.SINGLE_OBJECT_MARKER);
        assertThat(AvroCodec.singleObjectFingerprint(message))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(PolicyDocument.getClassSchema()));
        assertThat(PolicyDocument.fromByteBuffer(message)).isEqualTo(document);
    }

    @Test
    void minimalPolicyDocumentTakesTheDefaultsAndRoundTrips() throws IOException {
        PolicyDocument document = Samples.minimalPolicyDocument();

        assertThat(document.getNamespace()).as("cluster-scoped").isNull();
        assertThat(document.getUid()).isNull();
        assertThat(document.getResourceVersion()).isNull();
        assertThat(AvroCodec.roundTrip(document, PolicyDocument.class)).isEqualTo(document);
        assertThat(PolicyDocument.fromByteBuffer(document.toByteBuffer())).isEqualTo(document);
    }
}
