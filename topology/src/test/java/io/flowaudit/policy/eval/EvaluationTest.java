package io.flowaudit.policy.eval;

import static io.flowaudit.policy.eval.Scenario.CLIENT;
import static io.flowaudit.policy.eval.Scenario.SERVER;
import static io.flowaudit.policy.eval.Scenario.WORLD;
import static io.flowaudit.policy.eval.Scenario.given;
import static io.flowaudit.policy.eval.Scenario.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.FlowType;
import io.flowaudit.flow.ObservedVerdict;
import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.compile.Outcome;
import io.flowaudit.policy.compile.ReasonCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Semantics §8: identities, per-direction verdicts and the end-to-end verdict (R63-R66). */
class EvaluationTest {
    static final String CLIENT_EGRESS_80 = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: client-out, namespace: app}
            spec:
              endpointSelector: {matchLabels: {role: client}}
              egress: [{toEndpoints: [{matchLabels: {role: server}}], toPorts: [{ports: [{port: "80", protocol: TCP}]}]}]
            """;
    static final String SERVER_INGRESS_8080 = """
            apiVersion: cilium.io/v2
            kind: CiliumNetworkPolicy
            metadata: {name: server-in, namespace: app}
            spec:
              endpointSelector: {matchLabels: {role: server}}
              ingress: [{fromEndpoints: [{matchLabels: {role: client}}], toPorts: [{ports: [{port: "8080", protocol: TCP}]}]}]
            """;

    @Test
    @DisplayName("R65: a connection needs the source's egress AND the destination's ingress")
    void bothDirectionsMustAllow() {
        Scenario s = given(CLIENT_EGRESS_80, SERVER_INGRESS_8080);
        Decision at80 = s.decide(tcp(CLIENT, SERVER, 80));
        assertThat(at80.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(at80.egress().outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(at80.ingress().outcome()).isEqualTo(Outcome.DENIED);
        Decision at8080 = s.decide(tcp(CLIENT, SERVER, 8080));
        assertThat(at8080.egress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(at8080.verdict()).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R65: a non-endpoint side is not checked")
    void worldSideIsNotChecked() {
        Decision d = given(SERVER_INGRESS_8080).decide(tcp(WORLD, SERVER, 8080));
        assertThat(d.egress().outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
        assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R64: the first failing check decides; egress is reported before ingress")
    void egressDenialIsReportedFirst() {
        Decision d = given(CLIENT_EGRESS_80, SERVER_INGRESS_8080).decide(tcp(CLIENT, SERVER, 22));
        assertThat(d.reason()).isEqualTo(ReasonCode.DEFAULT_DENY);
        assertThat(d.detail()).startsWith("egress of app/identity");
    }

    @Test
    @DisplayName("R63: a flow without labels falls back to its reserved numeric identity")
    void reservedIdentityWithoutLabels() {
        Flow f = Scenario.flow(Scenario.reserved(2), "203.0.113.1", SERVER, Scenario.ip(SERVER), Protocol.TCP, 8080);
        Decision d = given(SERVER_INGRESS_8080).decide(f);
        assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R66: audit mode changes what the datapath does, not what the policy set says")
    void observedAuditDoesNotChangeTheComputedVerdict() {
        Flow f = Flow.builder().source(CLIENT).sourceIp(Scenario.ip(CLIENT)).destination(SERVER)
                .destinationIp(Scenario.ip(SERVER)).protocol(Protocol.TCP).destinationPort(22)
                .verdict(ObservedVerdict.AUDIT).build();
        assertThat(given(SERVER_INGRESS_8080).verdict(f)).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("socket-LB translation events are not judged as connections")
    void sockEventsAreNotEvaluated() {
        Flow f = Flow.builder().type(FlowType.SOCK).eventType(7).verdict(ObservedVerdict.TRACED).source(CLIENT)
                .destination(WORLD).destinationIp("10.96.0.10").protocol(Protocol.UDP).destinationPort(53)
                .destinationService("kube-system/kube-dns").build();
        Decision d = given(CLIENT_EGRESS_80).decide(f);
        assertThat(d.verdict()).isEqualTo(Verdict.NOT_EVALUATED);
        assertThat(d.reason()).isEqualTo(ReasonCode.NOT_EVALUATED);
    }

    @Test
    @DisplayName("R43: a service frontend before translation is not judged; policy sees the backend")
    void preDnatServiceAddressIsNotEvaluated() {
        Flow f = Scenario.flow(CLIENT, Scenario.ip(CLIENT), WORLD, "10.96.0.10", Protocol.UDP, 53);
        Flow withService = new Flow(f.timeNanos(), f.uuid(), f.nodeName(), f.verdict(), f.dropReason(), f.type(),
                f.eventType(), f.direction(), f.reply(), f.traceReason(), f.ipVersion(), f.sourceIp(), f.destinationIp(),
                f.protocol(), f.sourcePort(), f.destinationPort(), f.icmpCode(), f.tcpFlags(), f.source(),
                f.destination(), f.destinationNames(), "kube-system/kube-dns", f.nodeLabels(), f.l7());
        assertThat(given(CLIENT_EGRESS_80).verdict(withService)).isEqualTo(Verdict.NOT_EVALUATED);
    }
}
