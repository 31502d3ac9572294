package io.flowaudit.policy.advise;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Flow;
import io.flowaudit.flow.hubble.HubbleJsonReader;
import io.flowaudit.flow.hubble.ReadEvent;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.PolicyCompiler;
import io.flowaudit.policy.compile.PolicyTables;
import io.flowaudit.policy.eval.Decision;
import io.flowaudit.policy.eval.FlowEvaluator;
import io.flowaudit.policy.eval.LearnedNames;
import io.flowaudit.policy.eval.Verdict;
import io.flowaudit.policy.model.IdentityCache;
import io.flowaudit.policy.model.Policy;
import io.flowaudit.policy.parse.ParseResult;
import io.flowaudit.policy.parse.PolicyParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The missing-DNS-rule advisor (semantics §9, R67-R70), statically and from flows. */
class DnsAdvisorTest {
    static final Path SHARED = Path.of(System.getProperty("flowaudit.shared.dir", "../../shared"));

    static List<Policy> parse(String... yaml) {
        List<Policy> out = new ArrayList<>();
        for (String y : yaml) {
            ParseResult r = new PolicyParser().parse("test.yaml", y);
            assertThat(r.errors()).isEmpty();
            out.addAll(r.policies());
        }
        return out;
    }

    static PolicyTables tables(List<Policy> policies) {
        return new PolicyCompiler(EngineOptions.defaults()).compile(policies, 1);
    }

    static List<Finding> advise(String... yaml) {
        return new DnsAdvisor(tables(parse(yaml))).advise(List.of());
    }

