package io.flowaudit.policy.eval;

import static io.flowaudit.policy.eval.Scenario.CLIENT;
import static io.flowaudit.policy.eval.Scenario.SERVER;
import static io.flowaudit.policy.eval.Scenario.given;
import static io.flowaudit.policy.eval.Scenario.pod;
import static io.flowaudit.policy.eval.Scenario.tcp;
import static io.flowaudit.policy.eval.Scenario.to;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.compile.ReasonCode;
import io.flowaudit.policy.model.Section;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Semantics §1: policy objects (R1-R7). */
class PolicyObjectsTest {
    static final String EXAMPLE_1 = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: web, namespace: app}
            spec:
              endpointSelector: {matchLabels: {role: server}}
              ingress:
              - fromEndpoints: [{matchLabels: {role: client}}]
                toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
            specs:
            - endpointSelector: {matchLabels: {role: server}}
              egress: [{toEntities: [world]}]
            """;

    @Test
    @DisplayName("R1 Example 1: spec and specs are both rules of one CNP")
    void specAndSpecsBothApply() {
        Scenario s = given(EXAMPLE_1);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 8080))).isEqualTo(Verdict.ALLOWED);
        Decision d = s.decide(tcp(CLIENT, SERVER, 9090));
        assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(d.reason()).isEqualTo(ReasonCode.DEFAULT_DENY);
        assertThat(s.verdict(to(SERVER, Scenario.WORLD, "198.51.100.7", Protocol.TCP, 443))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(SERVER, CLIENT, 80))).as("client is not world").isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R1: a CNP selects only endpoints of its own namespace")
    void cnpDoesNotSelectOtherNamespaces() {
        Scenario s = given(EXAMPLE_1);
        assertThat(s.verdict(tcp(CLIENT, pod("other", "role=server"), 9090))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R2: a CCNP selects endpoints in every namespace")
    void ccnpSelectsAcrossNamespaces() {
        Scenario s = given("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: servers}
                spec:
                  endpointSelector: {matchLabels: {role: server}}
                  ingress: [{fromEndpoints: [{matchLabels: {role: client}}]}]
                """);
        assertThat(s.verdict(tcp(pod("a", "role=client"), pod("b", "role=server"), 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(pod("a", "role=other"), pod("b", "role=server"), 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R5/R76: a decision names the policy, the rule index over spec+specs and the section")
    void decisionNamesPolicyRuleAndSection() {
        Decision d = given(EXAMPLE_1).decide(to(SERVER, Scenario.WORLD, "198.51.100.7", Protocol.TCP, 443));
        assertThat(d.decidedBy()).singleElement().satisfies(r -> {
            assertThat(r.policy().key()).isEqualTo("CiliumNetworkPolicy/app/web");
            assertThat(r.ruleIndex()).isEqualTo(1);
            assertThat(r.section()).isEqualTo(Section.EGRESS);
        });
    }

    @Test
    @DisplayName("R7: rules of several objects are unioned, order does not matter")
    void rulesOfAllObjectsAreUnioned() {
        String a = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: a, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {role: server}}
                  ingress: [{fromEndpoints: [{matchLabels: {role: client}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]
                """;
        String b = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: b, namespace: app}
                spec:
                  podSelector: {matchLabels: {role: server}}
                  ingress: [{ports: [{port: 443}]}]
                """;
        for (Scenario s : new Scenario[] {given(a, b), given(b, a)}) {
            assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
            assertThat(s.verdict(tcp(Scenario.WORLD, SERVER, 443))).isEqualTo(Verdict.ALLOWED);
            assertThat(s.verdict(tcp(CLIENT, SERVER, 22))).isEqualTo(Verdict.DENIED);
        }
    }
}
