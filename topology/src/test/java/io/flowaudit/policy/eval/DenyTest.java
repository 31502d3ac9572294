package io.flowaudit.policy.eval;

import static io.flowaudit.policy.eval.Scenario.CLIENT;
import static io.flowaudit.policy.eval.Scenario.REMOTE_NODE;
import static io.flowaudit.policy.eval.Scenario.SERVER;
import static io.flowaudit.policy.eval.Scenario.WORLD;
import static io.flowaudit.policy.eval.Scenario.given;
import static io.flowaudit.policy.eval.Scenario.tcp;
import static io.flowaudit.policy.eval.Scenario.to;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.compile.ReasonCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Semantics §7: deny rules (R61, R62). */
class DenyTest {
    static String server(String body) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: server}}\n" + body;
    }

    @Test
    @DisplayName("R61/R62 Example 7: a port-scoped deny beats the allow on that port only")
    void example7() {
        Scenario s = given(server("""
                  ingress: [{fromEntities: [cluster]}]
                  ingressDeny:
                  - fromEndpoints: [{matchLabels: {role: client}}]
                    toPorts: [{ports: [{port: "22", protocol: TCP}]}]
                """));
        Decision d = s.decide(tcp(CLIENT, SERVER, 22));
        assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(d.reason()).isEqualTo(ReasonCode.EXPLICIT_DENY);
        assertThat(d.decidedBy()).singleElement().satisfies(r -> assertThat(r.section().fieldName()).isEqualTo("ingressDeny"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(REMOTE_NODE, SERVER, 22))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.decide(tcp(WORLD, SERVER, 80)).reason()).isEqualTo(ReasonCode.DEFAULT_DENY);
    }

    @Test
    @DisplayName("R61 edge 22: a deny beats a more specific allow, from any object")
    void denyBeatsMoreSpecificAllowAcrossObjects() {
        Scenario s = given(server("  ingress: [{fromEndpoints: [{matchLabels: {role: client}}], toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]}]\n"),
                """
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: no-tcp}
                spec:
                  endpointSelector: {matchLabels: {role: server}}
                  ingressDeny: [{toPorts: [{ports: [{port: "0", protocol: TCP}]}]}]
                """);
        assertThat(s.decide(tcp(CLIENT, SERVER, 80)).reason()).isEqualTo(ReasonCode.EXPLICIT_DENY);
    }

    @Test
    @DisplayName("R61 edge 23: a deny beats an L7 allow; no proxy is involved")
    void denyBeatsL7() {
        Scenario s = given(server("""
                  ingress:
                  - fromEndpoints: [{matchLabels: {role: client}}]
                    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{}]}}]
                  ingressDeny: [{fromEndpoints: [{matchLabels: {role: client}}]}]
                """));
        Decision d = s.decide(tcp(CLIENT, SERVER, 80));
        assertThat(d.reason()).isEqualTo(ReasonCode.EXPLICIT_DENY);
        assertThat(d.ingress().gate()).isNull();
    }

    @Test
    @DisplayName("R62: a deny without ports denies every protocol; a deny with ports and no peer denies every peer")
    void denyShapes() {
        Scenario all = given(server("  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{fromEntities: [world]}]\n"));
        assertThat(all.verdict(Scenario.ping(WORLD, SERVER))).isEqualTo(Verdict.DENIED);
        assertThat(all.verdict(tcp(CLIENT, SERVER, 1))).isEqualTo(Verdict.ALLOWED);
        Scenario ports = given(server("  ingress: [{fromEntities: [all]}]\n"
                + "  ingressDeny: [{toPorts: [{ports: [{port: \"23\", protocol: TCP}]}]}]\n"));
        assertThat(ports.verdict(tcp(CLIENT, SERVER, 23))).isEqualTo(Verdict.DENIED);
        assertThat(ports.verdict(tcp(WORLD, SERVER, 23))).isEqualTo(Verdict.DENIED);
        assertThat(ports.verdict(tcp(WORLD, SERVER, 24))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R62: egressDeny with CIDRs and ICMP")
    void egressDenyCidrAndIcmp() {
        Scenario s = given("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: p, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {role: client}}
                  egress: [{toEntities: [world]}]
                  egressDeny:
                  - toCIDR: [10.50.0.1/32]
                    icmps: [{fields: [{type: 8}]}]
                """);
        assertThat(s.verdict(Scenario.flow(CLIENT, Scenario.ip(CLIENT), WORLD, "10.50.0.1", Protocol.ICMPV4, 8)))
                .isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(to(CLIENT, WORLD, "10.50.0.1", Protocol.TCP, 80))).isEqualTo(Verdict.ALLOWED);
    }
}
