package io.flowaudit.connect.hubble;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.flowaudit.connect.hubble.api.flow.LostEvent;
import io.flowaudit.connect.hubble.api.flow.LostEventSource;
import io.flowaudit.connect.hubble.api.observer.GetFlowsResponse;
import io.flowaudit.connect.hubble.api.relay.NodeState;
import io.flowaudit.connect.hubble.api.relay.NodeStatusEvent;

/** Recorded flows from the shared test data, as the gRPC messages Hubble would stream. */
public final class TestFlows {
    private static final JsonFormat.Parser STRICT = JsonFormat.parser();

    private TestFlows() {
    }

    /** The shared test data directory ({@code flowaudit.shared.dir}, set by the build). */
    public static Path sharedDir() {
        String dir = System.getProperty("flowaudit.shared.dir", "../../shared");
        return Path.of(dir).toAbsolutePath().normalize();
    }

    public static Path seedScenarios() {
        return sharedDir().resolve("testdata/flows/seed-scenarios.jsonl");
    }

    /** The lines of a JSON-lines file. */
    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code hubble observe -o json} line as the message, parsed strictly. */
    public static GetFlowsResponse parse(String json) {
        GetFlowsResponse.Builder response = GetFlowsResponse.newBuilder();
        try {
            STRICT.merge(json, response);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a GetFlowsResponse: " + e.getMessage() + ": " + json, e);
        }
        return response.build();
    }

    /** The 64 seed flows. */
    public static List<GetFlowsResponse> seedFlows() {
        return lines(seedScenarios()).stream().map(TestFlows::parse).toList();
    }

    /**
     * The seed flows with a {@code node_status} notice first and a {@code lost_events} notice (12 events) after the
     * tenth flow, as Relay would send them.
     */
    public static List<GetFlowsResponse> seedStream() {
        List<GetFlowsResponse> flows = seedFlows();
        List<GetFlowsResponse> stream = new ArrayList<>();
        stream.add(GetFlowsResponse.newBuilder().setNodeStatus(NodeStatusEvent.newBuilder()
                .setStateChange(NodeState.NODE_CONNECTED).addNodeNames("k8s-worker-1").addNodeNames("k8s-worker-2"))
                .setTime(flows.get(0).getTime()).build());
        for (int i = 0; i < flows.size(); i++) {
            stream.add(flows.get(i));
            if (i == 9) {
                stream.add(GetFlowsResponse.newBuilder().setLostEvents(LostEvent.newBuilder()
                        .setSource(LostEventSource.HUBBLE_RING_BUFFER).setNumEventsLost(12)
                        .setCpu(com.google.protobuf.Int32Value.of(3)))
                        .setNodeName("k8s-worker-1").setTime(flows.get(i).getTime()).build());
            }
        }
        return List.copyOf(stream);
    }
}
