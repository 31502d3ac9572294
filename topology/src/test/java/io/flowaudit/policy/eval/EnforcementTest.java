package io.flowaudit.policy.eval;

import static io.flowaudit.policy.eval.Scenario.CLIENT;
import static io.flowaudit.policy.eval.Scenario.HEALTH;
import static io.flowaudit.policy.eval.Scenario.HOST;
import static io.flowaudit.policy.eval.Scenario.SERVER;
import static io.flowaudit.policy.eval.Scenario.WORLD;
import static io.flowaudit.policy.eval.Scenario.given;
import static io.flowaudit.policy.eval.Scenario.reply;
import static io.flowaudit.policy.eval.Scenario.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.Outcome;
import io.flowaudit.policy.compile.ReasonCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Semantics §3: rule selection, default deny, modes, localhost and replies (R19-R27). */
class EnforcementTest {
    static String server(String body) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: server}}\n" + body;
    }

    @Test
    @DisplayName("R19/R22: an endpoint no rule selects is not enforced in either direction")
    void unselectedEndpointIsNotEnforced() {
        Decision d = given(server("  ingress: [{fromEndpoints: [{matchLabels: {role: client}}]}]\n"))
                .decide(tcp(SERVER, CLIENT, 80));
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(d.egress().outcome()).isEqualTo(Outcome.NOT_ENFORCED);
        assertThat(d.ingress().outcome()).isEqualTo(Outcome.NOT_ENFORCED);
    }

    @Test
    @DisplayName("R20/R22: an ingress rule enforces ingress only; egress stays open")
    void directionsAreEnforcedIndependently() {
        Scenario s = given(server("  ingress: [{fromEndpoints: [{matchLabels: {role: client}}]}]\n"));
        assertThat(s.verdict(tcp(SERVER, WORLD, 443))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(WORLD, SERVER, 443))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R23 edge 1: ingress: [{}] enforces default deny and allows nothing")
    void emptyElementDenies() {
        Decision d = given(server("  ingress: [{}]\n")).decide(tcp(CLIENT, SERVER, 80));
        assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(d.reason()).isEqualTo(ReasonCode.DEFAULT_DENY);
        assertThat(d.decidedBy()).as("names the rule that enforces default deny").isNotEmpty();
    }

    @Test
    @DisplayName("R23: ingress: [] creates no entry, so nothing is enforced")
    void emptyListEnforcesNothing() {
        Scenario s = given(server("  ingress: []\n  egress: [{toEntities: [world]}]\n"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R24 edge 21: a deny-only rule still enforces default deny; the denied peer gets 181")
    void denyOnlyRuleLocksDown() {
        Scenario s = given(server("  ingressDeny: [{fromEntities: [world]}]\n"));
        Decision client = s.decide(tcp(CLIENT, SERVER, 80));
        assertThat(client.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(client.reason()).isEqualTo(ReasonCode.DEFAULT_DENY);
        assertThat(s.decide(tcp(WORLD, SERVER, 80)).reason()).isEqualTo(ReasonCode.EXPLICIT_DENY);
    }

    @Test
    @DisplayName("R21/R22 Example 3: enableDefaultDeny false keeps the direction open; deny entries still deny")
    void nonDefaultDenyPolicy() {
        Scenario s = given(server("  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEntities: [world]}]\n"));
        assertThat(s.verdict(tcp(WORLD, SERVER, 80))).isEqualTo(Verdict.DENIED);
        Decision d = s.decide(tcp(CLIENT, SERVER, 80));
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(d.reason()).isEqualTo(ReasonCode.ALLOWED_NOT_DEFAULT_DENY);
    }

    @Test
    @DisplayName("R22: one default-deny rule wins over a non-default-deny rule for the same endpoint")
    void anyDefaultDenyFlagMakesTheDirectionDefaultDeny() {
        Scenario s = given(server("  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEntities: [world]}]\n"),
                server("  ingress: [{fromEndpoints: [{matchLabels: {role: other}}]}]\n").replace("name: p", "name: q"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R21: with enable-non-default-deny-policies off, enableDefaultDeny false is ignored")
    void nonDefaultDenyCanBeDisabled() {
        Scenario s = given(server("  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEntities: [world]}]\n"))
                .with(EngineOptions.defaults().withEnableNonDefaultDenyPolicies(false));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R25: enable-policy=always denies without any rule; never allows everything")
    void enforcementModes() {
        String p = server("  ingress: [{}]\n");
        assertThat(given().with(EngineOptions.defaults().withEnablePolicy(EngineOptions.EnforcementMode.ALWAYS))
                .verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(given(p).with(EngineOptions.defaults().withEnablePolicy(EngineOptions.EnforcementMode.NEVER))
                .verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R25: an init endpoint is always default deny")
    void initIdentityIsAlwaysDefaultDeny() {
        assertThat(given().verdict(tcp(Scenario.reserved(5, "reserved:init"), WORLD, 443))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R26 edge 24: the local host reaches a default-deny pod; an explicit deny of host overrides it")
    void localhostShortcut() {
        String allow = server("  ingress: [{fromEndpoints: [{matchLabels: {role: client}}]}]\n");
        Decision d = given(allow).decide(tcp(HOST, SERVER, 8080));
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(d.reason()).isEqualTo(ReasonCode.ALLOWED_LOCALHOST);
        String deny = server("  ingress: [{fromEndpoints: [{matchLabels: {role: client}}]}]\n"
                + "  ingressDeny: [{fromEntities: [host]}]\n");
        assertThat(given(deny).verdict(tcp(HOST, SERVER, 8080))).isEqualTo(Verdict.DENIED);
        assertThat(given(allow).with(EngineOptions.defaults().withAllowLocalhost(false)).verdict(tcp(HOST, SERVER, 8080)))
                .isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R26: the localhost shortcut does not apply to egress")
    void localhostShortcutIsIngressOnly() {
        String p = server("  egress: [{toEntities: [world]}]\n");
        assertThat(given(p).verdict(tcp(SERVER, HOST, 10250))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R27 edge 26: replies are never checked")
    void repliesAreNeverChecked() {
        Scenario s = given(server("  egress: [{}]\n  ingress: [{}]\n"));
        var request = tcp(CLIENT, SERVER, 80);
        assertThat(s.verdict(request)).isEqualTo(Verdict.DENIED);
        Decision d = s.decide(reply(request));
        assertThat(d.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(d.reason()).isEqualTo(ReasonCode.REPLY);
    }

    @Test
    @DisplayName("R19 edge 30: a CCNP with endpointSelector {} selects the health endpoint too")
    void ccnpSelectsHealthEndpoint() {
        Scenario s = given("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: p}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEndpoints: [{}]}]
                """);
        assertThat(s.verdict(tcp(HEALTH, HEALTH, 4240))).isEqualTo(Verdict.DENIED);
    }
}
