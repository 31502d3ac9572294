package io.flowaudit.policy.eval;

import static io.flowaudit.policy.eval.Scenario.CLIENT;
import static io.flowaudit.policy.eval.Scenario.SERVER;
import static io.flowaudit.policy.eval.Scenario.WORLD;
import static io.flowaudit.policy.eval.Scenario.given;
import static io.flowaudit.policy.eval.Scenario.ping;
import static io.flowaudit.policy.eval.Scenario.tcp;
import static io.flowaudit.policy.eval.Scenario.to;
import static io.flowaudit.policy.eval.Scenario.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.EngineOptions;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Semantics §5: layer 4 — ports, ranges, protocols, named ports and ICMP (R38-R46). */
class Layer4Test {
    static String serverIngress(String elements) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: server}}\n  ingress:\n" + elements;
    }

    static final String FROM_CLIENT = "  - fromEndpoints: [{matchLabels: {role: client}}]\n";

    @Test
    @DisplayName("R38: ports and port rules are ORed, peer AND port")
    void portsAreOredAndAndedWithPeer() {
        Scenario s = given(serverIngress(FROM_CLIENT
                + "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}, {ports: [{port: \"443\", protocol: TCP}]}]\n"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 443))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 8080))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(WORLD, SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R38 edge 37: toPorts: [{}] adds nothing, so the element allows nothing")
    void emptyPortRuleAllowsNothing() {
        Scenario s = given("apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: app}\n"
                + "spec:\n  endpointSelector: {matchLabels: {role: client}}\n  egress:\n  - toEntities: [world]\n"
                + "    toPorts: [{}]\n");
        assertThat(s.verdict(to(CLIENT, WORLD, "203.0.113.9", Protocol.TCP, 443))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R39 edge 13: an L3-only element allows every protocol, ICMP included")
    void l3OnlyAllowsEverything() {
        Scenario s = given(serverIngress(FROM_CLIENT));
        assertThat(s.verdict(ping(CLIENT, SERVER))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(udp(CLIENT, SERVER, 9999))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, SERVER, Scenario.ip(SERVER), Protocol.VRRP, 0))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R40: port 0 means every port of the protocol")
    void portZeroIsEveryPort() {
        Scenario s = given(serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: \"0\", protocol: UDP}]}]\n"));
        assertThat(s.verdict(udp(CLIENT, SERVER, 1))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(udp(CLIENT, SERVER, 65535))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R41 edge 15: endPort is inclusive; a reversed range is just the port")
    void endPortRanges() {
        Scenario s = given(serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: \"8000\", endPort: 8010, protocol: TCP}]}]\n"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 7999))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 8000))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 8010))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(CLIENT, SERVER, 8011))).isEqualTo(Verdict.DENIED);
        Scenario reversed = given(serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: \"80\", endPort: 70, protocol: TCP}]}]\n"));
        assertThat(reversed.verdict(tcp(CLIENT, SERVER, 80))).isEqualTo(Verdict.ALLOWED);
        assertThat(reversed.verdict(tcp(CLIENT, SERVER, 75))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R42 edge 12: ANY (or no protocol) covers TCP, UDP and SCTP but not ICMP")
    void anyExcludesIcmp() {
        Scenario s = given(serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: \"0\", protocol: ANY}]}]\n"));
        assertThat(s.verdict(ping(CLIENT, SERVER))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(udp(CLIENT, SERVER, 9999))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, SERVER, Scenario.ip(SERVER), Protocol.SCTP, 9999))).isEqualTo(Verdict.ALLOWED);
        Scenario empty = given(serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: \"53\"}]}]\n"));
        assertThat(empty.verdict(udp(CLIENT, SERVER, 53))).isEqualTo(Verdict.ALLOWED);
        assertThat(empty.verdict(tcp(CLIENT, SERVER, 53))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R42 edge 31: a UDP-only DNS rule drops the TCP retry")
    void udpOnlyDropsTcp() {
        Scenario s = given(serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: \"53\", protocol: UDP}]}]\n"));
        assertThat(s.verdict(tcp(CLIENT, SERVER, 53))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R43 edge 27: a named port nobody declared matches nothing; a declared one matches its number")
    void namedPorts() {
        String p = serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: http-alt, protocol: TCP}]}]\n");
        assertThat(given(p).verdict(tcp(CLIENT, SERVER, 8080))).isEqualTo(Verdict.DENIED);
        assertThat(given(p).with(EngineOptions.defaults().withNamedPorts(Map.of("http-alt", 8080)))
                .verdict(tcp(CLIENT, SERVER, 8080))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R44: protocols no port rule can name are covered only by L3-only rules")
    void otherProtocolsNeedL3Only() {
        Scenario s = given(serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: \"0\", protocol: ANY}]}]\n"));
        assertThat(s.verdict(to(CLIENT, SERVER, Scenario.ip(SERVER), Protocol.IGMP, 0))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R45 Example 5: ICMP types by name and number per family; ports and ranges for any peer")
    void example5() {
        Scenario s = given(serverIngress("""
                  - toPorts:
                    - ports: [{port: "8000", endPort: 8100, protocol: TCP}, {port: "53", protocol: ANY}]
                  - fromEndpoints: [{matchLabels: {role: client}}]
                    icmps: [{fields: [{type: EchoRequest}, {family: IPv6, type: 128}]}]
                """));
        assertThat(s.verdict(tcp(WORLD, SERVER, 8100))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(WORLD, SERVER, 8101))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(to(WORLD, SERVER, Scenario.ip(SERVER), Protocol.SCTP, 53))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(ping(CLIENT, SERVER))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, SERVER, Scenario.ip(SERVER), Protocol.ICMPV6, 128))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, SERVER, Scenario.ip(SERVER), Protocol.ICMPV6, 135))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(ping(WORLD, SERVER))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R45 edge 14: EchoReply is type 0, which works as 'every ICMPv4 type'")
    void echoReplyMeansEveryIcmpType() {
        Scenario s = given(serverIngress(FROM_CLIENT + "    icmps: [{fields: [{type: EchoReply}]}]\n"));
        assertThat(s.verdict(ping(CLIENT, SERVER))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(to(CLIENT, SERVER, Scenario.ip(SERVER), Protocol.ICMPV6, 128))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R46: when all allows are port rules, unrelated ICMP is dropped")
    void portRulesDropPing() {
        Scenario s = given(serverIngress(FROM_CLIENT + "    toPorts: [{ports: [{port: \"80\", protocol: TCP}]}]\n"));
        assertThat(s.verdict(ping(CLIENT, SERVER))).isEqualTo(Verdict.DENIED);
    }
}
