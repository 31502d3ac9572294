package io.flowaudit.connect.hubble;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.util.JsonFormat;

import io.flowaudit.connect.hubble.api.flow.Flow;
import io.flowaudit.connect.hubble.api.flow.LostEventSource;
import io.flowaudit.connect.hubble.api.observer.GetFlowsRequest;
import io.flowaudit.connect.hubble.api.observer.GetFlowsResponse;
import io.flowaudit.connect.hubble.api.observer.ObserverGrpc;
import io.flowaudit.connect.hubble.api.relay.NodeState;

/**
 * The generated API keeps Hubble's names, numbers and packages (checked field by field against the v1.19.4 protos
 * when they were written; these are the facts a renumbering would break first).
 */
class ObserverApiTest {
    @Test
    void shouldCallHubblesMethod() {
        assertThat(ObserverGrpc.getGetFlowsMethod().getFullMethodName()).isEqualTo("observer.Observer/GetFlows");
    }

    @Test
    void shouldKeepUpstreamFieldNumbersAndNames() {
        Descriptor flow = Flow.getDescriptor();
        assertThat(flow.getFullName()).isEqualTo("flow.Flow");
        assertThat(flow.findFieldByName("uuid").getNumber()).isEqualTo(34);
        assertThat(flow.findFieldByName("IP").getNumber()).isEqualTo(5);
        assertThat(flow.findFieldByName("Summary").getNumber()).isEqualTo(100000);
        assertThat(flow.findFieldByName("egress_denied_by").getNumber()).isEqualTo(21004);
        Descriptor response = GetFlowsResponse.getDescriptor();
        assertThat(response.findFieldByName("node_name").getNumber()).isEqualTo(1000);
        assertThat(response.findFieldByName("lost_events").getNumber()).isEqualTo(3);
        assertThat(GetFlowsRequest.getDescriptor().findFieldByName("since").getNumber()).isEqualTo(7);
    }

    @Test
    void shouldReadTheDocumentedNoticeLinesStrictly() throws Exception {
        GetFlowsResponse.Builder lost = GetFlowsResponse.newBuilder();
        JsonFormat.parser().merge("{\"lost_events\":{\"source\":\"HUBBLE_RING_BUFFER\",\"num_events_lost\":\"12\","
                + "\"cpu\":3},\"node_name\":\"k8s-worker-1\",\"time\":\"2026-05-12T08:15:00.000412Z\"}", lost);
        assertThat(lost.getLostEvents().getSource()).isEqualTo(LostEventSource.HUBBLE_RING_BUFFER);
        assertThat(lost.getLostEvents().getNumEventsLost()).isEqualTo(12);

        GetFlowsResponse.Builder status = GetFlowsResponse.newBuilder();
        JsonFormat.parser().merge("{\"node_status\":{\"state_change\":\"NODE_UNAVAILABLE\",\"node_names\":"
                + "[\"k8s-worker-2\"],\"message\":\"connection refused\"},\"time\":\"2026-05-12T08:15:01.500Z\"}", status);
        assertThat(status.getNodeStatus().getStateChange()).isEqualTo(NodeState.NODE_UNAVAILABLE);
    }
}
