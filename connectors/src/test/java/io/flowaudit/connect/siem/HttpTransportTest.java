package io.flowaudit.connect.siem;

import io.flowaudit.connect.common.Backoff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.flowaudit.connect.siem.RecordingHttpServer.Response;

/** The HTTP transport against a local server: what arrives, and what happens on each kind of failure. */
class HttpTransportTest {

    private RecordingHttpServer server;
    private final Recorder recorder = new Recorder();
    private final SiemSinkConnectorConfig ecsConfig = SiemFixtures.config(SiemFixtures.httpProps("ecs",
            "elasticsearch-bulk", "http://127.0.0.1:1/_bulk"));
    private final EcsEncoder ecs = new EcsEncoder(SiemFixtures.VERSION, ecsConfig);

    @BeforeEach
    void startServer() throws Exception {
        server = new RecordingHttpServer(request -> Response.of(200, RecordingHttpServer.acceptAll(request)));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void shouldPostBulkNdjsonWithCreateActionsStableIdsAndApiKeyAuth() throws Exception {
        Map<String, String> props = SiemFixtures.httpProps("ecs", "elasticsearch-bulk", server.url("/_bulk"));
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TYPE_CONFIG, "apikey");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TOKEN_CONFIG, "aWQ6a2V5");
        Transport transport = SiemSinkTask.transport(SiemFixtures.config(props), SiemFixtures.VERSION, recorder);
        List<EncodedEvent> events = List.of(alertEvent(1), denialEvent(2));

        transport.send(events, recorder);

