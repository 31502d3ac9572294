package io.flowaudit.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.stream.Stream;

import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.flowaudit.schemas.avro.Endpoint;
import io.flowaudit.schemas.avro.Flow;
import io.flowaudit.schemas.avro.FlowType;
import io.flowaudit.schemas.avro.HubbleVerdict;
import io.flowaudit.schemas.avro.IpVersion;
import io.flowaudit.schemas.avro.L4Protocol;
import io.flowaudit.schemas.avro.TraceReason;
import io.flowaudit.schemas.avro.TrafficDirection;

class FlowTest {

    static Stream<Flow> realisticFlows() {
        return Stream.of(
                Samples.tcpDeniedAtIngress(),
                Samples.icmpEchoDeniedAtEgress(),
                Samples.httpRequestThroughProxy(),
                Samples.dnsAnswer());
    }

    @ParameterizedTest
    @MethodSource("realisticFlows")
    void flowRoundTripsThroughBinaryEncoding(Flow flow) {
        Flow decoded = AvroCodec.roundTrip(flow, Flow.class);

        assertThat(decoded).isNotSameAs(flow).isEqualTo(flow);
    }

    @ParameterizedTest
    @MethodSource("realisticFlows")
    void flowRoundTripsThroughSingleObjectEncoding(Flow flow) throws IOException {
        ByteBuffer message = flow.toByteBuffer();

        assertThat(AvroCodec.singleObjectMarker(message)).containsExactly(AvroCodec.SINGLE_OBJECT_MARKER);
        assertThat(AvroCodec.singleObjectFingerprint(message))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(Flow.getClassSchema()));
        assertThat(Flow.fromByteBuffer(message)).isEqualTo(flow);
    }

    @Test
    void minimalFlowTakesTheDefaults() {
        Flow flow = Samples.minimalFlow();

        assertThat(flow.getVerdict()).isEqualTo(HubbleVerdict.VERDICT_UNKNOWN);
        assertThat(flow.getDropReasonName()).isEmpty();
        assertThat(flow.getDropReasonCode()).isZero();
        assertThat(flow.getFlowType()).isEqualTo(FlowType.UNKNOWN_TYPE);
        assertThat(flow.getTrafficDirection()).isEqualTo(TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN);
        assertThat(flow.getIsReply()).as("unknown, not false").isNull();
        assertThat(flow.getTraceReason()).isEqualTo(TraceReason.TRACE_REASON_UNKNOWN);
        assertThat(flow.getIpVersion()).isEqualTo(IpVersion.IP_NOT_USED);
        assertThat(flow.getSourceIp()).isEmpty();
        assertThat(flow.getL4Protocol()).isEqualTo(L4Protocol.NONE);
        assertThat(flow.getTcpFlags()).isZero();
        assertThat(flow.getSource()).isEqualTo(Endpoint.newBuilder().build());
        assertThat(flow.getSource().getIdentity()).isZero();
        assertThat(flow.getSource().getLabels()).isEmpty();
        assertThat(flow.getDestination()).isEqualTo(Endpoint.newBuilder().build());
        assertThat(flow.getDestinationNames()).isEmpty();
        assertThat(flow.getDestinationService()).isNull();
        assertThat(flow.getNodeLabels()).isEmpty();
        assertThat(flow.getL7()).isNull();
        assertThat(flow.getEgressAllowedBy()).isEmpty();
        assertThat(flow.getIngressAllowedBy()).isEmpty();
        assertThat(flow.getEgressDeniedBy()).isEmpty();
        assertThat(flow.getIngressDeniedBy()).isEmpty();
    }

    @Test
    void minimalFlowRoundTripsThroughBothEncodings() throws IOException {
        Flow flow = Samples.minimalFlow();

        assertThat(AvroCodec.roundTrip(flow, Flow.class)).isEqualTo(flow);
        assertThat(Flow.fromByteBuffer(flow.toByteBuffer())).isEqualTo(flow);
    }

    @Test
    void absentPartsCostOneByteEach() {
        int encodedBytes = AvroCodec.encode(Samples.minimalFlow(), Flow.class).length;
        // uuid and node name: a length byte each plus the text; the time: a 9-byte zig-zag varint.
        int identifying = 1 + Samples.FLOW_UUID.length() + 9 + 1 + Samples.NODE.length();
        int defaultedFields = Flow.getClassSchema().getFields().size() - 3 - 2
                + 2 * Endpoint.getClassSchema().getFields().size();

        assertThat(encodedBytes).isEqualTo(identifying + defaultedFields);
    }
}
