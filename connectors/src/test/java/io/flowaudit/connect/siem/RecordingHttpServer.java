package io.flowaudit.connect.siem;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 that records every request and answers with a scripted function; stands in for
 * Elasticsearch and Splunk HEC.
 */
final class RecordingHttpServer implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String method, String path, Headers headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        List<String> lines() {
            return List.of(bodyText().split("\n", -1));
        }

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** A scripted answer; {@code status < 0} closes the connection without answering. */
    record Response(int status, String body, Map<String, String> headers) {
        static Response of(int status, String body) {
            return new Response(status, body, Map.of());
        }

        static Response dropConnection() {
            return new Response(-1, "", Map.of());
        }
    }

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK,
        // costing ~40 ms per response: that would measure Nagle, not the sink.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Response> responder;

    RecordingHttpServer(Function<Request, Response> responder) throws IOException {
        this.responder = responder;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Response response = this.responder.apply(request);
            if (response.status() < 0) {
                exchange.close();
                return;
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    void respond(Function<Request, Response> responder) {
        this.responder = responder;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return requests;
    }

    /** A bulk response with the given item statuses, errors=true when any is not 2xx. */
    static String bulkResponse(int... statuses) {
        StringBuilder items = new StringBuilder();
        boolean errors = false;
        for (int status : statuses) {
            if (items.length() > 0) {
                items.append(',');
            }
            items.append("{\"create\":{\"_index\":\"logs-flowaudit-default\",\"status\":").append(status);
            if (status >= 300) {
                errors = true;
                items.append(",\"error\":{\"type\":\"").append(status == 429 ? "es_rejected_execution_exception"
                        : "mapper_parsing_exception").append("\",\"reason\":\"failed for test\"}");
            }
            items.append("}}");
        }
        return "{\"took\":3,\"errors\":" + errors + ",\"items\":[" + items + "]}";
    }

    /** A bulk response accepting every action of {@code request}. */
    static String acceptAll(Request request) {
        int actions = (request.lines().size() - 1) / 2;
        int[] statuses = new int[actions];
        java.util.Arrays.fill(statuses, 201);
        return bulkResponse(statuses);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
