package io.flowaudit.connect.hubble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.flowaudit.connect.hubble.api.observer.GetFlowsRequest;
import io.flowaudit.connect.hubble.api.observer.GetFlowsResponse;
import io.flowaudit.connect.common.TestTaskContext;
import io.flowaudit.schemas.Topics;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;

/** The gRPC mode against an in-process Observer serving the recorded seed flows. */
class HubbleSourceTaskGrpcTest {
    private static final Deserializer<io.flowaudit.schemas.avro.Flow> FLOWS =
            Topics.embedded().flows().valueSerde().deserializer();

    private final List<GetFlowsResponse> stream = TestFlows.seedStream();
    private final List<GetFlowsResponse> flows = TestFlows.seedFlows();
    private final List<HubbleSourceTask> tasks = new ArrayList<>();
    private Server server;
    private String serverName;

    private void serve(io.grpc.BindableService observer) throws Exception {
        serverName = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(serverName).directExecutor().addService(observer).build().start();
    }

    private HubbleSourceTask start(TestTaskContext context) {
        HubbleSourceTask task = new HubbleSourceTask((target, config) ->
                InProcessChannelBuilder.forName(serverName).directExecutor().build());
        task.initialize(context);
        task.start(context.configs());
        tasks.add(task);
        return task;
    }

