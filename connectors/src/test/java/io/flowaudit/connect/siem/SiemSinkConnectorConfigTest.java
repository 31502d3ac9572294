package io.flowaudit.connect.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class SiemSinkConnectorConfigTest {

    @Test
    void shouldDeclareEveryKeyWithTypeDefaultValidatorAndDoc() {
        for (ConfigDef.ConfigKey key : SiemSinkConnectorConfig.CONFIG_DEF.configKeys().values()) {
            assertThat(key.name).startsWith("siem.");
            assertThat(key.type).as(key.name).isNotNull();
            assertThat(key.hasDefault()).as(key.name + " has a default").isTrue();
            assertThat(key.validator).as(key.name + " has a validator").isNotNull();
            assertThat(key.documentation).as(key.name + " has a doc").hasSizeGreaterThan(20);
        }
        assertThat(SiemSinkConnectorConfig.CONFIG_DEF.configKeys()).hasSize(37);
    }

    @Test
    void shouldAcceptTheDefaultsWithASyslogHost() {
        SiemSinkConnectorConfig config = SiemSinkConnectorConfig.validated(Map.of(
                SiemSinkConnectorConfig.SYSLOG_HOST_CONFIG, "siem.example"));

        assertThat(config.format()).isEqualTo("cef");
        assertThat(config.transport()).isEqualTo("syslog-tcp");
        assertThat(config.syslogPort()).isEqualTo(514);
        assertThat(config.syslogFacility()).isEqualTo(13);
        assertThat(config.batchSize()).isEqualTo(500);
        assertThat(config.maxRetries()).isEqualTo(5);
        assertThat(config.denialSeverity()).isEqualTo(5);
    }

    @Test
    void shouldReportEveryCrossKeyProblemAtOnceKeyedBySetting() {
        Map<String, String> props = new HashMap<>();
        props.put(SiemSinkConnectorConfig.FORMAT_CONFIG, "ecs");
        props.put(SiemSinkConnectorConfig.TRANSPORT_CONFIG, "syslog-tls");
        props.put(SiemSinkConnectorConfig.RETRY_BACKOFF_MS_CONFIG, "1000");
        props.put(SiemSinkConnectorConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "10");

        Map<String, String> problems = new SiemSinkConnectorConfig(props).problems();

        assertThat(problems).containsExactly(
                Map.entry(SiemSinkConnectorConfig.TRANSPORT_CONFIG, "format ecs is JSON sent over HTTP: use http,"
                        + " not syslog-tls"),
                Map.entry(SiemSinkConnectorConfig.SYSLOG_HOST_CONFIG, "required for transport syslog-tls"),
                Map.entry(SiemSinkConnectorConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "must be at least"
                        + " siem.retry.backoff.ms (1000), is 10"));
    }

    @Test
    void shouldRequireTheSecretOfTheChosenAuthTypeWithoutEverShowingSecrets() {
        Map<String, String> props = SiemFixtures.httpProps("ocsf", "splunk-hec", "https://user:pw@splunk:8088/x");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TYPE_CONFIG, "splunk");

        Map<String, String> problems = new SiemSinkConnectorConfig(props).problems();

        assertThat(problems).containsExactly(
                Map.entry(SiemSinkConnectorConfig.HTTP_URL_CONFIG, "must not carry credentials; use"
                        + " siem.http.auth.type"),
                Map.entry(SiemSinkConnectorConfig.HTTP_AUTH_TOKEN_CONFIG, "required for siem.http.auth.type=splunk"));
    }

    @Test
    void shouldHideSecretsInEveryRenderingOfTheConfig() {
        Map<String, String> props = SiemFixtures.httpProps("ecs", "elasticsearch-bulk", "https://es:9200/_bulk");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TYPE_CONFIG, "basic");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_USERNAME_CONFIG, "elastic");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_PASSWORD_CONFIG, "top-s3cret");
        props.put(SiemSinkConnectorConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG, "trust-s3cret");

        SiemSinkConnectorConfig config = SiemSinkConnectorConfig.validated(props);

        assertThat(String.valueOf(config.values())).doesNotContain("s3cret").contains("[hidden]");
        assertThat(config.httpAuthPassword().toString()).isEqualTo("[hidden]");
    }

    @Test
    void shouldRejectLineBreaksInValuesThatBecomeHeaders() {
        Map<String, String> props = SiemFixtures.httpProps("ecs", "elasticsearch-bulk", "https://es:9200/_bulk");
        props.put(SiemSinkConnectorConfig.HTTP_AUTH_TOKEN_CONFIG, "abc\r\nX-Injected: 1");

        assertThatThrownBy(() -> new SiemSinkConnectorConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SiemSinkConnectorConfig.HTTP_AUTH_TOKEN_CONFIG)
                .hasMessageContaining("must not contain control characters")
                .hasMessageNotContaining("X-Injected");
    }

    @Test
    void shouldNameTheKeyOfAnInvalidSingleValue() {
        assertThatThrownBy(() -> new SiemSinkConnectorConfig(Map.of(SiemSinkConnectorConfig.SEVERITY_DENIAL_CONFIG,
                "11")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("siem.severity.denial");
        assertThatThrownBy(() -> new SiemSinkConnectorConfig(Map.of(SiemSinkConnectorConfig.SYSLOG_APP_NAME_CONFIG,
                "flow audit")))
                .hasMessageContaining("siem.syslog.app.name")
                .hasMessageContaining("not printable US-ASCII");
        assertThatThrownBy(() -> new SiemSinkConnectorConfig(Map.of(
                SiemSinkConnectorConfig.HTTP_ELASTICSEARCH_INDEX_CONFIG, "Logs")))
                .hasMessageContaining("must be lowercase");
    }

    @Test
    void shouldAttachCrossKeyProblemsToTheirSettingsInConnectValidation() {
        Config result = new SiemSinkConnector().validate(Map.of(SiemSinkConnectorConfig.TRANSPORT_CONFIG, "http"));

        Map<String, List<String>> errors = result.configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
        assertThat(errors).containsOnlyKeys(SiemSinkConnectorConfig.TRANSPORT_CONFIG,
                SiemSinkConnectorConfig.HTTP_URL_CONFIG);
        assertThat(errors.get(SiemSinkConnectorConfig.HTTP_URL_CONFIG)).containsExactly(
                "required for transport http");
    }

    @Test
    void shouldGiveEveryTaskTheConnectorsSettingsUnmodifiable() {
        SiemSinkConnector connector = new SiemSinkConnector();
        connector.start(Map.of(SiemSinkConnectorConfig.SYSLOG_HOST_CONFIG, "siem.example"));

        List<Map<String, String>> configs = connector.taskConfigs(3);

        assertThat(configs).hasSize(3).allSatisfy(config -> assertThat(config)
                .containsEntry(SiemSinkConnectorConfig.SYSLOG_HOST_CONFIG, "siem.example"));
        assertThatThrownBy(() -> configs.get(0).put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(connector.taskClass()).isEqualTo(SiemSinkTask.class);
    }
}
