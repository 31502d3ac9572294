package io.flowaudit.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.flowaudit.connect.hubble.HubbleSourceConnector;
import io.flowaudit.connect.policy.PolicySourceConnector;

/** Every key of every source connector is documented and typed; the plugins are registered. */
class ConnectorConfigDefsTest {
    static Stream<SourceConnector> connectors() {
        return Stream.of(new HubbleSourceConnector(), new PolicySourceConnector());
    }

    @ParameterizedTest
    @MethodSource("connectors")
    void shouldDeclareEveryKeyWithTypeAndDoc(SourceConnector connector) {
        ConfigDef def = connector.config();
        assertThat(def.configKeys()).isNotEmpty();
        def.configKeys().values().forEach(key -> {
            assertThat(key.type).as(key.name).isNotNull();
            assertThat(key.documentation).as(key.name).isNotBlank();
        });
        // the connector's own keys (not the shared serde keys) all carry a validator, or are booleans/passwords
        def.configKeys().values().stream().filter(key -> key.group != null)
                .filter(key -> key.type != ConfigDef.Type.BOOLEAN && key.type != ConfigDef.Type.PASSWORD)
                .filter(key -> !List.of("grpc.tls.server.name", "k8s.master.url", "k8s.context", "k8s.namespace")
                        .contains(key.name))
                .forEach(key -> assertThat(key.validator).as(key.name).isNotNull());
    }

    @ParameterizedTest
    @MethodSource("connectors")
    void shouldBeRegisteredAsAServiceAndReportTheVersion(SourceConnector connector) {
        assertThat(ServiceLoader.load(SourceConnector.class).stream().map(ServiceLoader.Provider::type))
                .contains(connector.getClass());
        assertThat(connector.version()).isEqualTo(Version.get());
    }
}
