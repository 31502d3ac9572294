package io.flowaudit.schemas.serde;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A schema registry on 127.0.0.1 that implements the three endpoints flowaudit uses as the Confluent API
 * documents them, and records every request it gets:
 *
 * <ul>
 *   <li>{@code POST /subjects/{subject}/versions}, body {@code {"schema": "<schema JSON>"}}: 200
 *       {@code {"id": n}}; the same schema gets the same id under every subject; an unparsable schema is 422
 *       with error code 42201.</li>
 *   <li>{@code POST /subjects/{subject}}: 200 {@code {"subject", "id", "version", "schema"}}, or 404 with 40401
 *       (no such subject) or 40403 (schema not under that subject).</li>
 *   <li>{@code GET /schemas/ids/{id}}: 200 {@code {"schema": "<schema JSON>"}}, or 404 with 40403.</li>
 * </ul>
 *
 * Answers are {@code application/vnd.schemaregistry.v1+json}; errors are {@code {"error_code":…,"message":…}}.
 * With {@link #requireBasicAuth} every request without the right credentials gets 401 (error code 401).
 * {@link #failNext} queues canned answers (409, 5xx, proxy pages) that are served before the real logic.
 */
final class FakeSchemaRegistry implements AutoCloseable {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the registry saw it; header names are case-insensitive. */
    record Request(String method, String path, Map<String, List<String>> headers, String body,
            String clientPrincipal) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        JsonNode jsonBody() throws IOException {
            return JSON.readTree(body);
        }
    }

    private record Canned(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Canned> canned = new ConcurrentLinkedDeque<>();
    private final Map<Integer, String> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsByCanonicalSchema = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final AtomicInteger nextId;
    private volatile String requiredAuthorization;

    private FakeSchemaRegistry(HttpServer server, int firstId) {
        this.server = server;
        this.nextId = new AtomicInteger(firstId);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A plain-HTTP registry whose first schema gets id 1. */
    static FakeSchemaRegistry start() throws IOException {
        return start(1);
    }

    /** A plain-HTTP registry whose first schema gets {@code firstId}. */
    static FakeSchemaRegistry start(int firstId) throws IOException {
        return new FakeSchemaRegistry(HttpServer.create(loopback(), 0), firstId);
    }

    /** An HTTPS registry with {@code tls}'s key; {@code needClientAuth} demands a client certificate. */
    static FakeSchemaRegistry startTls(SSLContext tls, boolean needClientAuth) throws IOException {
        HttpsServer server = HttpsServer.create(loopback(), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(parameters);
            }
        });
        return new FakeSchemaRegistry(server, 1);
    }

    URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void requireBasicAuth(String user, String password) {
        requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }

    /** The next request is answered with a registry error body. */
    void failNext(int status, int errorCode, String message) {
        ObjectNode body = JSON.createObjectNode().put("error_code", errorCode).put("message", message);
        canned.add(new Canned(status, CONTENT_TYPE, body.toString()));
    }

    /** The next request is answered with an arbitrary body, e.g. a proxy's HTML page. */
    void failNextWithBody(int status, String contentType, String body) {
        canned.add(new Canned(status, contentType, body));
    }

    /** Registers directly, as another producer or a deployment pipeline would have. */
    int register(String subject, Schema schema) {
        return registerText(subject, schema.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static InetSocketAddress loopback() throws IOException {
        // Port 0: the kernel picks a free port; only the loopback address is bound.
        return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), UTF_8);
            }
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(exchange.getRequestMethod(), path, Collections.unmodifiableMap(headers), body,
                    clientPrincipal(exchange)));

            if (requiredAuthorization != null && !requiredAuthorization.equals(headers.get("Authorization") == null
                    ? null : headers.get("Authorization").get(0))) {
                sendError(exchange, 401, 401, "Unauthorized");
                return;
            }
            Canned next = canned.poll();
            if (next != null) {
                send(exchange, next.status(), next.contentType(), next.body());
                return;
            }
            route(exchange, exchange.getRequestMethod(), path, body);
        }
    }

    private void route(HttpExchange exchange, String method, String path, String body) throws IOException {
        String[] parts = path.split("/");
        if (parts.length == 4 && parts[1].equals("subjects") && parts[3].equals("versions")) {
            if (!method.equals("POST")) {
                sendError(exchange, 405, 405, "HTTP 405 Method Not Allowed");
                return;
            }
            String schema = schemaOf(body);
            if (schema == null || parse(schema) == null) {
                sendError(exchange, 422, 42201, "Invalid schema");
                return;
            }
            int id = registerText(URLDecoder.decode(parts[2], UTF_8), schema);
            send(exchange, 200, CONTENT_TYPE, JSON.createObjectNode().put("id", id).toString());
        } else if (parts.length == 3 && parts[1].equals("subjects")) {
            String subject = URLDecoder.decode(parts[2], UTF_8);
            String schema = schemaOf(body);
            Schema parsed = schema == null ? null : parse(schema);
            if (parsed == null) {
                sendError(exchange, 422, 42201, "Invalid schema");
                return;
            }
            List<Integer> versions = idsBySubject.get(subject);
            if (versions == null) {
                sendError(exchange, 404, 40401, "Subject '" + subject + "' not found.");
                return;
            }
            Integer id = idsByCanonicalSchema.get(parsed.toString());
            if (id == null || !versions.contains(id)) {
                sendError(exchange, 404, 40403, "Schema not found");
                return;
            }
            send(exchange, 200, CONTENT_TYPE, JSON.createObjectNode().put("subject", subject).put("id", id)
                    .put("version", versions.indexOf(id) + 1).put("schema", schemasById.get(id)).toString());
        } else if (parts.length == 4 && parts[1].equals("schemas") && parts[2].equals("ids")) {
            String schema = parts[3].matches("\\d{1,9}") ? schemasById.get(Integer.parseInt(parts[3])) : null;
            if (schema == null) {
                sendError(exchange, 404, 40403, "Schema " + parts[3] + " not found");
                return;
            }
            send(exchange, 200, CONTENT_TYPE, JSON.createObjectNode().put("schema", schema).toString());
        } else {
            sendError(exchange, 404, 404, "HTTP 404 Not Found");
        }
    }

    private synchronized int registerText(String subject, String schemaText) {
        String canonical = parse(schemaText).toString();
        int id = idsByCanonicalSchema.computeIfAbsent(canonical, k -> nextId.getAndIncrement());
        schemasById.putIfAbsent(id, schemaText);
        List<Integer> versions = idsBySubject.computeIfAbsent(subject, k -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    private static String schemaOf(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode schema = json == null ? null : json.get("schema");
            return schema != null && schema.isTextual() ? schema.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Schema parse(String schema) {
        try {
            return SchemaParser.parseSingle(schema);
        } catch (SchemaParseException e) {
            return null;
        }
    }

    private static String clientPrincipal(HttpExchange exchange) {
        if (exchange instanceof HttpsExchange https) {
            try {
                return https.getSSLSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }
        return null;
    }

    private static void sendError(HttpExchange exchange, int status, int errorCode, String message)
            throws IOException {
        send(exchange, status, CONTENT_TYPE,
                JSON.createObjectNode().put("error_code", errorCode).put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
