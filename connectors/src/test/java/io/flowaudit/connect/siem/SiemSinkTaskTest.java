package io.flowaudit.connect.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.flowaudit.connect.siem.RecordingHttpServer.Response;
import io.flowaudit.schemas.avro.Outcome;
import io.flowaudit.schemas.avro.Verdict;

/** The task end to end against a local bulk endpoint: dead letters, skips and redelivery. */
class SiemSinkTaskTest {

    private RecordingHttpServer server;
    private final SiemSinkTask task = new SiemSinkTask();

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingHttpServer(request -> Response.of(200, RecordingHttpServer.acceptAll(request)));
    }

    @AfterEach
    void stop() {
        task.stop();
        server.close();
    }

    private Map<String, String> props() {
        return SiemFixtures.httpProps("ecs", "elasticsearch-bulk", server.url("/_bulk"));
    }

    @Test
    void shouldSendPermanentFailuresToTheErrantRecordReporter() {
        FakeSinkTaskContext context = new FakeSinkTaskContext(true);
        task.initialize(context);
        task.start(props());
        server.respond(request -> Response.of(200, RecordingHttpServer.bulkResponse(201, 400)));
        SinkRecord alert = SiemFixtures.record("flowaudit.alerts", 0, 1, SiemFixtures.simpleAlert(1));
        SinkRecord denial = SiemFixtures.record("flowaudit.denials", 3, 2, SiemFixtures.denial());

        task.put(List.of(alert, denial));

        assertThat(context.errant).hasSize(1);
        assertThat(context.errant.get(0).getKey()).isSameAs(denial);
        assertThat(context.errant.get(0).getValue()).isInstanceOf(SiemRejectedException.class)
                .hasMessage("the SIEM rejected the event: bulk item status 400 mapper_parsing_exception: failed"
                        + " for test");
    }

    @Test
    void shouldFailTheTaskNamingTheRecordWhenThereIsNoDeadLetterQueueAndNoTolerance() {
        task.initialize(new FakeSinkTaskContext(false));
        task.start(props());
        server.respond(request -> Response.of(200, RecordingHttpServer.bulkResponse(400)));

        assertThatThrownBy(() -> task.put(List.of(SiemFixtures.record("flowaudit.denials", 3, 2,
                SiemFixtures.denial()))))
                .isInstanceOf(ConnectException.class)
                .hasMessageStartingWith("record flowaudit.denials/3/2 was rejected: the SIEM rejected the event:"
                        + " bulk item status 400");
    }

    @Test
    void shouldLogAndSkipRejectedRecordsUnderToleranceAllWithoutADeadLetterQueue() {
        task.initialize(new FakeSinkTaskContext(false));
        Map<String, String> props = props();
        props.put("errors.tolerance", "all");
        task.start(props);
        server.respond(request -> Response.of(200, RecordingHttpServer.bulkResponse(400)));

        task.put(List.of(SiemFixtures.record("flowaudit.denials", 3, 2, SiemFixtures.denial())));

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void shouldDeadLetterValuesThatAreNeitherAlertsNorVerdicts() {
        FakeSinkTaskContext context = new FakeSinkTaskContext(true);
        task.initialize(context);
        task.start(props());
        SinkRecord raw = SiemFixtures.record("flowaudit.alerts", 0, 9, new byte[] {1, 2, 3});

        task.put(List.of(raw));

        assertThat(server.requests()).isEmpty();
        assertThat(context.errant).extracting(Map.Entry::getKey).containsExactly(raw);
        assertThat(context.errant.get(0).getValue()).hasMessage("the value is a [B, not an Alert or a Verdict: set"
                + " value.converter=io.flowaudit.connect.siem.FlowauditAvroConverter");
    }

    @Test
    void shouldSkipTombstonesAndVerdictsThatAreNotDenials() {
        FakeSinkTaskContext context = new FakeSinkTaskContext(true);
        task.initialize(context);
        task.start(props());
        Verdict allowed = SiemFixtures.denial();
        allowed.setVerdict(Outcome.ALLOWED);

        task.put(List.of(SiemFixtures.record("flowaudit.alerts", 0, 1, null),
                SiemFixtures.record("flowaudit.verdicts", 0, 2, allowed)));

        assertThat(server.requests()).isEmpty();
        assertThat(context.errant).isEmpty();
    }

    @Test
    void shouldResendOnlyWhatDidNotArriveWhenConnectRedeliversAFailedBatch() {
        FakeSinkTaskContext context = new FakeSinkTaskContext(true);
        task.initialize(context);
        Map<String, String> props = props();
        props.put(SiemSinkConnectorConfig.BATCH_SIZE_CONFIG, "1");
        props.put(SiemSinkConnectorConfig.MAX_RETRIES_CONFIG, "0");
        task.start(props);
        // the second request fails, every other succeeds
        server.respond(request -> server.requests().size() == 2 ? Response.of(503, "{}")
                : Response.of(200, RecordingHttpServer.acceptAll(request)));
        List<SinkRecord> records = List.of(
                SiemFixtures.record("flowaudit.alerts", 0, 1, SiemFixtures.simpleAlert(1)),
                SiemFixtures.record("flowaudit.alerts", 0, 2, SiemFixtures.simpleAlert(2)));

        assertThatThrownBy(() -> task.put(records)).isInstanceOf(RetriableException.class);
        assertThat(context.timeouts).containsExactly(5L);
        task.put(records);

        assertThat(server.requests()).extracting(request -> request.lines().get(0)).containsExactly(
                "{\"create\":{\"_index\":\"logs-flowaudit-default\",\"_id\":\"flowaudit.alerts-0-1\"}}",
                "{\"create\":{\"_index\":\"logs-flowaudit-default\",\"_id\":\"flowaudit.alerts-0-2\"}}",
                "{\"create\":{\"_index\":\"logs-flowaudit-default\",\"_id\":\"flowaudit.alerts-0-2\"}}");
    }

    @Test
    void shouldSplitPutsIntoBatchesOfTheConfiguredSize() {
        task.initialize(new FakeSinkTaskContext(true));
        Map<String, String> props = props();
        props.put(SiemSinkConnectorConfig.BATCH_SIZE_CONFIG, "2");
        task.start(props);

        task.put(List.of(SiemFixtures.record("a", 0, 1, SiemFixtures.simpleAlert(1)),
                SiemFixtures.record("a", 0, 2, SiemFixtures.simpleAlert(2)),
                SiemFixtures.record("a", 0, 3, SiemFixtures.simpleAlert(3))));

        assertThat(server.requests()).extracting(request -> (request.lines().size() - 1) / 2).containsExactly(2, 1);
    }
}
