package io.flowaudit.cli;

import com.sun.net.httpserver.HttpServer;
import io.flowaudit.policy.eval.Verdict;
import io.flowaudit.streams.FlowauditMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Prometheus metrics of {@code flowaudit run} on {@code /metrics} (Kafka Streams' metrics and flowaudit's own:
 * flows by verdict, alerts by type, dead letters, policy revision, compile time) and {@code /health}.
 */
final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final KafkaStreamsMetrics streamsMetrics;

    private MetricsEndpoint(HttpServer server, KafkaStreamsMetrics streamsMetrics) {
        this.server = server;
        this.streamsMetrics = streamsMetrics;
    }

    static MetricsEndpoint start(int port, KafkaStreams streams, FlowauditMetrics m, PrintWriter err) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        for (Verdict v : Verdict.values()) {
            FunctionCounter.builder("flowaudit.flows", m, x -> x.flows(v)).tag("verdict", v.name())
                    .description("flows judged, by verdict").register(registry);
        }
        FunctionCounter.builder("flowaudit.deadletters", m, FlowauditMetrics::deadLetters)
                .description("records sent to the dead-letter topic").register(registry);
        Gauge.builder("flowaudit.policy.revision", m, FlowauditMetrics::revision)
                .description("fingerprint of the policy set in force").register(registry);
        Gauge.builder("flowaudit.policy.compile.seconds", m, x -> x.lastCompileNanos() / 1e9)
                .description("time the last policy compile took").register(registry);
        Set<String> alertTypes = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/metrics", ex -> {
            for (String type : m.alerts().keySet()) {
                if (alertTypes.add(type)) {
                    FunctionCounter.builder("flowaudit.alerts", m, x -> x.alerts().getOrDefault(type, 0L))
                            .tag("type", type).description("alerts emitted, by type").register(registry);
                }
            }
            respond(ex, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8");
        });
        server.createContext("/health", ex -> {
            KafkaStreams.State s = streams.state();
            boolean ok = s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
            respond(ex, ok ? 200 : 503, s.name() + "\n", "text/plain");
        });
        server.start();
        err.println("run: metrics on http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
        return new MetricsEndpoint(server, streamsMetrics);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body, String type)
            throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        streamsMetrics.close();
    }
}
