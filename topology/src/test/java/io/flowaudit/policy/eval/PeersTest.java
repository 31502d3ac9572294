package io.flowaudit.policy.eval;

import static io.flowaudit.policy.eval.Scenario.CLIENT;
import static io.flowaudit.policy.eval.Scenario.HOST;
import static io.flowaudit.policy.eval.Scenario.KUBE_APISERVER;
import static io.flowaudit.policy.eval.Scenario.KUBE_DNS;
import static io.flowaudit.policy.eval.Scenario.REMOTE_NODE;
import static io.flowaudit.policy.eval.Scenario.SERVER;
import static io.flowaudit.policy.eval.Scenario.WORLD;
import static io.flowaudit.policy.eval.Scenario.cidr;
import static io.flowaudit.policy.eval.Scenario.given;
import static io.flowaudit.policy.eval.Scenario.tcp;
import static io.flowaudit.policy.eval.Scenario.to;
import static io.flowaudit.policy.eval.Scenario.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.EngineOptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Semantics §4: peers — endpoints, entities, CIDRs, FQDNs, services and nodes (R28-R37). */
class PeersTest {
    static String clientEgress(String elements) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: client}}\n  egress:\n" + elements;
    }

    static String serverIngress(String elements) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: server}}\n  ingress:\n" + elements;
    }

    @Test
    @DisplayName("R29 edge 3: no peer field with ports allows every peer on those ports")
    void peerlessElementWithPortsAllowsAnyPeer() {
        Scenario s = given(serverIngress("  - toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n"));
        assertThat(s.verdict(tcp(WORLD, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(WORLD, SERVER, 81))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R29 edge 2: an explicit empty peer list selects nothing, even with ports")
    void emptyPeerListSelectsNothing() {
        Scenario s = given(serverIngress("  - fromEndpoints: []\n    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R30: world selects world and CIDR identities, not pods or nodes")
    void worldEntity() {
        Scenario s = given(clientEgress("  - toEntities: [world]\n"));
        assertThat(s.verdict(tcp(CLIENT, WORLD, 443))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, cidr("10.9.0.0/16"), "10.9.1.1", Protocol.TCP, 443))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 443))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(CLIENT, HOST, 443))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R30 edge 7: cluster selects every local-cluster pod and the node identities; entities are not namespaced")
    void clusterEntity() {
        Scenario s = given(clientEgress("  - toEntities: [cluster]\n"));
        assertThat(s.verdict(udp(CLIENT, KUBE_DNS, 53))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, HOST, 10250))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, REMOTE_NODE, 10250))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, WORLD, 443))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(CLIENT, Scenario.podInCluster("app", "east", "role=server"), 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R30: host, remote-node, kube-apiserver, health, all and none select what they name")
    void otherEntities() {
        assertThat(given(clientEgress("  - toEntities: [host]\n")).verdict(tcp(CLIENT, HOST, 1))).isEqualTo(Verdict.ALLOWED);
        assertThat(given(clientEgress("  - toEntities: [host]\n")).verdict(tcp(CLIENT, REMOTE_NODE, 1))).isEqualTo(Verdict.DENIED);
        assertThat(given(clientEgress("  - toEntities: [remote-node]\n")).verdict(tcp(CLIENT, REMOTE_NODE, 1))).isEqualTo(Verdict.ALLOWED);
        assertThat(given(clientEgress("  - toEntities: [kube-apiserver]\n")).verdict(tcp(CLIENT, KUBE_APISERVER, 6443)))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(given(clientEgress("  - toEntities: [health]\n")).verdict(tcp(CLIENT, Scenario.HEALTH, 4240)))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(given(clientEgress("  - toEntities: [all]\n")).verdict(tcp(CLIENT, SERVER, 1))).isEqualTo(Verdict.ALLOWED);
        assertThat(given(clientEgress("  - toEntities: [none]\n")).verdict(tcp(CLIENT, WORLD, 1))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R31 Example 4: a CIDR set matches inside cidr and outside its except")
    void cidrSetWithExcept() {
        Scenario s = given(clientEgress("  - toCIDRSet: [{cidr: 203.0.113.0/24, except: [203.0.113.128/25]}]\n"));
        assertThat(s.verdict(to(CLIENT, WORLD, "203.0.113.10", Protocol.TCP, 8080))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, WORLD, "203.0.113.200", Protocol.TCP, 8080))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R31 edge 11: except applies to its own entry only")
    void exceptIsPerEntry() {
        Scenario s = given(clientEgress("  - toCIDRSet: [{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}]\n"
                + "  - toCIDR: [10.1.2.0/24]\n"));
        assertThat(s.verdict(to(CLIENT, WORLD, "10.1.2.3", Protocol.TCP, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, WORLD, "10.1.9.9", Protocol.TCP, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R31: a bare address is a /32")
    void bareAddressIsHostPrefix() {
        Scenario s = given(clientEgress("  - toCIDR: [198.51.100.7]\n"));
        assertThat(s.verdict(to(CLIENT, WORLD, "198.51.100.7", Protocol.TCP, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, WORLD, "198.51.100.8", Protocol.TCP, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R32 edge 9: toCIDR never matches a pod inside the range")
    void toCidrDoesNotMatchPodInsideTheRange() {
        Scenario s = given(clientEgress("  - toCIDR: [10.0.0.0/8]\n"));
        assertThat(s.verdict(to(CLIENT, SERVER, "10.0.1.5", Protocol.TCP, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R32: CIDR rules match the peer address, whatever cidr label the captured identity carries")
    void cidrMatchesAddressNotLabel() {
        Scenario s = given(clientEgress("  - toCIDR: [192.168.1.0/24]\n"));
        assertThat(s.verdict(to(CLIENT, cidr("192.168.0.0/16"), "192.168.1.10", Protocol.TCP, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, cidr("192.168.1.0/24"), "192.168.2.10", Protocol.TCP, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R32: node addresses match CIDR rules only with policy-cidr-match-mode=nodes")
    void cidrMatchesNodesOnlyInNodesMode() {
        String p = clientEgress("  - toCIDR: [172.18.0.0/16]\n");
        assertThat(given(p).verdict(tcp(CLIENT, REMOTE_NODE, 10250))).isEqualTo(Verdict.DENIED);
        assertThat(given(p).with(EngineOptions.defaults().withCidrMatchNodes(true)).verdict(tcp(CLIENT, REMOTE_NODE, 10250)))
                .isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R32: IPv4 prefixes never match IPv6 addresses")
    void cidrFamiliesDoNotMix() {
        Scenario s = given(clientEgress("  - toCIDR: [0.0.0.0/0]\n"));
        assertThat(s.verdict(to(CLIENT, WORLD, "2001:db8::1", Protocol.TCP, 443))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(to(CLIENT, WORLD, "192.0.2.1", Protocol.TCP, 443))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R33 edge 33: toFQDNs selects nothing until a DNS rule lets the proxy learn the address")
    void fqdnWithoutDnsProxySelectsNothing() {
        Scenario s = given(clientEgress("""
                  - toFQDNs: [{matchName: api.example.com}]
                  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
                    toPorts: [{ports: [{port: "53", protocol: ANY}]}]
                """));
        assertThat(s.verdict(udp(CLIENT, KUBE_DNS, 53))).isEqualTo(Verdict.ALLOWED);
        s.decide(Scenario.dnsAnswer(CLIENT, KUBE_DNS, "api.example.com.", 300, 1_000_000_000_000L, "198.51.100.20"));
        assertThat(s.verdict(to(CLIENT, WORLD, "198.51.100.20", Protocol.TCP, 443))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R33: toFQDNs allows an address learned through the DNS proxy until its TTL passes (flow time)")
    void fqdnAllowsLearnedAddressUntilTtl() {
        Scenario s = given(clientEgress("""
                  - toFQDNs: [{matchPattern: "*.example.com"}]
                  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
                    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
                """));
        long t0 = 1_000_000_000_000L;
        var conn = to(CLIENT, WORLD, "198.51.100.20", Protocol.TCP, 443);
        assertThat(s.verdict(Scenario.at(conn, t0))).isEqualTo(Verdict.DENIED);
        s.decide(Scenario.dnsAnswer(CLIENT, KUBE_DNS, "api.example.com.", 300, t0, "198.51.100.20"));
        assertThat(s.verdict(Scenario.at(conn, t0 + 1_000_000_000L))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(Scenario.at(conn, t0 + 301_000_000_000L))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R33: a learned address does not match a name pattern it was not resolved for")
    void fqdnLearnedNameMustMatchSelector() {
        Scenario s = given(clientEgress("""
                  - toFQDNs: [{matchName: api.example.com}]
                  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
                    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]
                """));
        s.decide(Scenario.dnsAnswer(CLIENT, KUBE_DNS, "other.example.org.", 300, 1_000_000_000_000L, "198.51.100.20"));
        assertThat(s.verdict(to(CLIENT, WORLD, "198.51.100.20", Protocol.TCP, 443))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R34: toServices cannot be resolved from flows and selects nothing (the parser warns)")
    void toServicesSelectsNothing() {
        Scenario s = given(clientEgress("  - toServices: [{k8sService: {serviceName: db, namespace: app}}]\n"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 5432))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R35: toNodes never selects the local host")
    void toNodesNeverSelectsLocalHost() {
        Scenario s = given(clientEgress("  - toNodes: [{}]\n"))
                .with(EngineOptions.defaults().withPolicyDefaultLocalCluster(false));
        assertThat(s.verdict(tcp(CLIENT, HOST, 10250))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(CLIENT, REMOTE_NODE, 10250))).isEqualTo(Verdict.ALLOWED);
    }
}
