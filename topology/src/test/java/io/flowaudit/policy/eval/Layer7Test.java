package io.flowaudit.policy.eval;

import static io.flowaudit.policy.eval.Scenario.CLIENT;
import static io.flowaudit.policy.eval.Scenario.KUBE_DNS;
import static io.flowaudit.policy.eval.Scenario.SERVER;
import static io.flowaudit.policy.eval.Scenario.WORLD;
import static io.flowaudit.policy.eval.Scenario.dnsQuery;
import static io.flowaudit.policy.eval.Scenario.given;
import static io.flowaudit.policy.eval.Scenario.http;
import static io.flowaudit.policy.eval.Scenario.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowaudit.flow.Protocol;
import io.flowaudit.policy.CiliumVersion;
import io.flowaudit.policy.EngineOptions;
import io.flowaudit.policy.compile.ReasonCode;
import io.flowaudit.policy.parse.PolicyParser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Semantics §6: L7 HTTP and DNS rules (R47-R58). */
class Layer7Test {
    static String serverHttp(String rules) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web, namespace: app}\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: server}}\n  ingress:\n"
                + "  - fromEndpoints: [{matchLabels: {role: client}}]\n"
                + "    toPorts: [{ports: [{port: \"80\", protocol: TCP}], rules: {http: " + rules + "}}]\n";
    }

    static String clientDns(String rules) {
        return "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: dns, namespace: app}\nspec:\n"
                + "  endpointSelector: {matchLabels: {role: client}}\n  egress:\n"
                + "  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]\n"
                + "    toPorts: [{ports: [{port: \"53\", protocol: ANY}], rules: {dns: " + rules + "}}]\n";
    }

    @Test
    @DisplayName("R50: the connection is allowed and proxied; a request no rule allows is denied at L7 naming the policy")
    void nonMatchingRequestIsDeniedAtL7() {
        Scenario s = given(serverHttp("[{method: GET, path: /auth}]"));
        Decision l4 = s.decide(tcp(CLIENT, SERVER, 80));
        assertThat(l4.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(l4.reason()).isEqualTo(ReasonCode.ALLOWED_L7_PROXIED);
        assertThat(l4.detail()).contains("L7 proxy").contains("CiliumNetworkPolicy/app/web");
        assertThat(s.verdict(http(CLIENT, SERVER, 80, "GET", "http://server/auth"))).isEqualTo(Verdict.ALLOWED);
        Decision denied = s.decide(http(CLIENT, SERVER, 80, "GET", "http://server/products"));
        assertThat(denied.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(denied.reason()).isEqualTo(ReasonCode.L7_DENIED);
        assertThat(denied.decidedBy()).singleElement().satisfies(r -> assertThat(r.policy().name()).isEqualTo("web"));
    }

    @ParameterizedTest(name = "R48 edge 17: rule {0} vs {1} {2} -> {3}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "[{path: /api}];GET;http://server/api/v1;DENIED",
        "[{path: /api}];GET;http://server/api;ALLOWED",
        "[{path: '/api.*'}];GET;http://server/api/v1;ALLOWED",
        "[{method: get}];GET;http://server/;DENIED",
        "[{method: 'GET|HEAD'}];HEAD;http://server/;ALLOWED",
        "[{path: '/api/v[0-9]+/items'}];GET;http://server/api/v2/items;ALLOWED",
        "[{path: '/api/v[0-9]+/items'}];GET;http://server/api/items;DENIED",
        "[{host: 'server'}];GET;http://server/x;ALLOWED",
        "[{host: 'other'}];GET;http://server/x;DENIED",
        "[{method: GET, path: /a}, {method: POST, path: /b}];POST;http://server/b;ALLOWED",
        "[{method: GET, path: /a}, {method: POST, path: /b}];POST;http://server/a;DENIED",
        "[{}];DELETE;http://server/anything;ALLOWED",
    })
    void httpRuleMatching(String rules, String method, String url, Verdict expected) {
        assertThat(given(serverHttp(rules)).verdict(http(CLIENT, SERVER, 80, method, url))).isEqualTo(expected);
    }

    @Test
    @DisplayName("R48: headers name presence or an exact value; headerMatches fail on mismatch unless told otherwise")
    void headers() {
        Scenario s = given(serverHttp("[{method: POST, path: /login, headers: ['X-Token']}]"));
        assertThat(s.verdict(http(CLIENT, SERVER, 80, "POST", "http://server/login", "X-Token: abc"))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(http(CLIENT, SERVER, 80, "POST", "http://server/login"))).isEqualTo(Verdict.DENIED);
        Scenario exact = given(serverHttp("[{headers: ['X-Env: prod']}]"));
        assertThat(exact.verdict(http(CLIENT, SERVER, 80, "GET", "http://server/", "X-Env: prod"))).isEqualTo(Verdict.ALLOWED);
        assertThat(exact.verdict(http(CLIENT, SERVER, 80, "GET", "http://server/", "X-Env: dev"))).isEqualTo(Verdict.DENIED);
        Scenario logOnly = given(serverHttp("[{headerMatches: [{name: X-Env, value: prod, mismatch: LOG}]}]"));
        assertThat(logOnly.verdict(http(CLIENT, SERVER, 80, "GET", "http://server/", "X-Env: dev"))).isEqualTo(Verdict.ALLOWED);
        Scenario strict = given(serverHttp("[{headerMatches: [{name: X-Env, value: prod}]}]"));
        assertThat(strict.verdict(http(CLIENT, SERVER, 80, "GET", "http://server/", "X-Env: dev"))).isEqualTo(Verdict.DENIED);
    }

    @Test
    @DisplayName("R47 edge 16: HTTP rules on a port without protocol TCP reject the whole object")
    void httpNeedsTcp() {
        String bad = serverHttp("[{method: GET}]").replace(", protocol: TCP", "");
        assertThat(new PolicyParser().parse("bad.yaml", bad).policies()).isEmpty();
    }

    @Test
    @DisplayName("R51 edge 18: an L4-only allow on the same port from another policy makes the HTTP rules moot")
    void l4AllowMakesHttpMoot() {
        String other = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: plain, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {role: server}}
                  ingress:
                  - fromEndpoints: [{matchLabels: {role: client}}]
                    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
                """;
        Scenario s = given(serverHttp("[{method: GET}]"), other);
        assertThat(s.verdict(http(CLIENT, SERVER, 80, "DELETE", "http://server/x"))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.decide(tcp(CLIENT, SERVER, 80)).reason()).as("still proxied").isEqualTo(ReasonCode.ALLOWED_L7_PROXIED);
    }

    @Test
    @DisplayName("R51 edge 19: an L3-only allow makes the HTTP rules moot")
    void l3AllowMakesHttpMoot() {
        String other = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: l3, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {role: server}}
                  ingress: [{fromEndpoints: [{matchLabels: {role: client}}]}]
                """;
        assertThat(given(serverHttp("[{method: GET}]"), other).verdict(http(CLIENT, SERVER, 80, "DELETE", "http://server/x")))
                .isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R55 edge 20: an L3-only allow to the DNS server does not make DNS rules moot")
    void l3AllowDoesNotMakeDnsMoot() {
        String l3 = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: l3, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {role: client}}
                  egress: [{toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: kube-system, k8s:k8s-app: kube-dns}}]}]
                """;
        Scenario s = given(clientDns("[{matchName: example.com}]"), l3);
        assertThat(s.verdict(dnsQuery(CLIENT, KUBE_DNS, Protocol.UDP, "other.org."))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(dnsQuery(CLIENT, KUBE_DNS, Protocol.UDP, "example.com."))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R55: a same-port allow without DNS rules makes the name list moot")
    void samePortAllowMakesDnsMoot() {
        String plain = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: plain, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {role: client}}
                  egress: [{toPorts: [{ports: [{port: "53", protocol: UDP}]}]}]
                """;
        assertThat(given(clientDns("[{matchName: example.com}]"), plain)
                .verdict(dnsQuery(CLIENT, KUBE_DNS, Protocol.UDP, "other.org."))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R53 Example 6: DNS names are case-folded and compared with a trailing dot")
    void dnsNamesAreNormalised() {
        Scenario s = given(clientDns("[{matchPattern: '**.example.com'}, {matchName: db.app.svc.cluster.local}]"));
        assertThat(s.verdict(dnsQuery(CLIENT, KUBE_DNS, Protocol.UDP, "a.b.example.com."))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(dnsQuery(CLIENT, KUBE_DNS, Protocol.UDP, "example.com."))).isEqualTo(Verdict.DENIED);
        assertThat(s.verdict(dnsQuery(CLIENT, KUBE_DNS, Protocol.UDP, "DB.App.svc.cluster.local."))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(dnsQuery(CLIENT, KUBE_DNS, Protocol.TCP, "db.app.svc.cluster.local"))).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    @DisplayName("R54 edge 32: a refused query is DENIED with reason L7_DENIED (the client sees REFUSED)")
    void refusedQuery() {
        Decision d = given(clientDns("[{matchName: api.example.com}]"))
                .decide(dnsQuery(CLIENT, KUBE_DNS, Protocol.UDP, "api.example.com.app.svc.cluster.local."));
        assertThat(d.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(d.reason()).isEqualTo(ReasonCode.L7_DENIED);
        assertThat(d.detail()).contains("refused");
    }

    @Test
    @DisplayName("R57 edge 25: without default deny L7 rules do not deny (1.18+); another default-deny rule makes them bite")
    void l7WithoutDefaultDeny() {
        String open = serverHttp("[{path: /ok}]").replace("  ingress:\n", "  enableDefaultDeny: {ingress: false}\n  ingress:\n");
        Scenario s = given(open);
        assertThat(s.verdict(http(CLIENT, SERVER, 80, "GET", "http://server/nope"))).isEqualTo(Verdict.ALLOWED);
        assertThat(s.verdict(tcp(WORLD, SERVER, 22))).isEqualTo(Verdict.ALLOWED);
        String other = """
                apiVersion: cilium.io/v2
                kind: CiliumNetworkPolicy
                metadata: {name: other, namespace: app}
                spec:
                  endpointSelector: {matchLabels: {role: server}}
                  ingress: [{fromEndpoints: [{matchLabels: {role: nobody}}]}]
                """;
        Scenario both = given(open, other);
        assertThat(both.verdict(http(CLIENT, SERVER, 80, "GET", "http://server/nope"))).isEqualTo(Verdict.DENIED);
        assertThat(both.verdict(tcp(WORLD, SERVER, 22))).isEqualTo(Verdict.DENIED);
        assertThat(given(open).with(EngineOptions.defaults().withVersion(CiliumVersion.V1_17))
                .verdict(http(CLIENT, SERVER, 80, "GET", "http://server/nope"))).as("before 1.18 L7 always enforced")
                .isEqualTo(Verdict.DENIED);
    }
}
