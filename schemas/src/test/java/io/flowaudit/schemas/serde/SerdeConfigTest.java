package io.flowaudit.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class SerdeConfigTest {

    @Test
    void shouldDefaultToNoRegistryAutoRegistrationAndNoCredentials() {
        SerdeConfig config = new SerdeConfig(Map.of());

        assertThat(config.hasRegistry()).isFalse();
        assertThat(config.registryUrls()).isEmpty();
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.credentialsSource()).isEmpty();
        assertThat(config.basicAuthUserInfo()).isEmpty();
        assertThat(config.connectTimeoutMs()).isPositive();
        assertThat(config.readTimeoutMs()).isPositive();
    }

    @Test
    void shouldReadSeveralCommaSeparatedRegistryUrls() {
        SerdeConfig config = new SerdeConfig(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                "http://registry-0:8081, https://registry-1:8081/prefix"));

        assertThat(config.registryUrls()).containsExactly(URI.create("http://registry-0:8081"),
                URI.create("https://registry-1:8081/prefix"));
    }

    @Test
    void shouldHidePasswordsWhenPrinted() {
        SerdeConfig config = new SerdeConfig(Map.of(SerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "svc:hunter2",
                SerdeConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "changeit-42"));

        assertThat(config.basicAuthUserInfo().orElseThrow().toString()).doesNotContain("hunter2");
        assertThat(config.values().toString()).doesNotContain("hunter2", "changeit-42");
    }

    @Test
    void shouldDocumentEveryKey() {
        ConfigDef definitions = SerdeConfig.configDef();

        assertThat(definitions.names()).containsExactlyInAnyOrder(
                "schema.registry.url", "auto.register.schemas",
                "basic.auth.credentials.source", "basic.auth.user.info",
                "schema.registry.ssl.truststore.location", "schema.registry.ssl.truststore.password",
                "schema.registry.ssl.truststore.type", "schema.registry.ssl.keystore.location",
                "schema.registry.ssl.keystore.password", "schema.registry.ssl.keystore.type",
                "schema.registry.ssl.key.password", "http.connect.timeout.ms", "http.read.timeout.ms");
        assertThat(definitions.configKeys().values()).allSatisfy(key ->
                assertThat(key.documentation).as(key.name).isNotBlank());
    }
}
