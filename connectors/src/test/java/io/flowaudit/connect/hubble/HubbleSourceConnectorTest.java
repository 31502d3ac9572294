package io.flowaudit.connect.hubble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;

class HubbleSourceConnectorTest {
    @Test
    void shouldShareTheTargetsOutAmongAtMostMaxTasks() {
        HubbleSourceConnector connector = new HubbleSourceConnector();
        connector.start(Map.of("grpc.targets", "a:4244,b:4244,c:4244", "grpc.plaintext", "true"));

        List<Map<String, String>> configs = connector.taskConfigs(2);

        assertThat(configs).extracting(c -> c.get("grpc.targets")).containsExactly("a:4244,c:4244", "b:4244");
        assertThat(configs.get(0)).containsEntry("grpc.plaintext", "true");
        assertThat(connector.taskConfigs(10)).hasSize(3);
    }

    @Test
    void shouldReportEveryProblemOnItsKey() {
        Config config = new HubbleSourceConnector().validate(Map.of("hubble.mode", "file",
                "grpc.tls.cert.file", "/no/such/cert.pem", "grpc.allow.filters", "[{\"verdicts\":[]}]"));

        assertThat(errors(config, "file.paths")).containsExactly("file mode needs at least one file");
        assertThat(errors(config, "grpc.tls.cert.file")).singleElement().asString().contains("readable file");
        assertThat(errors(config, "grpc.allow.filters")).singleElement().asString().contains("filter 0");
    }

    @Test
    void shouldRequireTheClientKeyWithTheClientCertificate() throws Exception {
        java.nio.file.Path cert = java.nio.file.Files.createTempFile("cert", ".pem");
        try {
            assertThatThrownBy(() -> new HubbleSourceConnector().start(Map.of("grpc.tls.cert.file", cert.toString())))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("grpc.tls.key.file");
        } finally {
            java.nio.file.Files.delete(cert);
        }
    }

    @Test
    void shouldClaimExactlyOnceOnlyForFiles() {
        HubbleSourceConnector connector = new HubbleSourceConnector();
        assertThat(connector.exactlyOnceSupport(Map.of("hubble.mode", "file"))).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.UNSUPPORTED);
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElseThrow();
    }
}
