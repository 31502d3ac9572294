package io.flowaudit.connect.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class PolicySourceConnectorTest {
    @Test
    void shouldRunOneTask() {
        PolicySourceConnector connector = new PolicySourceConnector();
        connector.start(Map.of("policy.source", "kubernetes"));
        assertThat(connector.taskConfigs(4)).hasSize(1);
    }

    @Test
    void shouldReportEveryProblemOnItsKey() {
        Config config = new PolicySourceConnector().validate(Map.of("policy.source", "kubernetes",
                "policy.kinds", "CiliumNetworkPolicy,Deployment",
                "k8s.list.page.size", "0"));

        assertThat(errors(config, "policy.kinds")).singleElement().asString().contains("Deployment");
        assertThat(errors(config, "k8s.list.page.size")).hasSize(1);
        assertThat(errors(config, "directory.path")).isEmpty();
    }

    @Test
    void shouldRequireADirectoryForTheDirectorySource() {
        assertThat(errors(new PolicySourceConnector().validate(Map.of()), "directory.path"))
                .containsExactly("the directory source needs a directory");
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElseThrow();
    }
}