    static String egress(String elements) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: app1-egress, namespace: dev}\n"
                + "spec:\n  endpointSelector: {matchLabels: {app: app1}}\n  egress:\n" + elements;
    }

    static final String KUBE_DNS_PEER = "  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system,"
            + " k8s:k8s-app: kube-dns}}]\n";

    @Test
    @DisplayName("R67/R69: lint on the seed's CIDR-only egress policy reports the missing DNS rule, and its fix makes"
            + " the seed corpus's DNS flows ALLOWED")
    void missingDnsFixRoundTrip() throws IOException {
        Path caseDir = SHARED.resolve("conformance/seed/s01-egress-cidr-and-cidrset-except");
        String policy = Files.readString(caseDir.resolve("policies/app1-egress-cidrs.yaml"));
        List<Finding> findings = advise(policy);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.MISSING_DNS_RULE);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.namespace()).isEqualTo("dev");
            assertThat(f.policies()).extracting(p -> p.name()).containsExactly("app1-egress-cidrs");
            assertThat(f.fix()).contains("k8s:k8s-app: kube-dns").contains("protocol: ANY");
        });
        List<Flow> dnsFlows = dnsFlowsOfApp1(SHARED.resolve("conformance/seed/s06-egress-default-deny-breaks-dns/flows.jsonl"));
        assertThat(dnsFlows).hasSizeGreaterThanOrEqualTo(2);
        FlowEvaluator before = new FlowEvaluator(tables(parse(policy)), new IdentityCache(), new LearnedNames());
        assertThat(dnsFlows).allSatisfy(f -> assertThat(before.decide(f).verdict()).isEqualTo(Verdict.DENIED));
        FlowEvaluator after = new FlowEvaluator(tables(parse(policy, findings.get(0).fix())), new IdentityCache(),
                new LearnedNames());
        assertThat(dnsFlows).allSatisfy(f -> assertThat(after.decide(f).verdict()).isEqualTo(Verdict.ALLOWED));
        assertThat(advise(policy, findings.get(0).fix())).isEmpty();
    }

    private static List<Flow> dnsFlowsOfApp1(Path flows) throws IOException {
        List<Flow> out = new ArrayList<>();
        new HubbleJsonReader().read(flows, ev -> {
            if (ev instanceof ReadEvent.ParsedFlow pf && pf.flow().destinationPort() == 53
                    && pf.flow().source().labels().contains("k8s:app=app1")) {
                out.add(pf.flow());
            }
        });
        return out;
    }

    @Test
    @DisplayName("R68: a DNS allow with protocol ANY and the namespace named satisfies the check")
    void correctDnsAllowHasNoFinding() {
        assertThat(advise(egress(KUBE_DNS_PEER + "    toPorts: [{ports: [{port: \"53\", protocol: ANY}]}]\n"))).isEmpty();
    }

    @Test
    @DisplayName("R69 edge 31: UDP only is a warning about the TCP retry")
    void udpOnlyIsMissingTcp() {
        assertThat(advise(egress(KUBE_DNS_PEER + "    toPorts: [{ports: [{port: \"53\", protocol: UDP}]}]\n")))
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(FindingType.MISSING_DNS_TCP);
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                });
    }

    @Test
    @DisplayName("R16 edge 5: a kube-dns selector without namespace does not count as a DNS allowance")
    void kubeDnsWithoutNamespaceIsStillMissing() {
        assertThat(advise(egress("  - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n"
                + "    toPorts: [{ports: [{port: \"53\", protocol: ANY}]}]\n")))
                .extracting(Finding::type).containsExactly(FindingType.MISSING_DNS_RULE);
    }

    @Test
    @DisplayName("R69: entity allowances that cover kube-dns count (cluster, all)")
    void entityAllowancesCount() {
        assertThat(advise(egress("  - toEntities: [cluster]\n"))).isEmpty();
        assertThat(advise(egress("  - toEntities: [all]\n"    + "    toPorts: [{ports: [{port: \"53\", protocol: ANY}]}]\n"))).isEmpty();
        assertThat(advise(egress("  - toEntities: [world]\n"))).extracting(Finding::type)
                .containsExactly(FindingType.MISSING_DNS_RULE);
    }

    @Test
    @DisplayName("R69: a CCNP that allows DNS for every pod covers CNP subjects")
    void clusterwideDnsAllowCounts() {
        String ccnp = """
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: dns}
                spec:
                  endpointSelector: {}
                  egress:
                  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]
                    toPorts: [{ports: [{port: "53", protocol: ANY}]}]
                """;
        assertThat(advise(egress("  - toCIDR: [10.0.0.0/8]\n"), ccnp)).isEmpty();
    }

    @Test
    @DisplayName("R69: an egress deny of kube-dns is reported even though an allow exists")
    void denyOfKubeDnsIsReported() {
        String p = egress(KUBE_DNS_PEER + "    toPorts: [{ports: [{port: \"53\", protocol: ANY}]}]\n")
                + "  egressDeny:\n" + KUBE_DNS_PEER;
        assertThat(advise(p)).extracting(Finding::type).containsExactly(FindingType.MISSING_DNS_RULE);
    }

    @Test
    @DisplayName("R69: kube-dns in ingress default deny blocks DNS; the fix is an ingress rule on kube-dns")
    void kubeDnsIngressDefaultDeny() {
        String lockdown = """
                apiVersion: cilium.io/v2
                kind: CiliumClusterwideNetworkPolicy
                metadata: {name: lockdown}
                spec:
                  endpointSelector: {}
                  ingress: [{fromEntities: [world]}]
                """;
        String p = egress(KUBE_DNS_PEER + "    toPorts: [{ports: [{port: \"53\", protocol: ANY}]}]\n");
        assertThat(advise(p, lockdown)).anySatisfy(f -> {
            assertThat(f.type()).isEqualTo(FindingType.MISSING_DNS_RULE);
            assertThat(f.fix()).contains("namespace: kube-system").contains("ingress:");
        });
    }

    @Test
    @DisplayName("R33/R69: toFQDNs without a DNS rule is MISSING_DNS_PROXY, and the fix carries DNS visibility")
    void fqdnWithoutDnsProxy() {
        String p = egress("  - toFQDNs: [{matchName: api.example.com}]\n" + KUBE_DNS_PEER
                + "    toPorts: [{ports: [{port: \"53\", protocol: ANY}]}]\n");
        assertThat(advise(p)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.MISSING_DNS_PROXY);
            assertThat(f.fix()).contains("matchPattern: \"*\"");
        });
        String ok = egress("  - toFQDNs: [{matchName: api.example.com}]\n" + KUBE_DNS_PEER
                + "    toPorts: [{ports: [{port: \"53\", protocol: ANY}], rules: {dns: [{matchPattern: \"*\"}]}}]\n");
        assertThat(advise(ok)).isEmpty();
    }

    @Test
    @DisplayName("R70: denied DNS flows raise one alert per subject, with count and first/last seen")
    void flowAlertsAreDeduplicated() throws IOException {
        String policy = Files.readString(SHARED.resolve(
                "conformance/seed/s01-egress-cidr-and-cidrset-except/policies/app1-egress-cidrs.yaml"));
        IdentityCache ids = new IdentityCache();
        FlowEvaluator ev = new FlowEvaluator(tables(parse(policy)), ids, new LearnedNames());
        DnsAlertTracker tracker = new DnsAlertTracker(ids);
        List<Flow> flows = dnsFlowsOfApp1(SHARED.resolve("conformance/seed/s06-egress-default-deny-breaks-dns/flows.jsonl"));
        int evidence = 0;
        for (Flow f : flows) {
            Decision d = ev.decide(f);
            evidence += tracker.observe(f, d).isPresent() ? 1 : 0;
        }
        assertThat(evidence).isEqualTo(flows.size());
        assertThat(tracker.findings()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(FindingType.MISSING_DNS_RULE);
            assertThat(f.count()).isEqualTo(flows.size());
            assertThat(f.firstSeenNanos()).isEqualTo(flows.get(0).timeNanos());
            assertThat(f.lastSeenNanos()).isEqualTo(flows.get(flows.size() - 1).timeNanos());
            assertThat(f.message()).contains("kube-dns");
            assertThat(f.fix()).contains("app: app1");
        });
    }
}
