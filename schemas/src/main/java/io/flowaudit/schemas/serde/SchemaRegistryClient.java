package io.flowaudit.schemas.serde;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaParser;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A small client for the Confluent schema-registry REST API, enough for Avro serdes: register a schema under a
 * subject, look a schema up under a subject, and fetch a schema by id. Any registry that implements this API
 * (Confluent Schema Registry, Karapace, Redpanda, Apicurio's compatibility API) works.
 *
 * <p>Requests carry {@code Content-Type: application/vnd.schemaregistry.v1+json}, an Accept header preferring
 * it, and an {@code Authorization: Basic} header when credentials are configured. Error bodies
 * ({@code {"error_code":…, "message":…}}) become {@link SchemaRegistryException}s. TLS uses the configured trust
 * and key stores, redirects are not followed (they would carry the credentials elsewhere), and several base URLs
 * are tried in order when one cannot be reached.
 *
 * <p>Ids and schemas are immutable in a registry, so both directions are cached for the life of the client and
 * each is fetched at most once (barring races, which only cost a duplicate request). The client is thread-safe;
 * share one per application rather than one per serde.
 */
public final class SchemaRegistryClient {

    /** The registry API's versioned JSON media type, sent as the request body type and preferred in answers. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** What the client accepts, most specific first, as the API documentation recommends. */
    public static final String ACCEPT = CONTENT_TYPE
            + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";

    private static final Logger LOGGER = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a non-JSON error body goes into an exception: enough for a proxy's one-line reason. */
    private static final int MAX_BODY_EXCERPT = 200;

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final Duration readTimeout;
    // The only copy of the credentials; deliberately absent from toString() and from every message.
    private final String authorization;
    private final ConcurrentMap<SubjectSchema, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    /**
     * Builds a client for the registry named by {@value SerdeConfig#SCHEMA_REGISTRY_URL_CONFIG}.
     *
     * @throws ConfigException when no URL is configured, a URL is malformed, the credentials are missing or
     *         malformed, or a trust or key store cannot be loaded
     */
    public SchemaRegistryClient(SerdeConfig config) {
        Objects.requireNonNull(config, "config can't be null");
        List<URI> configured = config.registryUrls();
        if (configured.isEmpty()) {
            throw new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " is not set: a schema-registry"
                    + " client needs at least one registry URL");
        }
        this.authorization = basicAuthorization(config, configured);
        this.baseUrls = configured.stream().map(SchemaRegistryClient::withoutUserInfo).toList();
        this.readTimeout = Duration.ofMillis(config.readTimeoutMs());
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(config.connectTimeoutMs()))
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1 only: the default would try an h2c upgrade on http:// URLs, which some registries and
                // proxies in front of them answer badly, and nothing here gains from HTTP/2.
                .version(HttpClient.Version.HTTP_1_1);
        SSLContext ssl = sslContext(config);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    /** Shorthand for {@code new SchemaRegistryClient(new SerdeConfig(config))}. */
    public static SchemaRegistryClient of(Map<String, ?> config) {
        return new SchemaRegistryClient(new SerdeConfig(config));
    }

    /** The registry base URLs, without credentials, in the order they are tried. */
    public List<URI> urls() {
        return baseUrls;
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and returns its
     * id. Registering a schema that is already registered returns the existing id, so this is also the way to
     * learn the id of one's own schema.
     *
     * @throws SchemaRegistryException e.g. 409 when the schema is incompatible with the subject's history,
     *         422 ({@value SchemaRegistryException#INVALID_SCHEMA}) when the registry rejects it, 401/403
     */
    public int register(String subject, Schema schema) {
        SubjectSchema key = key(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + pathSegment(subject) + "/versions", schemaBody(schema));
        int id = intField(answer, "id", "POST /subjects/" + subject + "/versions");
        remember(key, id);
        LOGGER.debug("Registered schema {} under subject {} as id {}", schema.getFullName(), subject, id);
        return id;
    }

    /**
     * Looks up the id of {@code schema} under {@code subject} without registering it
     * ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException 404 with {@value SchemaRegistryException#SUBJECT_NOT_FOUND} or
     *         {@value SchemaRegistryException#SCHEMA_NOT_FOUND} when it is not registered there
     */
    public int lookup(String subject, Schema schema) {
        SubjectSchema key = key(subject, schema);
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + pathSegment(subject), schemaBody(schema));
        int id = intField(answer, "id", "POST /subjects/" + subject);
        remember(key, id);
        return id;
    }

    /**
     * The schema registered with id {@code id} ({@code GET /schemas/ids/{id}}), parsed.
     *
     * @throws SchemaRegistryException 404 with {@value SchemaRegistryException#SCHEMA_NOT_FOUND} for an unknown
     *         id, or when the registered schema is not an Avro schema this client can parse
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String request = "GET /schemas/ids/" + id;
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        JsonNode type = answer.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw invalidAnswer(request, "schema " + id + " is a " + type.asText() + " schema, not Avro");
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw invalidAnswer(request, "the answer has no \"schema\" string");
        }
        Schema schema;
        try {
            schema = SchemaParser.parseSingle(text.asText());
        } catch (SchemaParseException e) {
            // Schemas with references to other subjects end up here too: this client does not resolve them.
            throw new SchemaRegistryException(describe(request, baseUrls) + ": schema " + id
                    + " is not a self-contained Avro schema: " + e.getMessage(), 200,
                    SchemaRegistryException.NO_ERROR_CODE, null, e);
        }
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient" + baseUrls + (authorization != null ? " (basic auth)" : "");
    }

    private static SubjectSchema key(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject can't be null");
        Objects.requireNonNull(schema, "schema can't be null");
        return new SubjectSchema(subject, schema);
    }

    private void remember(SubjectSchema key, int id) {
        idsBySubjectAndSchema.putIfAbsent(key, id);
        // Our own schema under its id: a consumer in the same process then needs no GET for what it produced.
        schemasById.putIfAbsent(id, key.schema());
    }

    private static String schemaBody(Schema schema) {
        // Only "schema": schemaType defaults to AVRO, and leaving it out keeps the body acceptable to registries
        // that predate the field.
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON string node", e);
        }
    }

    private JsonNode send(String method, String path, String body) {
        IOException lastFailure = null;
        for (URI base : baseUrls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(readTimeout)
                    .header("Accept", ACCEPT);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
            } else {
                request.GET();
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // Unreachable, refused, TLS failure or timeout: the next URL may be a healthy replica.
                LOGGER.debug("Schema registry {} failed {} {}: {}", base, method, path, e.toString());
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(describe(method + " " + path, base) + ": interrupted",
                        SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE, null, e);
            }
            return answer(method + " " + path, base, response);
        }
        throw new SchemaRegistryException("schema registry " + baseUrls + " did not answer " + method + " " + path
                + ": " + lastFailure, SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_ERROR_CODE,
                null, lastFailure);
    }

    private static JsonNode answer(String request, URI base, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        JsonNode json = parseJson(response.body());
        if (status >= 200 && status < 300) {
            if (json == null || !json.isObject()) {
                throw new SchemaRegistryException(describe(request, base) + ": answered " + status + " with "
                        + contentType(response) + " that is not a JSON object: " + excerpt(response.body()),
                        status, SchemaRegistryException.NO_ERROR_CODE, null, null);
            }
            return json;
        }
        int errorCode = SchemaRegistryException.NO_ERROR_CODE;
        String message;
        if (json != null && json.isObject() && json.has("error_code")) {
            errorCode = json.get("error_code").asInt(SchemaRegistryException.NO_ERROR_CODE);
            message = json.path("message").asText("");
        } else {
            // Not a registry error body: typically a proxy or load balancer page. Keep a short excerpt only,
            // since the body is not under the registry's control.
            message = excerpt(response.body());
        }
        String code = errorCode == SchemaRegistryException.NO_ERROR_CODE ? "" : " (error " + errorCode + ")";
        throw new SchemaRegistryException(describe(request, base) + ": " + status + code + " " + message,
                status, errorCode, message, null);
    }

    private SchemaRegistryException invalidAnswer(String request, String problem) {
        return new SchemaRegistryException(describe(request, baseUrls) + ": " + problem, 200,
                SchemaRegistryException.NO_ERROR_CODE, null, null);
    }

    private int intField(JsonNode answer, String field, String request) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalidAnswer(request, "the answer has no integer \"" + field + "\"");
        }
        return value.intValue();
    }

    /** Where and what, for messages: {@code base} is a URL (or the list of URLs) without credentials. */
    private static String describe(String request, Object base) {
        return "schema registry " + base + ", " + request;
    }

    private static JsonNode parseJson(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("no content type");
    }

    private static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        String text = new String(body, UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() <= MAX_BODY_EXCERPT ? text : text.substring(0, MAX_BODY_EXCERPT) + "…";
    }

    private static String pathSegment(String subject) {
        // URLEncoder encodes for forms; a path segment wants %20, not +, for a space.
        return URLEncoder.encode(subject, UTF_8).replace("+", "%20");
    }

    private static URI withoutUserInfo(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + ": cannot rebuild a registry URL"
                    + " without its user info (" + e.getReason() + ")");
        }
    }

    private static String basicAuthorization(SerdeConfig config, List<URI> urls) {
        String fromUrl = urls.stream().map(URI::getUserInfo).filter(Objects::nonNull).findFirst().orElse(null);
        Password userInfo = config.basicAuthUserInfo().orElse(null);
        String source = config.credentialsSource().orElse(userInfo != null ? SerdeConfig.CREDENTIALS_SOURCE_USER_INFO
                : fromUrl != null ? SerdeConfig.CREDENTIALS_SOURCE_URL : null);
        if (source == null) {
            return null;
        }
        String credentials;
        if (source.equals(SerdeConfig.CREDENTIALS_SOURCE_USER_INFO)) {
            if (userInfo == null) {
                throw new ConfigException(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is USER_INFO but "
                        + SerdeConfig.BASIC_AUTH_USER_INFO_CONFIG + " is not set");
            }
            credentials = userInfo.value();
        } else {
            if (fromUrl == null) {
                throw new ConfigException(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is URL but no "
                        + SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " entry has user info (https://user:password@host)");
            }
            credentials = fromUrl;
        }
        // Basic auth cannot express a user name with a colon, and a value without one is almost certainly a
        // secret pasted alone. The message must not repeat the value.
        int colon = credentials.indexOf(':');
        if (colon <= 0) {
            throw new ConfigException("basic-auth credentials from " + source + " must have the form user:password");
        }
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8));
    }

    private static SSLContext sslContext(SerdeConfig config) {
        String trustLocation = config.getString(SerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG);
        String keyLocation = config.getString(SerdeConfig.SSL_KEYSTORE_LOCATION_CONFIG);
        if (trustLocation == null && keyLocation == null) {
            return null; // the JVM's default context and trust store
        }
        TrustManager[] trustManagers = null;
        KeyManager[] keyManagers = null;
        try {
            if (trustLocation != null) {
                KeyStore trustStore = loadStore(SerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, trustLocation,
                        config.getString(SerdeConfig.SSL_TRUSTSTORE_TYPE_CONFIG),
                        config.getPassword(SerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG));
                TrustManagerFactory factory = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trustStore);
                trustManagers = factory.getTrustManagers();
            }
            if (keyLocation != null) {
                Password storePassword = config.getPassword(SerdeConfig.SSL_KEYSTORE_PASSWORD_CONFIG);
                Password keyPassword = config.getPassword(SerdeConfig.SSL_KEY_PASSWORD_CONFIG);
                KeyStore keyStore = loadStore(SerdeConfig.SSL_KEYSTORE_LOCATION_CONFIG, keyLocation,
                        config.getString(SerdeConfig.SSL_KEYSTORE_TYPE_CONFIG), storePassword);
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                Password effective = keyPassword != null ? keyPassword : storePassword;
                factory.init(keyStore, effective == null ? new char[0] : effective.value().toCharArray());
                keyManagers = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("schema registry TLS: cannot set up the trust or key store: " + e.getMessage());
        }
    }

    private static KeyStore loadStore(String key, String location, String type, Password password) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.value().toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // The JDK's messages ("keystore password was incorrect") never include the password itself.
            throw new ConfigException(key + ": cannot load " + type + " store " + location + ": " + e);
        }
    }
}
