package io.flowaudit.policy.advise;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.policy.model.IdentityCache;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Static checks besides DNS: shadowed allows, odd port rules, selectors that match nothing seen. */
class PolicyLintTest {
    static String server(String body) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: server}}\n" + body;
    }

    @Test
    @DisplayName("R61: an allow covered by a deny of the same subject is shadowed")
    void shadowedAllow() {
        var policies = DnsAdvisorTest.parse(server("""
                  ingress: [{fromEndpoints: [{matchLabels: {role: client}}], toPorts: [{ports: [{port: "22", protocol: TCP}]}]}]
                  ingressDeny: [{toPorts: [{ports: [{port: "0", protocol: ANY}]}]}]
                """));
        assertThat(new PolicyLint(policies).check(List.of())).extracting(Finding::type)
                .containsExactly(FindingType.SHADOWED_BY_DENY);
    }

    @Test
    @DisplayName("R61: a deny on other ports does not shadow")
    void partialDenyDoesNotShadow() {
        var policies = DnsAdvisorTest.parse(server("""
                  ingress: [{fromEndpoints: [{matchLabels: {role: client}}], toPorts: [{ports: [{port: "22", protocol: TCP}]}]}]
                  ingressDeny: [{toPorts: [{ports: [{port: "23", protocol: TCP}]}]}]
                """));
        assertThat(new PolicyLint(policies).check(List.of())).isEmpty();
    }

    @Test
    @DisplayName("R38/R40: an empty toPorts entry and port 0 next to specific ports are flagged")
    void suspiciousPorts() {
        var policies = DnsAdvisorTest.parse(server("""
                  ingress:
                  - fromEndpoints: [{matchLabels: {role: client}}]
                    toPorts: [{}]
                  - fromEndpoints: [{matchLabels: {role: client}}]
                    toPorts: [{ports: [{port: "0", protocol: TCP}, {port: "80", protocol: TCP}]}]
                """));
        assertThat(new PolicyLint(policies).check(List.of())).extracting(Finding::type)
                .containsExactly(FindingType.SUSPICIOUS_PORT, FindingType.SUSPICIOUS_PORT);
    }

    @Test
    @DisplayName("a subject selector that matches no endpoint seen in the flows is reported")
    void selectorMatchingNothingSeen() {
        var policies = DnsAdvisorTest.parse(server("  ingress: [{}]\n"));
        IdentityCache ids = new IdentityCache();
        var seenClient = ids.resolve(1, Workloads.podLabels("app", "default", "default", List.of("k8s:role=client")));
        var seenServer = ids.resolve(2, Workloads.podLabels("app", "default", "default", List.of("k8s:role=server")));
        assertThat(new PolicyLint(policies).check(List.of(seenClient))).extracting(Finding::type)
                .containsExactly(FindingType.SELECTOR_MATCHES_NOTHING);
        assertThat(new PolicyLint(policies).check(List.of(seenClient, seenServer))).isEmpty();
    }
}