        assertThat(server.requests()).hasSize(1);
        RecordingHttpServer.Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/_bulk");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-ndjson");
        assertThat(request.header("Authorization")).isEqualTo("ApiKey aWQ6a2V5");
        assertThat(request.header("User-Agent")).isEqualTo("flowaudit-siem-sink/1.2.3");
        assertThat(request.lines()).containsExactly(
                "{\"create\":{\"_index\":\"logs-flowaudit-default\",\"_id\":\"flowaudit.alerts-0-1\"}}",
                text(events.get(0)),
                "{\"create\":{\"_index\":\"logs-flowaudit-default\",\"_id\":\"flowaudit.denials-0-2\"}}",
                text(events.get(1)),
                "");
        assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1", "flowaudit.denials-0-2");
        assertThat(recorder.rejected).isEmpty();
    }

    @Test
    void shouldSendBasicCredentialsWhenConfigured() throws Exception {
        Map<String, String> props = SiemFixtures.httpProps("ecs", "elasticsearch-bulk", server.url("/_bulk"));
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TYPE_CONFIG, "basic");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_USERNAME_CONFIG, "elastic");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_PASSWORD_CONFIG, "pä55:word");
        Transport transport = SiemSinkTask.transport(SiemFixtures.config(props), SiemFixtures.VERSION, recorder);

        transport.send(List.of(alertEvent(1)), recorder);

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("elastic:pä55:word".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldRetryOn503WithExponentialBackoffUntilAccepted() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(request -> calls.incrementAndGet() <= 2 ? Response.of(503, "{\"error\":\"busy\"}")
                : Response.of(200, RecordingHttpServer.acceptAll(request)));
        Transport transport = bulkTransport(5, new Backoff(100, 10_000, () -> 0.0));

        transport.send(List.of(alertEvent(1), alertEvent(2)), recorder);

        assertThat(server.requests()).hasSize(3);
        assertThat(server.requests()).extracting(RecordingHttpServer.Request::bodyText)
                .containsOnly(server.requests().get(0).bodyText());
        assertThat(recorder.sleeps).containsExactly(100L, 200L);
        assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1", "flowaudit.alerts-0-2");
    }

    @Test
    void shouldWaitAsLongAsRetryAfterAsksUpToTheMaximum() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(request -> switch (calls.incrementAndGet()) {
            case 1 -> new Response(429, "{}", Map.of("Retry-After", "2"));
            case 2 -> new Response(503, "{}", Map.of("Retry-After", "3600"));
            default -> Response.of(200, RecordingHttpServer.acceptAll(request));
        });
        Transport transport = bulkTransport(5, new Backoff(100, 5_000, () -> 0.0));

        transport.send(List.of(alertEvent(1)), recorder);

        assertThat(recorder.sleeps).containsExactly(2_000L, 5_000L);
        assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1");
    }

    @Test
    void shouldJitterBackoffByUpToHalfTheWait() {
        Backoff backoff = new Backoff(1_000, 60_000, () -> 0.999);

        assertThat(backoff.delayMs(0)).isEqualTo(501L);
        assertThat(backoff.delayMs(3)).isEqualTo(4_004L);
        assertThat(backoff.delayMs(40)).isEqualTo(30_030L);
    }

    @Test
    void shouldGiveTheBatchBackToConnectWhenRetriesRunOut() {
        server.respond(request -> Response.of(500, "{\"error\":\"down\"}"));
        Transport transport = bulkTransport(2, new Backoff(100, 10_000, () -> 0.0));

        assertThatThrownBy(() -> transport.send(List.of(alertEvent(1)), recorder))
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("failed 3 time(s) in a row, last with HTTP 500");
        assertThat(server.requests()).hasSize(3);
        assertThat(recorder.sleeps).containsExactly(100L, 200L);
        assertThat(recorder.delivered).isEmpty();
        assertThat(recorder.rejected).isEmpty();
    }

    @Test
    void shouldRetryWhenTheConnectionDropsWithoutAnAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(request -> calls.incrementAndGet() == 1 ? Response.dropConnection()
                : Response.of(200, RecordingHttpServer.acceptAll(request)));
        Transport transport = bulkTransport(3, new Backoff(10, 100, () -> 0.0));

        transport.send(List.of(alertEvent(1)), recorder);

        assertThat(server.requests()).hasSize(2);
        assertThat(recorder.sleeps).containsExactly(10L);
        assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1");
    }

    @Test
    void shouldResendOnlyTheThrottledItemsAndRejectTheInvalidOneOfABulkResponse() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(request -> calls.incrementAndGet() == 1
                ? Response.of(200, RecordingHttpServer.bulkResponse(201, 409, 429, 400))
                : Response.of(200, RecordingHttpServer.acceptAll(request)));
        Transport transport = bulkTransport(3, new Backoff(10, 100, () -> 0.0));
        List<EncodedEvent> events = List.of(alertEvent(1), alertEvent(2), alertEvent(3), alertEvent(4));

        transport.send(events, recorder);

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(1).lines()).containsExactly(
                "{\"create\":{\"_index\":\"logs-flowaudit-default\",\"_id\":\"flowaudit.alerts-0-3\"}}",
                text(events.get(2)), "");
        assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1", "flowaudit.alerts-0-2",
                "flowaudit.alerts-0-3");
        assertThat(recorder.rejected).hasSize(1);
        assertThat(recorder.rejected.get(0).getKey()).isEqualTo("flowaudit.alerts-0-4");
        assertThat(recorder.rejected.get(0).getValue())
                .isEqualTo("bulk item status 400 mapper_parsing_exception: failed for test");
    }

    @Test
    void shouldRejectEveryEventOfABatchAnswered400() throws Exception {
        server.respond(request -> Response.of(400, "{\"error\":{\"type\":\"parse_exception\"},\"status\":400}"));
        Transport transport = bulkTransport(3, new Backoff(10, 100, () -> 0.0));

        transport.send(List.of(alertEvent(1), alertEvent(2)), recorder);

        assertThat(server.requests()).hasSize(1);
        assertThat(recorder.rejected).extracting(Map.Entry::getKey)
                .containsExactly("flowaudit.alerts-0-1", "flowaudit.alerts-0-2");
        assertThat(recorder.rejected.get(0).getValue())
                .isEqualTo("HTTP 400: {\"error\":{\"type\":\"parse_exception\"},\"status\":400}");
        assertThat(recorder.sleeps).isEmpty();
    }

    @Test
    void shouldFailTheTaskRatherThanDeadLetterOnBadCredentialsWithoutShowingThem() {
        server.respond(request -> Response.of(401, "{\"error\":\"unauthorized\"}"));
        Map<String, String> props = SiemFixtures.httpProps("ecs", "elasticsearch-bulk", server.url("/_bulk"));
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TYPE_CONFIG, "bearer");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TOKEN_CONFIG, "s3cr3t-t0ken");
        Transport transport = SiemSinkTask.transport(SiemFixtures.config(props), SiemFixtures.VERSION, recorder);

        assertThatThrownBy(() -> transport.send(List.of(alertEvent(1)), recorder))
                .isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("s3cr3t-t0ken");
        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer s3cr3t-t0ken");
        assertThat(recorder.rejected).isEmpty();
    }

    @Test
    void shouldSplitABatchTheServerFindsTooLarge() throws Exception {
        server.respond(request -> request.lines().size() > 5 ? Response.of(413, "")
                : Response.of(200, RecordingHttpServer.acceptAll(request)));
        Transport transport = bulkTransport(3, new Backoff(10, 100, () -> 0.0));

        transport.send(List.of(alertEvent(1), alertEvent(2), alertEvent(3), alertEvent(4)), recorder);

        List<Integer> actionsPerRequest = new ArrayList<>();
        server.requests().forEach(request -> actionsPerRequest.add((request.lines().size() - 1) / 2));
        assertThat(actionsPerRequest).containsExactly(4, 2, 2);
        assertThat(recorder.delivered).hasSize(4);
    }

    @Test
    void shouldPostHecEnvelopesWithTheSplunkTokenHeader() throws Exception {
        Map<String, String> props = SiemFixtures.httpProps("ocsf", "splunk-hec",
                server.url("/services/collector/event"));
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TYPE_CONFIG, "splunk");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TOKEN_CONFIG, "0b7e9c1a-hec");
        props.put(SiemSinkConnectorConfig.HTTP_SPLUNK_INDEX_CONFIG, "security");
        server.respond(request -> Response.of(200, "{\"text\":\"Success\",\"code\":0}"));
        SiemSinkConnectorConfig config = SiemFixtures.config(props);
        OcsfEncoder ocsf = new OcsfEncoder(SiemFixtures.VERSION, config);
        EncodedEvent alert = ocsf.encode(SiemFixtures.record("flowaudit.alerts", 0, 1, null),
                SiemFixtures.missingDnsAlert());
        EncodedEvent denial = ocsf.encode(SiemFixtures.record("flowaudit.denials", 1, 5, null),
                SiemFixtures.denial());

        SiemSinkTask.transport(config, SiemFixtures.VERSION, recorder).send(List.of(alert, denial), recorder);

        RecordingHttpServer.Request request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/services/collector/event");
        assertThat(request.header("Authorization")).isEqualTo("Splunk 0b7e9c1a-hec");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.lines()).containsExactly(
                "{\"time\":1714565100.456,\"source\":\"flowaudit\",\"sourcetype\":\"flowaudit:ocsf\","
                        + "\"index\":\"security\",\"event\":" + text(alert) + "}",
                "{\"time\":1714564800.123,\"host\":\"node-1\",\"source\":\"flowaudit\","
                        + "\"sourcetype\":\"flowaudit:ocsf\",\"index\":\"security\",\"event\":" + text(denial) + "}",
                "");
        assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1", "flowaudit.denials-1-5");
    }

    @Test
    void shouldDeadLetterTheInvalidHecEventAndResendTheOnesAfterIt() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.respond(request -> calls.incrementAndGet() == 1
                ? Response.of(400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":1}")
                : Response.of(200, "{\"text\":\"Success\",\"code\":0}"));
        Transport transport = new HttpTransport(URI.create(server.url("/services/collector/event")),
                new SplunkHecApi("flowaudit:ecs", ""), Optional.of("Splunk t"), HttpClient.newHttpClient(),
                Duration.ofSeconds(5), "1", new Backoff(10, 100, () -> 0.0), 3, recorder);

        transport.send(List.of(alertEvent(1), alertEvent(2), alertEvent(3)), recorder);

        assertThat(server.requests()).hasSize(2);
        assertThat(server.requests().get(0).lines()).hasSize(4);
        assertThat(server.requests().get(1).lines()).hasSize(2);
        assertThat(server.requests().get(1).bodyText()).contains(text(alertEvent(3)));
        assertThat(recorder.delivered).containsExactly("flowaudit.alerts-0-1", "flowaudit.alerts-0-3");
        assertThat(recorder.rejected).extracting(Map.Entry::getKey).containsExactly("flowaudit.alerts-0-2");
        assertThat(recorder.rejected.get(0).getValue()).contains("Invalid data format");
        assertThat(recorder.sleeps).isEmpty();
    }

    private Transport bulkTransport(int maxRetries, Backoff backoff) {
        return new HttpTransport(URI.create(server.url("/_bulk")), new ElasticsearchBulkApi("logs-flowaudit-default"),
                Optional.empty(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                Duration.ofSeconds(5), "1", backoff, maxRetries, recorder);
    }

    private EncodedEvent alertEvent(long offset) {
        return ecs.encode(SiemFixtures.record("flowaudit.alerts", 0, offset, null), SiemFixtures.simpleAlert(
                (int) offset));
    }

    private EncodedEvent denialEvent(long offset) {
        return ecs.encode(SiemFixtures.record("flowaudit.denials", 0, offset, null), SiemFixtures.denial());
    }

    private static String text(EncodedEvent event) {
        return new String(event.payload(), StandardCharsets.UTF_8);
    }
}
