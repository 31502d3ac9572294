package io.flowaudit.policy.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.Identity;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.parse.PolicyParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A subject's rule selection survives export and import (the compiled-subjects store of the topology). */
class CompiledSubjectsTest {
    static final String POLICY = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: p, namespace: app}
            spec:
              endpointSelector: {matchLabels: {role: server}}
              ingress: [{fromEndpoints: [{matchLabels: {role: client}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]
              egress: [{toEntities: [world]}]
            """;

    final IdentityCache ids = new IdentityCache();
    final Identity server = ids.resolve(300, List.of("k8s:io.cilium.k8s.policy.cluster=default",
            "k8s:io.kubernetes.pod.namespace=app", "k8s:role=server"));
    final Identity client = ids.resolve(301, List.of("k8s:io.cilium.k8s.policy.cluster=default",
            "k8s:io.kubernetes.pod.namespace=app", "k8s:role=client"));

    PolicyTables compile() {
        List<Policy> p = new PolicyParser().parse("p.yaml", POLICY).policies();
        return new PolicyCompiler(EngineOptions.defaults()).compile(p, 7);
    }

    Outcome ingress(PolicyTables t, int port) {
        return t.verdict(Direction.INGRESS, server, List.of(), client, null, "n", 0, FqdnNames.NONE, Protocol.TCP, port)
                .outcome();
    }

    @Test
    void shouldGiveTheSameVerdictsAfterImportingAnExportedSubject() {
        PolicyTables first = compile();
        assertThat(first.exportSubject(server)).as("not resolved yet").isEmpty();
        ingress(first, 80);
        String exported = first.exportSubject(server).orElseThrow();
        assertThat(exported).contains(";");

        PolicyTables restarted = compile();
        restarted.importSubject(server, exported);
        assertThat(restarted.exportSubject(server)).contains(exported);
        assertThat(ingress(restarted, 80)).isEqualTo(Outcome.ALLOWED);
        assertThat(ingress(restarted, 81)).isEqualTo(Outcome.DENIED);
        assertThat(restarted.directionState(Direction.EGRESS, server, List.of()).orElseThrow().defaultDeny()).isTrue();
    }

    @Test
    void shouldIgnoreMalformedOrMismatchedStoredSelections() {
        PolicyTables t = compile();
        t.importSubject(server, "not;numbers,x");
        t.importSubject(server, "999;");
        t.importSubject(server, "garbage");
        assertThat(t.exportSubject(server)).isEmpty();
        assertThat(ingress(t, 80)).isEqualTo(Outcome.ALLOWED);
    }
}
