package io.flowaudit.connect.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.flowaudit.connect.hubble.api.flow.CiliumEventType;
import io.flowaudit.connect.hubble.api.flow.DropReason;
import io.flowaudit.connect.hubble.api.flow.Flow;
import io.flowaudit.connect.hubble.api.flow.Policy;
import io.flowaudit.connect.hubble.api.observer.GetFlowsResponse;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.schemas.avro.PolicyKind;
import io.flowaudit.schemas.avro.PolicyRef;
import io.flowaudit.streams.AvroFlows;

class ProtoFlowsTest {
    private static final JsonFormat.Parser LENIENT = JsonFormat.parser().ignoringUnknownFields();

    /** Every flow line of the shared corpus: the seed scenarios and the upstream samples. */
    private static List<String> corpus() throws IOException {
        List<String> lines = new ArrayList<>(TestFlows.lines(TestFlows.seedScenarios()));
        try (Stream<Path> files = Files.list(TestFlows.sharedDir().resolve("testdata/upstream-flows"))) {
            files.filter(f -> f.toString().endsWith(".jsonl")).sorted().forEach(f -> lines.addAll(TestFlows.lines(f)));
        }
        return lines;
    }

    @Test
    void shouldGiveTheSameFlowAsTheJsonReaderForEveryCorpusLine() throws Exception {
        HubbleJsonReader reader = new HubbleJsonReader();
        int compared = 0;
        for (String line : corpus()) {
            ReadEvent event = reader.parseLine(line, 0);
            if (!(event instanceof ReadEvent.ParsedFlow parsed)) {
                continue;
            }
            GetFlowsResponse response = envelope(line);
            // Given the same flow over gRPC (binary, as the stream carries it)
            GetFlowsResponse wire = GetFlowsResponse.parseFrom(response.toByteArray());
            // When mapped directly
            io.flowaudit.flow.Flow direct = ProtoFlows.toFlow(wire.getFlow(), wire.getNodeName(),
                    wire.hasTime() ? wire.getTime() : null);
            // Then it equals what the topology's JSON reader makes of the line
            assertThat(direct).as(line).isEqualTo(parsed.flow());
            assertThat(AvroFlows.toAvro(direct)).isEqualTo(AvroFlows.toAvro(parsed.flow()));
            compared++;
        }
        assertThat(compared).isGreaterThan(700);
    }

    /** A flow line as the message: an envelope, or a bare legacy Flow wrapped in one. */
    private static GetFlowsResponse envelope(String line) throws InvalidProtocolBufferException {
        GetFlowsResponse.Builder response = GetFlowsResponse.newBuilder();
        LENIENT.merge(line, response);
        if (!response.hasFlow()) {
            Flow.Builder flow = Flow.newBuilder();
            LENIENT.merge(line, flow);
            response.clear().setFlow(flow);
        }
        return response.build();
    }

    @Test
    void shouldFallBackFromDropReasonDescToTheNumericCodeAndTheDropEventSubType() {
        assertThat(ProtoFlows.toFlow(Flow.newBuilder().setDropReasonDesc(DropReason.POLICY_DENY).build(), "", null)
                .dropReason()).isEqualTo("POLICY_DENY");
        @SuppressWarnings("deprecation")
        Flow numeric = Flow.newBuilder().setDropReason(133).build();
        assertThat(ProtoFlows.toFlow(numeric, "", null).dropReason()).isEqualTo("POLICY_DENIED");
        Flow drop = Flow.newBuilder().setEventType(CiliumEventType.newBuilder().setType(1).setSubType(189)).build();
        assertThat(ProtoFlows.toFlow(drop, "", null).dropReason()).isEqualTo("AUTH_REQUIRED");
        Flow unknown = Flow.newBuilder().setDropReasonDescValue(250).build();
        assertThat(ProtoFlows.toFlow(unknown, "", null).dropReason()).isEqualTo("250");
    }

    @Test
    void shouldTakeTimeAndNodeFromTheEnvelopeWhenTheFlowHasNone() {
        GetFlowsResponse response = GetFlowsResponse.newBuilder().setFlow(Flow.getDefaultInstance())
                .setNodeName("kind-worker").setTime(ProtoFlows.timestamp(1_715_501_643_155_046_564L)).build();
        io.flowaudit.flow.Flow flow = ProtoFlows.toFlow(response.getFlow(), response.getNodeName(), response.getTime());
        assertThat(flow.nodeName()).isEqualTo("kind-worker");
        assertThat(flow.timeNanos()).isEqualTo(1_715_501_643_155_046_564L);
    }

    @Test
    void shouldCarryTheNumericDropReasonAndHubblesPolicyAttributionIntoTheAvroRecord() {
        Flow flow = Flow.newBuilder().setDropReasonDesc(DropReason.POLICY_DENY)
                .addEgressDeniedBy(Policy.newBuilder().setKind("CiliumNetworkPolicy").setNamespace("dev")
                        .setName("deny-world"))
                .addIngressAllowedBy(Policy.newBuilder().setKind("CiliumClusterwideNetworkPolicy").setName("base"))
                .build();
        io.flowaudit.schemas.avro.Flow avro = ProtoFlows.toAvro(GetFlowsResponse.newBuilder().setFlow(flow).build());
        assertThat(avro.getDropReasonCode()).isEqualTo(181);
        assertThat(avro.getEgressDeniedBy()).containsExactly(
                new PolicyRef(PolicyKind.CiliumNetworkPolicy, "dev", "deny-world"));
        assertThat(avro.getIngressAllowedBy()).containsExactly(
                new PolicyRef(PolicyKind.CiliumClusterwideNetworkPolicy, null, "base"));
        assertThat(avro.getEgressAllowedBy()).isEmpty();
    }

    @Test
    void shouldMapDropReasonNamesBackToTheirCodes() {
        assertThat(ProtoFlows.dropReasonCode("POLICY_DENIED")).isEqualTo(133);
        assertThat(ProtoFlows.dropReasonCode("250")).isEqualTo(250);
        assertThat(ProtoFlows.dropReasonCode("")).isZero();
        assertThat(ProtoFlows.dropReasonCode("SOME_FUTURE_REASON")).isZero();
    }

    @Test
    void shouldRoundTripTimestampsAtNanosecondPrecision() {
        long nanos = 1_715_501_643_155_046_564L;
        assertThat(ProtoFlows.nanos(ProtoFlows.timestamp(nanos))).isEqualTo(nanos);
        assertThat(ProtoFlows.nanos(ProtoFlows.timestamp(-1))).isEqualTo(-1);
    }
}
