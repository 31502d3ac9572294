package io.flowaudit.connect.siem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.flowaudit.connect.siem.RecordingHttpServer.Response;

/**
 * Measures, does not assert: events per second from the SIEM sink task to a local HTTP endpoint that accepts
 * everything (the JDK's HttpServer on 127.0.0.1, answering like Elasticsearch bulk or Splunk HEC). The number is
 * the sink's own cost (encoding, request building, one HTTP/1.1 round trip per batch), not a SIEM's.
 */
@Tag("integration")
class SiemSinkHttpThroughputIT {

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"ecs, elasticsearch-bulk", "ocsf, elasticsearch-bulk", "ecs, splunk-hec"})
    void shouldReportThroughputToAnHttpEndpoint(String format, String api) throws Exception {
        AtomicLong bytes = new AtomicLong();
        try (RecordingHttpServer server = new RecordingHttpServer(request -> Response.of(200, ""))) {
            server.respond(request -> {
                bytes.addAndGet(request.body().length);
                return api.equals("splunk-hec") ? Response.of(200, "{\"text\":\"Success\",\"code\":0}")
                        : Response.of(200, RecordingHttpServer.acceptAll(request));
            });
            SiemSinkTask task = new SiemSinkTask();
            task.initialize(new FakeSinkTaskContext(true));
            Map<String, String> props = SiemFixtures.httpProps(format, api, server.url(api.equals("splunk-hec")
                    ? "/services/collector/event" : "/_bulk"));
            task.start(props);
            int total = 120_000;
            int perPut = 500;
            List<List<SinkRecord>> puts = new ArrayList<>();
            for (int offset = 0; offset < total; offset += perPut) {
                List<SinkRecord> records = new ArrayList<>(perPut);
                for (int i = offset; i < offset + perPut; i++) {
                    records.add(SiemFixtures.record("flowaudit.denials", 0, i, SiemFixtures.denial()));
                }
                puts.add(records);
            }
            for (List<SinkRecord> warmUp : puts.subList(0, 40)) {
                task.put(warmUp);
            }
            bytes.set(0);

            long start = System.nanoTime();
            for (List<SinkRecord> records : puts.subList(40, puts.size())) {
                task.put(records);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            task.stop();

            int measured = total - 40 * perPut;
            System.out.printf(Locale.ROOT, "SIEM sink -> HTTP %s %s (denials): %d events in %.2f s = %.0f events/s,"
                    + " %.1f MB/s of request bodies%n", format, api, measured, seconds, measured / seconds,
                    bytes.get() / seconds / 1e6);
            assertThat(server.requests()).hasSize(total / perPut);
        }
    }
}
