package io.flowaudit.policy.eval;

import static io.flowaudit.policy.eval.Scenario.CLIENT;
import static io.flowaudit.policy.eval.Scenario.HOST;
import static io.flowaudit.policy.eval.Scenario.KUBE_DNS;
import static io.flowaudit.policy.eval.Scenario.REMOTE_NODE;
import static io.flowaudit.policy.eval.Scenario.SERVER;
import static io.flowaudit.policy.eval.Scenario.WORLD;
import static io.flowaudit.policy.eval.Scenario.given;
import static io.flowaudit.policy.eval.Scenario.pod;
import static io.flowaudit.policy.eval.Scenario.podInCluster;
import static io.flowaudit.policy.eval.Scenario.tcp;
import static io.flowaudit.policy.eval.Scenario.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.EngineOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Semantics §2: identities, labels, selectors and namespace/cluster defaulting (R8-R18). */
class SelectorSemanticsTest {
    static String serverIngressFrom(String kind, String peers) {
        String meta = kind.equals("CiliumNetworkPolicy") ? "{name: p, namespace: app}" : "{name: p}";
        return "apiVersion: cilium.io/v2\nkind: " + kind + "\nmetadata: " + meta + "\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: server}}\n  ingress:\n  - fromEndpoints:\n" + peers;
    }

    @Test
    @DisplayName("R9 edge 28: a selector on a filtered label key never matches")
    void filteredLabelKeyNeverMatches() {
        Scenario s = given(serverIngressFrom("CiliumNetworkPolicy", "    - matchLabels: {pod-template-hash: abc}\n"));
        assertThat(s.verdict(tcp(pod("app", "role=client", "pod-template-hash=abc"), SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R12/R13: k8s: prefixed keys match only k8s labels; unprefixed keys match any source")
    void sourcePrefixesRestrictMatching() {
        Scenario s = given(serverIngressFrom("CiliumNetworkPolicy", "    - matchLabels: {k8s:role: client}\n"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(pod("app", "container:role=client"), SERVER, 80))).isEqualTo(Verdict.DENIED);
        Scenario any = given(serverIngressFrom("CiliumNetworkPolicy", "    - matchLabels: {role: client}\n"));
        assertThat(any.verdict(tcp(pod("app", "container:role=client"), SERVER, 80))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R13: In, NotIn, Exists and DoesNotExist; NotIn and DoesNotExist hold when the key is absent")
    void matchExpressionOperators() {
        Scenario s = given(serverIngressFrom("CiliumNetworkPolicy", """
                    - matchExpressions:
                      - {key: tier, operator: In, values: [web, api]}
                      - {key: env, operator: NotIn, values: [prod]}
                      - {key: team, operator: Exists}
                      - {key: legacy, operator: DoesNotExist}
                """));
        assertThat(s.verdict(tcp(pod("app", "tier=web", "team=a"), SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(pod("app", "tier=api", "team=a", "env=dev"), SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(pod("app", "tier=web", "team=a", "env=prod"), SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(pod("app", "tier=web"), SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(pod("app", "tier=web", "team=a", "legacy=1"), SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(pod("app", "tier=db", "team=a"), SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R13: label values compare case-sensitively")
    void valuesAreCaseSensitive() {
        Scenario s = given(serverIngressFrom("CiliumNetworkPolicy", "    - matchLabels: {role: Client}\n"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R15 edge 29: an unprefixed namespace key in a CNP subject for another namespace selects nothing")
    void unprefixedNamespaceInSubjectSelectsNothing() {
        Scenario s = given("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: p, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {io.kubernetes.pod.namespace: other}}
                  ingress: [{}]
                """);
        assertThat(s.decide(tcp(CLIENT, pod("other", "role=server"), 80)).ingress().outcome().name()).isEqualTo("NOT_ENFORCED");
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R15: a k8s:-prefixed namespace in a CNP subject is overwritten by the policy namespace")
    void prefixedNamespaceInSubjectIsOverwritten() {
        Scenario s = given("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: p, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: other}}
                  ingress: [{}]
                """);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).as("selects every pod of app").isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(CLIENT, pod("other", "role=server"), 80))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R16 Example 2: CNP peers get the policy namespace unless they name one, use namespace labels or reserved keys")
    void cnpPeerNamespaceDefaulting() {
        Scenario s = given(serverIngressFrom("CiliumNetworkPolicy", """
                    - matchLabels: {role: client}
                    - matchLabels: {k8s:io.kubernetes.pod.namespace: mon, app.kubernetes.io/name: prom}
                    - matchLabels: {io.cilium.k8s.namespace.labels.team: blue}
                    - matchLabels: {reserved:remote-node: ""}
                """));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(pod("dev", "role=client"), SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(pod("mon", "app.kubernetes.io/name=prom"), SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(pod("blue", "io.cilium.k8s.namespace.labels.team=blue"), SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(REMOTE_NODE, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R16 edge 5: kube-dns without a namespace label is looked for in the policy namespace")
    void kubeDnsWithoutNamespaceIsNotFound() {
        Scenario s = given("""
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: p, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {role: client}}
                  egress:
                  - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]
                    toPorts: [{ports: [{port: "53", protocol: ANY}]}]
                """);
        assertThat(s.verdict(udp(CLIENT, KUBE_DNS, 53))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R17 edge 6: a CCNP {} peer matches every pod but not world, host or remote nodes")
    void ccnpEmptyPeerMatchesPodsOnly() {
        Scenario s = given("""
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: p}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEndpoints: [{}]}]
                """);
        assertThat(s.verdict(tcp(pod("x", "a=b"), SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(WORLD, SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(REMOTE_NODE, SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R16 edge 4: a CNP fromEndpoints {} is same-namespace only; the local host still gets in (R26)")
    void cnpEmptyPeerIsSameNamespace() {
        Scenario s = given(serverIngressFrom("CiliumNetworkPolicy", "    - {}\n"));
        assertThat(s.verdict(tcp(pod("other", "a=b"), SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(HOST, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R18: with policy-default-local-cluster on, peers of another cluster do not match; off, they do")
    void localClusterFilter() {
        String p = serverIngressFrom("CiliumNetworkPolicy", "    - matchLabels: {role: client}\n");
        var remote = podInCluster("app", "east", "role=client");
        assertThat(given(p).verdict(tcp(remote, SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(given(p).with(EngineOptions.defaults().withPolicyDefaultLocalCluster(false)).verdict(tcp(remote, SERVER, 80)))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(given(p).with(EngineOptions.defaults().withVersion(CiliumVersion.V1_18)).verdict(tcp(remote, SERVER, 80)))
                .as("1.18 default is off").isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R13/R18 edge 8: NotIn matches world only when the cluster filter is off")
    void notInNamespaceAndWorld() {
        String p = serverIngressFrom("CiliumNetworkPolicy", """
                    - matchExpressions: [{key: io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}]
                """);
        assertThat(given(p).verdict(tcp(WORLD, SERVER, 80))).isEqualTo(Verdict.DENIED);
        assertThat(given(p).with(EngineOptions.defaults().withPolicyDefaultLocalCluster(false)).verdict(tcp(WORLD, SERVER, 80)))
                .isEqualTo(Verdict.ALLOWED);
    }
}
