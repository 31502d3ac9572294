package io.flowaudit.schemas.serde;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.flowaudit.schemas.avro.Flow;

/** The registry client at the HTTP level, against a fake registry that records what it was sent. */
class SchemaRegistryClientTest {

    private static final String PING_JSON =
            "{\"type\":\"record\",\"name\":\"Ping\",\"namespace\":\"test\",\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    private static final Schema PING = SchemaParser.parseSingle(PING_JSON);

    private FakeSchemaRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = FakeSchemaRegistry.start(7);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private SchemaRegistryClient client(Object... keyValues) {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url().toString());
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        return SchemaRegistryClient.of(config);
    }

    @Test
    void shouldRegisterByPostingTheSchemaStringToTheSubjectVersions() throws IOException {
        int id = client().register("flowaudit.flows-value", PING);

        assertThat(id).isEqualTo(7);
        assertThat(registry.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/subjects/flowaudit.flows-value/versions");
            assertThat(request.body()).isEqualTo("{\"schema\":\"" + PING_JSON.replace("\"", "\\\"") + "\"}");
            assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
            assertThat(request.header("Authorization")).isNull();
        });
    }

    @Test
    void shouldSendTheFullGeneratedSchemaSoTheRegistryStoresDocsAndDefaults() throws IOException {
        client().register("flowaudit.flows-value", Flow.getClassSchema());

        String sent = registry.requests().get(0).jsonBody().get("schema").asText();
        assertThat(SchemaParser.parseSingle(sent)).isEqualTo(Flow.getClassSchema());
        assertThat(sent).contains("\"doc\"", "\"default\"");
    }

    @Test
    void shouldFetchASchemaByIdWithAGetAndParseIt() {
        int id = registry.register("other-value", PING);

        Schema fetched = client().schemaById(id);

        assertThat(fetched).isEqualTo(PING);
        assertThat(registry.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/schemas/ids/" + id);
            assertThat(request.body()).isEmpty();
            assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        });
    }

    @Test
    void shouldLookUpWithoutRegisteringByPostingToTheSubject() throws IOException {
        int id = registry.register("flowaudit.flows-value", PING);

        assertThat(client().lookup("flowaudit.flows-value", PING)).isEqualTo(id);
        assertThat(registry.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/subjects/flowaudit.flows-value");
            assertThat(request.jsonBody().get("schema").asText()).isEqualTo(PING_JSON);
        });
    }

    @Test
    void shouldAskTheRegistryOnlyOnceForAnIdOrASchema() {
        SchemaRegistryClient client = client();
        int registered = client.register("a-value", PING);
        int stored = registry.register("b-value",
                SchemaParser.parseSingle(PING_JSON.replace("\"int\"", "\"long\"")));

        assertThat(client.register("a-value", PING)).isEqualTo(registered);
        assertThat(client.lookup("a-value", PING)).as("lookup shares the register cache").isEqualTo(registered);
        assertThat(client.schemaById(registered)).as("own schema known by its id").isEqualTo(PING);
        client.schemaById(stored);
        client.schemaById(stored);

        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path)
                .containsExactly("/subjects/a-value/versions", "/schemas/ids/" + stored);
    }

    @Test
    void shouldSendBasicAuthorizationFromUserInfo() {
        registry.requireBasicAuth("flowaudit", "s3cr:et");

        client(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
                SerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "flowaudit:s3cr:et").register("x-value", PING);

        assertThat(registry.requests()).singleElement().extracting(r -> r.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("flowaudit:s3cr:et".getBytes(UTF_8)));
    }

    @Test
    void shouldTakeCredentialsFromTheUrlButNeverSendThemInIt() {
        registry.requireBasicAuth("svc", "pa ss");
        URI withUserInfo = URI.create("http://svc:pa%20ss@127.0.0.1:" + registry.url().getPort() + "/");

        SchemaRegistryClient client = SchemaRegistryClient.of(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, withUserInfo.toString(),
                SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL"));
        client.register("x-value", PING);

        assertThat(client.urls()).containsExactly(registry.url());
        assertThat(registry.requests()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/subjects/x-value/versions");
            assertThat(request.header("Authorization"))
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString("svc:pa ss".getBytes(UTF_8)));
        });
        assertThat(client.toString()).doesNotContain("pa").contains("basic auth");
    }

    @Test
    void shouldMapUnauthorizedToA401WithTheRegistryErrorCode() {
        registry.requireBasicAuth("flowaudit", "right");
        SchemaRegistryClient client = client(SerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "flowaudit:wrong-secret");

        SchemaRegistryException error = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("x-value", PING));

        assertThat(error.status()).isEqualTo(401);
        assertThat(error.errorCode()).isEqualTo(401);
        assertThat(error.registryMessage()).isEqualTo("Unauthorized");
        assertThat(error.isRetriable()).isFalse();
        assertThat(error.getMessage()).contains("POST /subjects/x-value/versions", registry.url().toString())
                .doesNotContain("wrong-secret");
        assertThat(client.toString()).doesNotContain("wrong-secret");
    }

    @Test
    void shouldMapAnUnknownIdToSchemaNotFound() {
        SchemaRegistryException error = catchThrowableOfType(SchemaRegistryException.class,
                () -> client().schemaById(4242));

        assertThat(error.status()).isEqualTo(404);
        assertThat(error.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(error.getMessage()).contains("GET /schemas/ids/4242", "404", "40403");
    }

    @Test
    void shouldMapALookupUnderAnUnknownSubjectToSubjectNotFound() {
        SchemaRegistryException error = catchThrowableOfType(SchemaRegistryException.class,
                () -> client().lookup("nobody-value", PING));

        assertThat(error.status()).isEqualTo(404);
        assertThat(error.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
    }

    @Test
    void shouldMapAnInvalidSchemaTo422With42201() {
        registry.failNext(422, 42201, "Invalid schema {type=record} with refs [] of type AVRO");

        SchemaRegistryException error = catchThrowableOfType(SchemaRegistryException.class,
                () -> client().register("x-value", PING));

        assertThat(error.status()).isEqualTo(422);
        assertThat(error.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
        assertThat(error.registryMessage()).startsWith("Invalid schema");
        assertThat(error.isRetriable()).isFalse();
    }

    @Test
    void shouldMapAnIncompatibleSchemaTo409AndNotCacheTheFailure() {
        registry.failNext(409, 409, "Schema being registered is incompatible with an earlier schema for subject"
                + " \"x-value\"");
        SchemaRegistryClient client = client();

        SchemaRegistryException error = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.register("x-value", PING));

        assertThat(error.status()).isEqualTo(409);
        assertThat(error.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        assertThat(error.getMessage()).contains("incompatible with an earlier schema");
        assertThat(client.register("x-value", PING)).as("a later attempt asks again").isEqualTo(7);
    }

    @Test
    void shouldReportANonJsonProxyPageWithItsStatusAndAShortExcerpt() {
        registry.failNextWithBody(502, "text/html", "<html><body><h1>502 Bad Gateway</h1>" + "x".repeat(5000)
                + "</body></html>");

        SchemaRegistryException error = catchThrowableOfType(SchemaRegistryException.class,
                () -> client().schemaById(1));

        assertThat(error.status()).isEqualTo(502);
        assertThat(error.errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE);
        assertThat(error.isRetriable()).isTrue();
        assertThat(error.getMessage()).contains("502 Bad Gateway").hasSizeLessThan(600);
    }

    @Test
    void shouldRejectASuccessfulAnswerThatIsNotJson() {
        registry.failNextWithBody(200, "text/plain", "ok");

        assertThatThrownBy(() -> client().register("x-value", PING))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not a JSON object")
                .hasMessageContaining("text/plain");
    }

    @Test
    void shouldReportAnUnreachableRegistryAsRetriableWithoutAResponse() throws IOException {
        int closedPort = freePort();
        SchemaRegistryClient client = SchemaRegistryClient.of(Map.of(
                SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://user:hunter2@127.0.0.1:" + closedPort,
                SerdeConfig.HTTP_CONNECT_TIMEOUT_MS_CONFIG, 2000));

        SchemaRegistryException error = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.schemaById(1));

        assertThat(error.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
        assertThat(error.isRetriable()).isTrue();
        assertThat(error.getCause()).isInstanceOf(IOException.class);
        assertThat(error.getMessage()).contains("127.0.0.1:" + closedPort).doesNotContain("hunter2");
    }

    @Test
    void shouldFallBackToTheNextUrlWhenOneIsUnreachable() throws IOException {
        int id = registry.register("x-value", PING);
        SchemaRegistryClient client = SchemaRegistryClient.of(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                "http://127.0.0.1:" + freePort() + ", " + registry.url()));

        assertThat(client.schemaById(id)).isEqualTo(PING);
    }

    @Test
    void shouldKeepAPathPrefixOfTheBaseUrl() {
        SchemaRegistryClient client = SchemaRegistryClient.of(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                registry.url() + "/registry/"));

        assertThatThrownBy(() -> client.schemaById(3)).isInstanceOf(SchemaRegistryException.class);

        assertThat(registry.requests()).extracting(FakeSchemaRegistry.Request::path)
                .containsExactly("/registry/schemas/ids/3");
    }

    @Test
    void shouldRejectCredentialsWithoutAColonWithoutRepeatingThem() {
        assertThatThrownBy(() -> client(SerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "just-an-api-secret"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("just-an-api-secret");
    }

    @Test
    void shouldRejectAUrlSourceWithoutUserInfoInTheUrl() {
        assertThatThrownBy(() -> client(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "URL"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no schema.registry.url entry has user info");
    }

    @Test
    void shouldRejectUnsupportedCredentialSources() {
        assertThatThrownBy(() -> client(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "SASL_INHERIT"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
    }

    @Test
    void shouldRejectANonHttpUrlWithoutEchoingIt() {
        assertThatThrownBy(() -> SchemaRegistryClient.of(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                "ftp://admin:topsecret@registry")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("entry 1 must be an http or https URL")
                .hasMessageNotContaining("topsecret");
    }

    @Test
    void shouldRefuseToBuildWithoutAUrl() {
        assertThatThrownBy(() -> SchemaRegistryClient.of(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url is not set");
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = error; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static int freePort() throws IOException {
        // Bound then released: nothing listens there afterwards, so connecting is refused.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** TLS with the trust and key stores of the configuration. */
    @Nested
    class OverTls {

        @TempDir
        static Path certificates;
        private static TestTls tls;

        @BeforeAll
        static void makeCertificates() throws Exception {
            tls = TestTls.create(certificates);
        }

        @Test
        void shouldTrustTheRegistryCertificateFromTheConfiguredTruststore() throws Exception {
            try (FakeSchemaRegistry https = FakeSchemaRegistry.startTls(tls.serverContext(), false)) {
                int id = https.register("x-value", PING);
                SchemaRegistryClient client = SchemaRegistryClient.of(Map.of(
                        SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, https.url().toString(),
                        SerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.clientTrustStore.toString(),
                        SerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestTls.STORE_PASSWORD,
                        SerdeConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12"));

                assertThat(client.schemaById(id)).isEqualTo(PING);
                assertThat(https.url().getScheme()).isEqualTo("https");
            }
        }

        @Test
        void shouldRefuseARegistryCertificateTheTruststoreDoesNotVouchFor() throws Exception {
            try (FakeSchemaRegistry https = FakeSchemaRegistry.startTls(tls.serverContext(), false)) {
                // The client's own key store holds only the client certificate: not a CA for the registry.
                SchemaRegistryClient client = SchemaRegistryClient.of(Map.of(
                        SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, https.url().toString(),
                        SerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.serverTrustStore.toString(),
                        SerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestTls.STORE_PASSWORD,
                        SerdeConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12"));

                SchemaRegistryException error = catchThrowableOfType(SchemaRegistryException.class,
                        () -> client.schemaById(1));

                assertThat(error.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                assertThat(causes(error)).anyMatch(javax.net.ssl.SSLHandshakeException.class::isInstance);
                assertThat(https.requests()).isEmpty();
            }
        }

        @Test
        void shouldPresentTheClientCertificateFromTheKeystoreForMutualTls() throws Exception {
            try (FakeSchemaRegistry https = FakeSchemaRegistry.startTls(tls.serverContext(), true)) {
                int id = https.register("x-value", PING);
                Map<String, Object> config = Map.of(
                        SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, https.url().toString(),
                        SerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.clientTrustStore.toString(),
                        SerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, TestTls.STORE_PASSWORD,
                        // Default type JKS: the JDK's JKS loader reads PKCS12 files too.
                        SerdeConfig.SSL_KEYSTORE_LOCATION_CONFIG, tls.clientKeyStore.toString(),
                        SerdeConfig.SSL_KEYSTORE_PASSWORD_CONFIG, TestTls.STORE_PASSWORD);

                assertThat(SchemaRegistryClient.of(config).schemaById(id)).isEqualTo(PING);
                assertThat(https.requests()).singleElement().extracting(FakeSchemaRegistry.Request::clientPrincipal)
                        .isEqualTo(TestTls.CLIENT_NAME);
            }
        }

        @Test
        void shouldNameTheStoreButNotThePasswordWhenAStoreCannotBeLoaded() {
            assertThatThrownBy(() -> SchemaRegistryClient.of(Map.of(
                    SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "https://127.0.0.1:1",
                    SerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.clientTrustStore.toString(),
                    SerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "not-the-password-42",
                    SerdeConfig.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(SerdeConfig.SSL_TRUSTSTORE_LOCATION_CONFIG)
                    .hasMessageContaining(tls.clientTrustStore.toString())
                    .hasMessageNotContaining("not-the-password-42");
        }
    }
}