    private static Map<String, String> props(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("grpc.targets", "relay:4245",
                "grpc.reconnect.backoff.initial.ms", "10", "grpc.reconnect.backoff.max.ms", "50",
                "poll.timeout.ms", "50"));
        props.putAll(extra);
        return props;
    }

    @AfterEach
    void stop() {
        tasks.forEach(HubbleSourceTask::stop);
        if (server != null) {
            server.shutdownNow();
        }
    }

    private static List<SourceRecord> pollUntil(HubbleSourceTask task, int count) throws InterruptedException {
        List<SourceRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                records.addAll(batch);
            }
        }
        return records;
    }

    @Test
    void shouldStreamEveryFlowAsAnAvroRecordKeyedByNodeWithItsTimeAsOffset() throws Exception {
        FakeObserver observer = new FakeObserver(stream);
        serve(observer);
        HubbleSourceTask task = start(new TestTaskContext(props(Map.of(
                "grpc.allow.filters", "[{\"source_pod\":[\"dev/\"]}]", "grpc.deny.filters", "{\"verdict\":[\"ERROR\"]}",
                "grpc.field.mask", "time,uuid,node_name"))));

        List<SourceRecord> records = pollUntil(task, flows.size());

        assertThat(records).hasSize(flows.size());
        for (int i = 0; i < flows.size(); i++) {
            GetFlowsResponse expected = flows.get(i);
            SourceRecord record = records.get(i);
            assertThat(record.topic()).isEqualTo(Topics.FLOWS);
            assertThat(record.key()).isEqualTo(expected.getFlow().getNodeName());
            io.flowaudit.schemas.avro.Flow value = FLOWS.deserialize(Topics.FLOWS, (byte[]) record.value());
            assertThat(value.getUuid()).isEqualTo(expected.getFlow().getUuid());
            assertThat(value.getNodeName()).isEqualTo(record.key());
            assertThat(record.sourcePartition()).isEqualTo(Map.of("hubble.target", "relay:4245"));
            assertThat(record.sourceOffset()).isEqualTo(Map.of("time_nanos",
                    ProtoFlows.nanos(expected.getFlow().getTime()), "uuid", expected.getFlow().getUuid()));
        }
        // lost_events is a metric and a WARN line, node_status a notice: neither is a record
        assertThat(task.metrics().lostEvents.get()).isEqualTo(12);
        assertThat(task.metrics().lostEventNotices.get()).isEqualTo(1);
        assertThat(task.metrics().nodeStatusEvents.get()).isEqualTo(1);
        assertThat(task.metrics().flows.get()).isEqualTo(flows.size());

        GetFlowsRequest request = observer.requests().get(0);
        assertThat(request.getFollow()).isTrue();
        assertThat(request.hasSince()).as("first start: only new flows").isFalse();
        assertThat(request.getWhitelist(0).getSourcePodList()).containsExactly("dev/");
        assertThat(request.getBlacklistCount()).isEqualTo(1);
        assertThat(request.getFieldMask().getPathsList()).containsExactly("time", "uuid", "node_name");
    }

    @Test
    void shouldResumeAfterARestartFromTheCommittedFlowTime() throws Exception {
        FakeObserver observer = new FakeObserver(stream);
        serve(observer);
        TestTaskContext context = new TestTaskContext(props(Map.of()));
        HubbleSourceTask first = start(context);
        List<SourceRecord> before = pollUntil(first, 20);
        first.stop();
        // the worker committed the offsets of the first 20 records
        context.commit(before.subList(0, 20));

        HubbleSourceTask second = start(context);
        List<SourceRecord> after = pollUntil(second, flows.size() - 20);

        GetFlowsRequest resume = observer.requests().get(1);
        assertThat(ProtoFlows.nanos(resume.getSince())).isEqualTo(ProtoFlows.nanos(flows.get(19).getFlow().getTime()));
        assertThat(after).extracting(r -> (String) r.sourceOffset().get("uuid"))
                .containsExactlyElementsOf(flows.subList(20, flows.size()).stream()
                        .map(f -> f.getFlow().getUuid()).toList());
    }

    @Test
    void shouldReconnectWithBackoffWhenTheServerEndsTheStreamAndMissNothing() throws Exception {
        // every stream ends after 15 responses: the task must come back each time with `since`
        FakeObserver observer = new FakeObserver(stream).endEachStreamAfter(15);
        serve(observer);
        HubbleSourceTask task = start(new TestTaskContext(props(Map.of())));

        List<SourceRecord> records = pollUntil(task, flows.size());

        assertThat(records).extracting(r -> (String) r.sourceOffset().get("uuid"))
                .containsExactlyElementsOf(flows.stream().map(f -> f.getFlow().getUuid()).toList());
        assertThat(task.metrics().reconnects.get()).isGreaterThanOrEqualTo(4);
        assertThat(observer.requests().get(1).hasSince()).isTrue();
    }

    @Test
    void shouldHoldTheServerBackWhileTheQueueIsFullAndLoseNothing() throws Exception {
        int n = 5_000;
        serve(new FakeObserver(() -> HubbleSourceBenchmark.generate(flows, n)));
        HubbleSourceTask task = start(new TestTaskContext(props(Map.of("grpc.queue.capacity", "1000",
                "poll.max.records", "100", "grpc.initial.lookback.ms", String.valueOf(Duration.ofDays(3650)
                        .toMillis())))));

        List<SourceRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < n && System.nanoTime() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                assertThat(batch.size()).isLessThanOrEqualTo(100);
                records.addAll(batch);
            }
            Thread.sleep(1); // a worker slower than the server: the queue fills, the stream stalls and resumes
        }

        assertThat(records).extracting(r -> (String) r.sourceOffset().get("uuid"))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, n).mapToObj(i -> "bench-" + i).toList());
    }

    @Test
    void shouldKeepRetryingWhileTheServerIsUnavailable() throws Exception {
        serve(new FailingObserver(Status.UNAVAILABLE, 3, stream));
        // the recorded flows are months old: look back far enough for the reconnects' `since` to include them
        HubbleSourceTask task = start(new TestTaskContext(props(Map.of("grpc.initial.lookback.ms",
                String.valueOf(Duration.ofDays(3650).toMillis())))));

        assertThat(pollUntil(task, flows.size())).hasSize(flows.size());
        assertThat(task.metrics().reconnects.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldFailTheTaskWhenHubbleRejectsTheRequest() throws Exception {
        serve(new FailingObserver(Status.INVALID_ARGUMENT.withDescription("bad filter"), Integer.MAX_VALUE, stream));
        HubbleSourceTask task = start(new TestTaskContext(props(Map.of())));

        assertThatThrownBy(() -> {
            for (int i = 0; i < 200; i++) {
                task.poll();
            }
        }).isInstanceOf(ConnectException.class).hasMessageContaining("bad filter");
    }

    /** Fails the first calls with a status, then serves normally. */
    private static final class FailingObserver extends io.flowaudit.connect.hubble.api.observer.ObserverGrpc
            .ObserverImplBase {
        private final Status status;
        private final FakeObserver then;
        private int failuresLeft;

        FailingObserver(Status status, int failures, List<GetFlowsResponse> responses) {
            this.status = status;
            this.failuresLeft = failures;
            this.then = new FakeObserver(responses);
        }

        @Override
        public synchronized void getFlows(GetFlowsRequest request, StreamObserver<GetFlowsResponse> observer) {
            if (failuresLeft-- > 0) {
                observer.onError(status.asRuntimeException());
            } else {
                then.getFlows(request, observer);
            }
        }
    }
}
